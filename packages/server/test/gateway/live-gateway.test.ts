import { CloseCode, ErrorCode, type Alarm, type EventFrame, type LiveServerFrame } from '@medtek/core';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWebSocket, TestDevice, TestWidget } from '../support/clients.js';
import { applyRegistry, startTestServer, TEST_START, twoTeamFixture, type TestServer } from '../support/test-server.js';

function deviceEvent(deviceId: string, seq: number, e: EventFrame['e']): EventFrame {
  return { t: 'event', deviceId, seq, deviceTime: TEST_START, bootId: 'boot-1', e };
}

/** True when any object inside `value` has a `medication` key. */
function mentionsMedication(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(mentionsMedication);
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return false;
  return Object.entries(value).some(([key, child]) => key === 'medication' || mentionsMedication(child));
}

describe('live gateway (/live)', () => {
  let test: TestServer;
  const devices: TestDevice[] = [];
  const widgets: TestWidget[] = [];

  beforeEach(async () => {
    test = await startTestServer();
    await applyRegistry(test.server, twoTeamFixture());
  });
  afterEach(async () => {
    for (const client of [...devices, ...widgets]) client.close();
    devices.length = 0;
    widgets.length = 0;
    await test.stop();
  });

  async function device(deviceId: string): Promise<TestDevice> {
    const d = await TestDevice.authenticated(test.server.url, deviceId, test.server.deviceSecret(deviceId));
    devices.push(d);
    return d;
  }

  async function widget(role: 'superuser' | 'technician' | 'staff', teams: string[]): Promise<TestWidget> {
    const token = await test.server.devTokens!.issueDevToken({ sub: `${role}-${teams.join('-')}`, role, teams }, 600);
    const w = await TestWidget.authenticated(test.server.url, token);
    widgets.push(w);
    return w;
  }

  async function raise(d: TestDevice, deviceId: string, seq: number, e: EventFrame['e']): Promise<void> {
    d.send(deviceEvent(deviceId, seq, e));
    await d.frames.nextWhere((f) => f.t === 'ack' && f.upToSeq === seq);
  }

  const alarmsIn = (frame: LiveServerFrame): Alarm[] =>
    (frame.t === 'snapshot' || frame.t === 'delta') && frame.topic === 'alarms' ? frame.items : [];

  it('gives a team member a snapshot and live deltas of their own team only', async () => {
    const a = await device('dev-a1');
    const b = await device('dev-b1');
    await raise(a, 'dev-a1', 1, { kind: 'help_requested' });
    await raise(b, 'dev-b1', 1, { kind: 'help_requested' });

    const userA = await widget('superuser', ['team-a']);
    userA.send({ t: 'subscribe', id: 'alarms', topic: 'alarms' });
    const snapshot = await userA.frames.nextWhere((f) => f.t === 'snapshot');
    expect(alarmsIn(snapshot).map((alarm) => alarm.teamId)).toEqual(['team-a']);

    // Team B changes first, then team A: the next frame user A sees must be A's, and nothing of B's ever arrives.
    await raise(b, 'dev-b1', 2, { kind: 'tamper' });
    await raise(a, 'dev-a1', 2, { kind: 'tamper' });
    const delta = await userA.frames.nextWhere((f) => f.t === 'delta');
    expect(alarmsIn(delta).map((alarm) => [alarm.teamId, alarm.type])).toEqual([['team-a', 'tamper']]);
    expect(
      userA.frames
        .drain()
        .flatMap(alarmsIn)
        .filter((alarm) => alarm.teamId !== 'team-a'),
    ).toEqual([]);
  });

  it('re-authorizes subscriptions when a refreshed token lowers the role', async () => {
    const a = await device('dev-a1');
    const issue = (role: 'coordinator' | 'technician') =>
      test.server.devTokens!.issueDevToken({ sub: 'same-user', role, teams: ['team-a'] }, 600);
    const w = await TestWidget.authenticated(test.server.url, await issue('coordinator'));
    widgets.push(w);
    w.send({ t: 'subscribe', id: 'alarms', topic: 'alarms' });
    await w.frames.nextWhere((f) => f.t === 'snapshot');
    w.send({ t: 'auth', v: 1, token: await issue('technician') });
    await w.frames.nextWhere((f) => f.t === 'auth_ok');
    await w.frames.nextWhere((f) => f.t === 'snapshot');
    // A wrong-citizen roll raises a dose alarm with medication; a technician must receive none of it.
    await raise(a, 'dev-a1', 1, {
      kind: 'roll_loaded',
      rollId: 'roll-x',
      pouches: [
        {
          pouchId: 'p1',
          citizenId: 'cit-b1',
          slot: '2026-11-25T08:00',
          contents: [{ drug: 'Warfarin 5 mg', amount: 1 }],
        },
      ],
    });
    await raise(a, 'dev-a1', 2, { kind: 'battery_low', battery: 9 });
    const delta = await w.frames.nextWhere((f) => f.t === 'delta' && alarmsIn(f).some((x) => x.type === 'battery_low'));
    const seen = [...w.frames.drain(), delta];
    expect(seen.flatMap(alarmsIn).map((x) => x.type)).not.toContain('wrong_citizen');
    expect(mentionsMedication(seen)).toBe(false);
  });

  it('refuses a subscription to another team', async () => {
    const userA = await widget('superuser', ['team-a']);
    userA.send({ t: 'subscribe', id: 's1', topic: 'alarms', filters: { teamIds: ['team-b'] } });
    expect(await userA.frames.next()).toMatchObject({ t: 'error', code: ErrorCode.Forbidden, id: 's1' });
  });

  it('shows technicians technical alarms and devices without any medication', async () => {
    const a = await device('dev-a1');
    await raise(a, 'dev-a1', 1, { kind: 'help_requested' });
    await raise(a, 'dev-a1', 2, { kind: 'battery_low', battery: 12 });
    // A roll for another citizen: a dose alarm that carries medication.
    await raise(a, 'dev-a1', 3, {
      kind: 'roll_loaded',
      rollId: 'roll-1',
      pouches: [
        {
          pouchId: 'p1',
          citizenId: 'cit-b1',
          slot: '2026-11-25T08:00',
          contents: [{ drug: 'Paracetamol 500 mg', amount: 2 }],
        },
      ],
    });
    const tech = await widget('technician', ['team-a']);
    tech.send({ t: 'subscribe', id: 'alarms', topic: 'alarms' });
    tech.send({ t: 'subscribe', id: 'devices', topic: 'devices' });
    const alarmSnapshot = await tech.frames.nextWhere((f) => f.t === 'snapshot' && f.topic === 'alarms');
    const deviceSnapshot = await tech.frames.nextWhere((f) => f.t === 'snapshot' && f.topic === 'devices');
    expect(alarmsIn(alarmSnapshot).map((alarm) => alarm.type)).toEqual(['battery_low']);
    expect(mentionsMedication(alarmSnapshot)).toBe(false);
    expect(mentionsMedication(deviceSnapshot)).toBe(false);

    // The superuser of the same team does see the dose alarms.
    const superuser = await widget('superuser', ['team-a']);
    superuser.send({ t: 'subscribe', id: 'alarms', topic: 'alarms' });
    const full = await superuser.frames.nextWhere((f) => f.t === 'snapshot');
    expect(
      alarmsIn(full)
        .map((alarm) => alarm.type)
        .sort(),
    ).toContain('wrong_citizen');
  });

  it('acknowledges an alarm by command and fans the change out to every subscriber of the team', async () => {
    const a = await device('dev-a1');
    await raise(a, 'dev-a1', 1, { kind: 'help_requested' });
    const operator = await widget('superuser', ['team-a']);
    const colleague = await widget('staff', ['team-a']);
    for (const w of [operator, colleague]) {
      w.send({ t: 'subscribe', id: 'alarms', topic: 'alarms' });
      await w.frames.nextWhere((f) => f.t === 'snapshot');
    }
    const alarm = test.server.engine.alarms({ openOnly: true })[0]!;
    operator.send({ t: 'command', id: 'c1', command: { action: 'acknowledge', alarmId: alarm.id } });
    expect(await operator.frames.nextWhere((f) => f.t === 'result')).toMatchObject({ id: 'c1', ok: true });
    const seen = await colleague.frames.nextWhere((f) => f.t === 'delta');
    expect(alarmsIn(seen)[0]).toMatchObject({ id: alarm.id, acknowledged: true, state: 'ack_active' });
    const metrics = await (await fetch(`${test.server.url}/metrics`)).text();
    expect(metrics).toMatch(/medtek_alarm_time_to_acknowledge_seconds_count\{priority="medium"\} 1/);
  });

  it('answers commands on alarms outside the user’s teams as not found', async () => {
    const b = await device('dev-b1');
    await raise(b, 'dev-b1', 1, { kind: 'help_requested' });
    const alarmOfB = test.server.engine.alarms({ openOnly: true })[0]!;
    const userA = await widget('superuser', ['team-a']);
    userA.send({ t: 'command', id: 'c1', command: { action: 'acknowledge', alarmId: alarmOfB.id } });
    expect(await userA.frames.next()).toMatchObject({ t: 'result', ok: false, code: ErrorCode.NotFound });
    expect(test.server.engine.alarm(alarmOfB.id)?.acknowledged).toBe(false);
  });

  it('refuses a command the role may not issue', async () => {
    const a = await device('dev-a1');
    await raise(a, 'dev-a1', 1, { kind: 'help_requested' });
    const alarm = test.server.engine.alarms({ openOnly: true })[0]!;
    const staff = await widget('staff', ['team-a']);
    staff.send({ t: 'command', id: 'c1', command: { action: 'shelve', alarmId: alarm.id, durationMs: 60_000 } });
    expect(await staff.frames.next()).toMatchObject({ t: 'result', ok: false, code: ErrorCode.Forbidden });
  });

  describe('authentication', () => {
    async function expectRefused(token: string, code: ErrorCode, close: number): Promise<void> {
      const w = await TestWidget.connect(test.server.url);
      widgets.push(w);
      w.send({ t: 'auth', v: 1, token });
      expect(await w.frames.next()).toMatchObject({ t: 'error', code });
      expect((await w.frames.closed).code).toBe(close);
    }
    const issuer = () => test.server.config.token.issuer;
    const audience = () => test.server.config.token.audience;

    it('refuses an expired token (close 1008)', async () => {
      const token = await test.server.devTokens!.issueDevToken(
        { sub: 'u1', role: 'superuser', teams: ['team-a'] },
        60,
        Date.now() - 3_600_000,
      );
      await expectRefused(token, ErrorCode.TokenExpired, CloseCode.PolicyViolation);
    });

    it('refuses an unsigned (alg none) token', async () => {
      const token = new UnsecuredJWT({ role: 'superuser', teams: ['team-a'] })
        .setIssuer(issuer())
        .setAudience(audience())
        .setSubject('u1')
        .setIssuedAt()
        .setExpirationTime('10m')
        .encode();
      await expectRefused(token, ErrorCode.AuthFailed, CloseCode.AuthFailed);
    });

    it('refuses a token for another audience', async () => {
      const key = test.server.devTokens!.key;
      const token = await new SignJWT({ role: 'superuser', teams: ['team-a'] })
        .setProtectedHeader({ alg: 'ES256', kid: key.kid })
        .setIssuer(issuer())
        .setAudience('another-app')
        .setSubject('u1')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(key.privateKey);
      await expectRefused(token, ErrorCode.AuthFailed, CloseCode.AuthFailed);
    });

    it('refuses any frame before auth', async () => {
      const w = await TestWidget.connect(test.server.url);
      widgets.push(w);
      w.send({ t: 'subscribe', id: 's', topic: 'alarms' });
      expect(await w.frames.next()).toMatchObject({ t: 'error', code: ErrorCode.AuthRequired });
      expect((await w.frames.closed).code).toBe(CloseCode.AuthRequired);
    });

    it('refuses a disallowed origin at the upgrade (HTTP 403), before any socket exists', async () => {
      await expect(
        openWebSocket(`${test.server.url.replace('http', 'ws')}/live`, { origin: 'https://evil.example' }),
      ).rejects.toThrow('HTTP 403');
    });
  });
});
