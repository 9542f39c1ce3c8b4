import type { Role } from '@medtek/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestDevice } from '../support/clients.js';
import { applyRegistry, startTestServer, TEST_START, twoTeamFixture, type TestServer } from '../support/test-server.js';

describe('REST /api/v1', () => {
  let test: TestServer;
  beforeEach(async () => {
    test = await startTestServer();
    await applyRegistry(test.server, twoTeamFixture());
  });
  afterEach(async () => {
    await test.stop();
  });

  async function call(
    role: Role,
    teams: string[],
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown; text: string }> {
    const token = await test.server.devTokens!.issueDevToken({ sub: `${role}-1`, role, teams }, 600);
    const res = await fetch(`${test.server.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  }

  it('refuses requests without a token as RFC 9457 problems', async () => {
    const res = await fetch(`${test.server.url}/api/v1/citizens`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 401, code: 'auth_required' });
  });

  it('lists only the caller’s team’s citizens and audits every read', async () => {
    const { status, json } = await call('coordinator', ['team-a'], 'GET', '/citizens');
    expect(status).toBe(200);
    expect((json as { id: string }[]).map((c) => c.id)).toEqual(['cit-a1']);
    await test.server.audit.flush();
    const reads = (citizenId: string) =>
      test.server.audit.query({ citizenId }).then((entries) => entries.filter((entry) => entry.action === 'read'));
    expect(await reads('cit-a1')).toEqual([
      expect.objectContaining({ userId: 'coordinator-1', action: 'read', resource: 'citizen' }),
    ]);
    expect(await reads('cit-b1')).toEqual([]);
    // The registry changes that created the citizen are in the log too, with who made them.
    expect(await test.server.audit.query({ citizenId: 'cit-a1' })).toContainEqual(
      expect.objectContaining({ userId: 'admin', action: 'update', resource: 'registry', purpose: 'registry_changed' }),
    );
  });

  it('answers another team’s citizen as not found', async () => {
    expect((await call('coordinator', ['team-a'], 'GET', '/citizens/cit-b1')).status).toBe(404);
  });

  it('provisions a device, returns its secret once, and the device can then authenticate', async () => {
    const created = await call('administrator', [], 'POST', '/devices', {
      deviceId: 'dev-a2',
      type: 'smila',
      teamId: 'team-a',
      citizenId: 'cit-a1',
    });
    expect(created.status).toBe(201);
    const secret = Buffer.from((created.json as { secret: string }).secret, 'hex');
    expect(secret).toHaveLength(32);
    expect(test.server.registry.getDevice('dev-a2')).toBeDefined();
    expect(JSON.stringify(test.server.registry.data)).not.toContain((created.json as { secret: string }).secret);
    const device = await TestDevice.authenticated(test.server.url, 'dev-a2', secret);
    device.send({
      t: 'event',
      deviceId: 'dev-a2',
      seq: 1,
      deviceTime: TEST_START,
      bootId: 'b',
      e: { kind: 'help_requested' },
    });
    expect(await device.frames.nextWhere((f) => f.t === 'ack')).toMatchObject({ upToSeq: 1 });
    device.close();
  });

  it('does not let one team take over another team’s device or citizen, and never shows a secret twice', async () => {
    const takeover = await call('technician', ['team-a'], 'POST', '/devices', {
      deviceId: 'dev-b1',
      type: 'medido',
      teamId: 'team-a',
    });
    expect(takeover.status).toBe(404);
    expect(takeover.text).not.toMatch(/[0-9a-f]{64}/);
    const again = await call('administrator', [], 'POST', '/devices', {
      deviceId: 'dev-a1',
      type: 'medido',
      teamId: 'team-a',
    });
    expect(again.status).toBe(409);
    const move = await call('coordinator', ['team-a'], 'POST', '/citizens', {
      id: 'cit-b1',
      teamId: 'team-a',
      name: 'Borger B1',
      address: 'Sydvej 1',
      staircaseStep: 2,
    });
    expect(move.status).toBe(404);
    expect(test.server.engine.citizens().find((c) => c.id === 'cit-b1')?.teamId).toBe('team-b');
  });

  it('revokes a device: it can no longer authenticate', async () => {
    const created = await call('administrator', [], 'POST', '/devices', {
      deviceId: 'dev-r1',
      type: 'medido',
      teamId: 'team-a',
    });
    const secret = Buffer.from((created.json as { secret: string }).secret, 'hex');
    expect((await call('superuser', ['team-a'], 'DELETE', '/devices/dev-r1')).status).toBe(204);
    const device = await TestDevice.connect(test.server.url);
    device.auth('dev-r1', secret);
    expect((await device.frames.closed).code).toBe(4002);
  });

  it('refuses a CPR number where a pseudonymous id belongs, with 400 and no log of it', async () => {
    expect((await call('administrator', [], 'GET', '/audit/citizens/0101011234')).status).toBe(400);
  });

  it('names the bad field when a body does not match the schema', async () => {
    const res = await call('administrator', [], 'POST', '/devices', {
      deviceId: 'x',
      type: 'toaster',
      teamId: 'team-a',
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'schema_violation', errors: [expect.objectContaining({ path: 'type' })] });
  });

  it('registers stock and refuses an illegal move with a reason in Danish and English', async () => {
    const created = await call('technician', ['team-a'], 'POST', '/stock', {
      unitId: 'unit-1',
      deviceType: 'medido',
      serial: 'MD-0001',
      location: 'depot-nord',
    });
    expect(created.status).toBe(201);
    const refused = await call('technician', ['team-a'], 'POST', '/stock/unit-1/moves', {
      kind: 'install',
      citizenId: 'cit-a1',
      reason: 'direkte installation',
    });
    expect(refused.status).toBe(409);
    const refusal = refused.json as { refusal: string; message: { da: string; en: string } };
    expect(refusal.refusal).toBe('illegal_move');
    expect(refusal.message.da.length).toBeGreaterThan(0);
    expect(refusal.message.en.length).toBeGreaterThan(0);
    const reserved = await call('technician', ['team-a'], 'POST', '/stock/unit-1/moves', {
      kind: 'reserve',
      citizenId: 'cit-a1',
      reason: 'screening anbefaler MedidoClock',
    });
    expect(reserved.status).toBe(200);
    expect(reserved.json).toMatchObject({ unitId: 'unit-1', state: 'reserved' });
  });

  it('keeps stock and screenings across a restart (journaled projection records)', async () => {
    await call('technician', ['team-a'], 'POST', '/stock', {
      unitId: 'unit-9',
      deviceType: 'smila',
      serial: 'SM-9',
      location: 'depot-syd',
    });
    const restarted = await test.restart();
    expect(restarted.registry.getStockUnit('unit-9')).toMatchObject({ state: 'in_stock' });
  });

  it('exports the audit trail of one citizen as CSV for an administrator only', async () => {
    await call('coordinator', ['team-a'], 'GET', '/citizens/cit-a1');
    expect((await call('coordinator', ['team-a'], 'GET', '/audit/citizens/cit-a1')).status).toBe(403);
    const exported = await call('administrator', [], 'GET', '/audit/citizens/cit-a1?format=csv');
    expect(exported.status).toBe(200);
    expect(exported.text.split('\n')[0]).toContain('userId');
    expect(exported.text).toContain('coordinator-1');
  });

  it('moves the manual clock for an administrator, and ticks fire', async () => {
    const res = await call('administrator', [], 'POST', '/admin/clock', { advanceMs: 60_000 });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ now: TEST_START + 60_000 });
    expect((await call('superuser', ['team-a'], 'POST', '/admin/clock', { advanceMs: 1 })).status).toBe(403);
  });

  it('serves integrations: a team contingency list as CSV, key figures, FHIR only for carers', async () => {
    const csv = await call('superuser', ['team-a'], 'GET', '/integrations/teams/team-a/contingency?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('Borger A1');
    expect(csv.text).not.toContain('Paracetamol');
    expect((await call('superuser', ['team-a'], 'GET', '/integrations/teams/team-b/contingency')).status).toBe(404);
    const period = `from=${TEST_START - 86_400_000}&to=${TEST_START + 1}`;
    const kpis = await call('superuser', ['team-a'], 'GET', `/integrations/kpis?${period}`);
    expect(kpis.status).toBe(200);
    const fhir = await call('coordinator', ['team-a'], 'GET', `/integrations/citizens/cit-a1/fhir?${period}`);
    expect(fhir.status).toBe(200);
    expect(fhir.json).toMatchObject({ resourceType: 'Bundle' });
    expect((await call('technician', ['team-a'], 'GET', `/integrations/citizens/cit-a1/fhir?${period}`)).status).toBe(
      403,
    );
    await test.server.audit.flush();
    const reads = await test.server.audit.query({ citizenId: 'cit-a1' });
    expect(reads.map((entry) => entry.resource)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^integrations/)]),
    );
  });

  it('serves Prometheus metrics', async () => {
    const res = await fetch(`${test.server.url}/metrics`);
    const text = await res.text();
    expect(text).toContain('medtek_open_alarms');
    expect(text).toContain('medtek_journal_fsync_seconds_bucket');
  });
});
