import type { EventFrame, LiveServerFrame, RegistryChange } from '@medtek/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDevice, TestWidget } from '../support/clients.js';
import { applyRegistry, startTestServer, TEST_START, twoTeamFixture, type TestServer } from '../support/test-server.js';

/**
 * Access control under load (reliability.md §4, goals 9–10): two teams' devices send a few hundred events while
 * users of team A (a superuser and a technician) watch every topic they may. Every frame they receive is scanned
 * deeply: nothing about team B, and for the technician no `medication` key and no drug name anywhere. Every
 * snapshot of citizen data they got left an audit entry, and the per-citizen audit export lists them.
 */

const DRUGS = ['Paracetamol', 'Metformin', 'Warfarin', 'Furosemid'];
const TEAM_B_IDS = ['team-b', 'cit-b1', 'cit-b2', 'dev-b1', 'dev-b2', 'Hjemmepleje Syd', 'Borger B'];

function extraDevices(): RegistryChange[] {
  const changes: RegistryChange[] = [];
  for (const team of ['a', 'b']) {
    changes.push(
      {
        kind: 'citizen_upsert',
        citizen: {
          id: `cit-${team}2`,
          teamId: `team-${team}`,
          name: `Borger ${team.toUpperCase()}2`,
          address: `Vej ${team}2`,
          staircaseStep: 3,
        },
      },
      {
        kind: 'device_upsert',
        device: { deviceId: `dev-${team}2`, type: 'medimi', teamId: `team-${team}`, citizenId: `cit-${team}2` },
      },
    );
  }
  return changes;
}

/** Every string and key inside a decoded frame. */
function* strings(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const item of value) yield* strings(item);
  else if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    for (const [key, child] of Object.entries(value)) {
      yield key;
      yield* strings(child);
    }
  }
}

/** The load: per device, a cycle of events that raise alarms, carry medication and change the device view. */
function eventsFor(deviceId: string, medimi: boolean, count: number): EventFrame[] {
  const events: EventFrame[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const slot = `2026-11-25T${String(8 + (seq % 12)).padStart(2, '0')}:00`;
    const cycle: EventFrame['e'][] = [
      { kind: 'help_requested' },
      { kind: 'dispense_failed', slot, reason: 'jam' },
      { kind: 'dispensed', slot: '2026-11-25T08:00', contents: [{ drug: DRUGS[seq % 4]!, amount: 1 }] },
      medimi
        ? { kind: 'cassette_loaded', cassetteId: `c${seq % 3}`, drug: DRUGS[(seq + 1) % 4]!, units: 20 }
        : { kind: 'roll_low', remaining: seq % 10 },
      { kind: 'battery_low', battery: 10 },
      { kind: 'tamper' },
    ];
    events.push({ t: 'event', deviceId, seq, deviceTime: TEST_START, bootId: 'boot-1', e: cycle[seq % cycle.length]! });
  }
  return events;
}

describe('two teams under load', () => {
  let test: TestServer;
  const clients: { close(): void }[] = [];
  const framesOf = new Map<string, LiveServerFrame[]>();

  beforeAll(async () => {
    test = await startTestServer({ limits: { deviceRate: { perSecond: 10_000, burst: 10_000 } } });
    await applyRegistry(test.server, [...twoTeamFixture(), ...extraDevices()]);
    const watch = async (user: string, role: 'superuser' | 'technician', teams: string[]): Promise<void> => {
      const token = await test.server.devTokens!.issueDevToken({ sub: user, role, teams }, 600);
      const widget = await TestWidget.authenticated(test.server.url, token);
      clients.push(widget);
      const frames: LiveServerFrame[] = [];
      framesOf.set(user, frames);
      widget.frames.socket.on('message', () => frames.push(...widget.frames.drain()));
      for (const topic of ['alarms', 'devices', 'incidents'] as const)
        widget.send({ t: 'subscribe', id: topic, topic });
    };
    await watch('super-a', 'superuser', ['team-a']);
    await watch('tech-a', 'technician', ['team-a']);

    const devices = ['dev-a1', 'dev-a2', 'dev-b1', 'dev-b2'];
    let total = 0;
    await Promise.all(
      devices.map(async (deviceId) => {
        const device = await TestDevice.authenticated(test.server.url, deviceId, test.server.deviceSecret(deviceId));
        clients.push(device);
        const events = eventsFor(deviceId, deviceId.endsWith('2'), 80);
        total += events.length;
        for (const event of events) device.send(event);
        await device.frames.nextWhere((f) => f.t === 'ack' && f.upToSeq === events.length);
      }),
    );
    expect(total).toBe(320);
    // A late subscriber gets everything as a snapshot (the largest read of all).
    await watch('late-a', 'superuser', ['team-a']);
    await new Promise<void>((resolve) => test.server.pipeline.whenCaughtUp(resolve));
    const ping = async (): Promise<void> => {
      // One round trip per watcher: every delta published before it has arrived.
      for (const client of clients) if (client instanceof TestWidget) client.send({ t: 'ping' });
      await Promise.all(
        [...framesOf.values()].map(async (frames) => {
          while (!frames.some((f) => f.t === 'pong')) await new Promise((resolve) => setImmediate(resolve));
        }),
      );
    };
    await ping();
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await test.stop();
  });

  it('a user of team A receives no frame about team B', () => {
    for (const user of ['super-a', 'tech-a', 'late-a']) {
      const frames = framesOf.get(user)!;
      expect(frames.filter((f) => f.t === 'snapshot').length).toBeGreaterThanOrEqual(3);
      const deltaItems = frames.flatMap((f) => (f.t === 'delta' ? (f.items as unknown[]) : []));
      if (user !== 'late-a') expect(deltaItems.length).toBeGreaterThan(10);
      const leaks = frames.filter((frame) =>
        [...strings(frame)].some((text) => TEAM_B_IDS.some((id) => text.includes(id))),
      );
      expect(leaks).toEqual([]);
    }
  });

  it('the superuser sees medication, the technician never: no medication key, no drug name in any frame', () => {
    const superText = framesOf.get('super-a')!.flatMap((frame) => [...strings(frame)]);
    expect(superText).toContain('medication');
    expect(superText.some((text) => DRUGS.some((drug) => text.includes(drug)))).toBe(true);
    const techFrames = framesOf.get('tech-a')!;
    expect(techFrames.filter((f) => f.t === 'delta' || f.t === 'snapshot').length).toBeGreaterThan(3);
    const techText = techFrames.flatMap((frame) => [...strings(frame)]);
    expect(techText).not.toContain('medication');
    expect(techText.filter((text) => DRUGS.some((drug) => text.includes(drug)))).toEqual([]);
  });

  it('every snapshot of citizen data left an audit entry, and the citizen export lists them', async () => {
    const expected: { userId: string; citizenId: string; resource: string }[] = [];
    for (const [userId, frames] of framesOf) {
      for (const frame of frames) {
        if (frame.t !== 'snapshot') continue;
        for (const item of frame.items as { citizenId?: string }[]) {
          if (item.citizenId !== undefined)
            expected.push({ userId, citizenId: item.citizenId, resource: `live.${frame.topic}` });
        }
      }
    }
    expect(expected.some((entry) => entry.userId === 'late-a')).toBe(true);
    // Audit writes are batched behind one fdatasync: wait until they are on disk, then compare.
    const covered = async (): Promise<boolean> => {
      const entries = await test.server.audit.query({});
      return expected.every((wanted) =>
        entries.some(
          (entry) =>
            entry.userId === wanted.userId &&
            entry.citizenId === wanted.citizenId &&
            entry.resource === wanted.resource &&
            entry.action === 'read',
        ),
      );
    };
    while (!(await covered())) await new Promise((resolve) => setTimeout(resolve, 10));
    const exported = JSON.parse(await test.server.audit.exportJson('cit-a1')) as { entries: { userId: string }[] };
    const readers = new Set(exported.entries.map((entry) => entry.userId));
    for (const user of ['super-a', 'tech-a', 'late-a']) expect(readers).toContain(user);
    const teamB = JSON.parse(await test.server.audit.exportJson('cit-b1')) as { entries: { userId: string }[] };
    expect(teamB.entries.filter((entry) => entry.userId.endsWith('-a'))).toEqual([]);
  });
});
