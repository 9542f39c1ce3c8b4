import { contingencyList, type EventFrame, type RegistryChange, type StatusFrame } from '@medtek/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/clock/index.js';
import type { RunningServer } from '../../src/index.js';
import { TestDevice } from '../support/clients.js';
import { applyRegistry, startTestServer, TEST_START, type TestServer } from '../support/test-server.js';

/**
 * A team's network goes down (reliability.md §6, goals 11, 13, 15): its dispensers fall silent for over an hour,
 * keep dispensing and buffer what happened, then reconnect and replay. Manual clock: time moves only here.
 */

const MINUTE = 60_000;
const HEARTBEAT = MINUTE;
/** The engine's offline sweep runs on a 5 s grid (docs/alarms.md). */
const SWEEP = 5_000;
const SLOT = '2026-11-25T08:00';
/** 08:00 local (07:00 UTC): TEST_START is 07:00 local. */
const DUE = TEST_START + 60 * MINUTE;

const teamA = ['dev-a1', 'dev-a2', 'dev-a3', 'dev-a4'];

function fixture(): RegistryChange[] {
  const slot = {
    time: '08:00',
    earlyMinutes: 30,
    lateMinutes: 60,
    timeCritical: false,
    contents: [{ drug: 'Paracetamol 500 mg', amount: 2 }],
  };
  const changes: RegistryChange[] = [
    { kind: 'team_upsert', team: { id: 'team-a', name: 'Hjemmepleje Nord' } },
    { kind: 'team_upsert', team: { id: 'team-b', name: 'Hjemmepleje Syd' } },
  ];
  for (const deviceId of [...teamA, 'dev-b1']) {
    const teamId = deviceId.startsWith('dev-a') ? 'team-a' : 'team-b';
    const citizenId = deviceId.replace('dev', 'cit');
    changes.push(
      {
        kind: 'citizen_upsert',
        citizen: { id: citizenId, teamId, name: `Borger ${citizenId}`, address: `Vej ${citizenId}`, staircaseStep: 2 },
      },
      { kind: 'device_upsert', device: { deviceId, type: 'medido', teamId, citizenId } },
      { kind: 'schedule_upsert', schedule: { citizenId, validFrom: '2026-11-01', source: 'manual', slots: [slot] } },
    );
  }
  return changes;
}

const caughtUp = (server: RunningServer): Promise<void> =>
  new Promise((resolve) => server.pipeline.whenCaughtUp(resolve));

/** Polls `done` once per event-loop turn (socket frames arrive between turns). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}

const status = (deviceTime: number): StatusFrame => ({
  t: 'status',
  deviceTime,
  battery: 90,
  power: 'mains',
  signal: 80,
});

const event = (deviceId: string, seq: number, deviceTime: number, e: EventFrame['e']): EventFrame => ({
  t: 'event',
  deviceId,
  seq,
  deviceTime,
  bootId: 'boot-1',
  e,
});

describe('outage of one team', () => {
  let test: TestServer;
  const open: TestDevice[] = [];
  afterEach(async () => {
    for (const device of open) device.close();
    open.length = 0;
    await test.stop();
  });

  it('raises offline in time, rolls up one incident, and the replay loses nothing and raises no false missed dose', async () => {
    // Two hours pass in a few real seconds: lift the per-socket frame budget meant for real time.
    test = await startTestServer({
      heartbeatIntervalMs: HEARTBEAT,
      limits: { deviceRate: { perSecond: 10_000, burst: 10_000 } },
    });
    const server = test.server;
    const clock = server.clock as ManualClock;
    await applyRegistry(server, fixture());

    const connect = async (deviceId: string): Promise<TestDevice> => {
      const device = await TestDevice.authenticated(server.url, deviceId, server.deviceSecret(deviceId));
      open.push(device);
      device.send({
        t: 'hello',
        deviceType: 'medido',
        firmware: '1.0',
        capabilities: [],
        bootId: 'boot-1',
        deviceTime: clock.now(),
      });
      return device;
    };
    const devices = new Map<string, TestDevice>();
    for (const deviceId of [...teamA, 'dev-b1']) devices.set(deviceId, await connect(deviceId));
    await caughtUp(server);

    /** Moves time in `step`s; the devices still connected send their heartbeat every interval. */
    const advance = async (ms: number, step = SWEEP, each?: () => void): Promise<void> => {
      for (let moved = 0; moved < ms; moved += step) {
        clock.advance(step);
        if ((clock.now() - TEST_START) % HEARTBEAT === 0) {
          const now = clock.now();
          for (const device of devices.values()) device.send(status(now));
          // Frames travel over real sockets: wait until the server has taken each heartbeat in before time moves on.
          await until(() => [...devices.keys()].every((id) => server.engine.device(id)?.lastContactAt === now));
        }
        each?.();
        await caughtUp(server);
      }
    };
    await advance(HEARTBEAT);
    const lastContact = clock.now();

    // Team A's network goes down: sockets dropped, no frame from now on.
    for (const deviceId of teamA) {
      devices.get(deviceId)!.close();
      devices.delete(deviceId);
    }
    const offlineAt = new Map<string, number>();
    await advance(3 * HEARTBEAT, SWEEP, () => {
      for (const alarm of server.engine.alarms({ openOnly: true })) {
        if (alarm.type === 'device_offline' && !offlineAt.has(alarm.deviceId!)) {
          offlineAt.set(alarm.deviceId!, clock.now());
        }
      }
    });
    await caughtUp(server);

    expect([...offlineAt.keys()].sort()).toEqual(teamA);
    for (const at of offlineAt.values()) {
      expect(at - lastContact).toBeGreaterThanOrEqual(1.5 * HEARTBEAT);
      expect(at - lastContact).toBeLessThanOrEqual(1.5 * HEARTBEAT + SWEEP);
    }
    const offlineAlarms = server.engine.alarms({ openOnly: true }).filter((a) => a.type === 'device_offline');
    for (const alarm of offlineAlarms)
      expect(alarm.raisedAt - lastContact).toBeLessThanOrEqual(1.5 * HEARTBEAT + SWEEP);
    const incidents = server.engine.incidents();
    expect(incidents).toHaveLength(1);
    const incident = incidents[0]!;
    expect(incident).toMatchObject({ teamId: 'team-a', cause: 'mass_offline' });
    expect([...incident.deviceIds].sort()).toEqual(teamA);
    expect([...incident.alarmIds].sort()).toEqual(offlineAlarms.map((alarm) => alarm.id).sort());
    expect(server.engine.device('dev-b1')!.online).toBe(true);

    // While the incident is open, the team's contingency list shows who to visit, with dose times and last contact.
    // (core's contingencyList over the running engine's state; the REST endpoint for it is not built yet.)
    const list = contingencyList(server.engine.snapshot(), 'team-a', clock.now());
    expect(list.rows.map((row) => row.citizenId).sort()).toEqual(teamA.map((id) => id.replace('dev', 'cit')));
    for (const row of list.rows) {
      expect(row).toMatchObject({ online: false, lastContactAt: lastContact });
      expect(row.doses.map((dose) => dose.slot)).toContain(SLOT);
    }

    // Offline, a1..a3 dispense at 08:05 and the pouch is taken at 08:06; a4's citizen never takes the dose.
    const buffered = (deviceId: string): EventFrame[] => [
      event(deviceId, 1, DUE, { kind: 'dose_due', slot: SLOT }),
      event(deviceId, 2, DUE + 5 * MINUTE, { kind: 'dispensed', slot: SLOT }),
      event(deviceId, 3, DUE + 6 * MINUTE, { kind: 'taken', slot: SLOT }),
    ];
    const b1 = devices.get('dev-b1')!;
    await advance(DUE + 5 * MINUTE - clock.now(), MINUTE);
    b1.send(event('dev-b1', 1, clock.now(), { kind: 'dispensed', slot: SLOT }));
    b1.send(event('dev-b1', 2, clock.now(), { kind: 'taken', slot: SLOT }));
    await b1.frames.nextWhere((f) => f.t === 'ack' && f.upToSeq === 2);

    // The window closes at 09:00; the network returns at 09:10, inside the grace period for silent devices.
    await advance(DUE + 70 * MINUTE - clock.now(), MINUTE);
    expect(server.engine.alarms().filter((a) => a.type === 'missed_dose')).toEqual([]);
    const duplicatesBefore = server.devices.counters.duplicates;
    for (const deviceId of teamA) {
      const device = await connect(deviceId);
      devices.set(deviceId, device);
      if (deviceId === 'dev-a4') continue;
      device.send({ t: 'batch', events: buffered(deviceId) });
      await device.frames.nextWhere((f) => f.t === 'ack' && f.upToSeq === 3);
      // The ack was lost on the way (say): the device replays the same batch again.
      device.send({ t: 'batch', events: buffered(deviceId) });
      await device.frames.nextWhere((f) => f.t === 'ack' && f.upToSeq === 3);
    }
    await until(() => teamA.every((id) => server.engine.device(id)?.online === true));
    await caughtUp(server);
    expect(server.devices.counters.duplicates - duplicatesBefore).toBe(9);
    expect(server.engine.alarms({ openOnly: true }).filter((a) => a.type === 'device_offline' && !a.cleared)).toEqual(
      [],
    );
    expect(server.engine.incidents()[0]!.closedAt).toBeDefined();

    // Past the grace period: only the citizen who really did not take the dose has a missed-dose alarm.
    await advance(DUE + 2 * 60 * MINUTE - clock.now(), MINUTE);
    const missed = server.engine.alarms().filter((a) => a.type === 'missed_dose');
    expect(missed.map((alarm) => alarm.citizenId)).toEqual(['cit-a4']);
    for (const deviceId of ['dev-a1', 'dev-a2', 'dev-a3']) {
      expect(server.engine.lastSeq(deviceId)).toBe(3);
      expect(server.engine.dose(deviceId.replace('dev', 'cit'), SLOT)?.status).toBe('taken');
    }
    expect(server.engine.alarms().filter((a) => a.type === 'double_dose_attempt')).toEqual([]);

    // Nothing lost: the journal replayed into a fresh server holds the same sequence numbers.
    for (const device of open) device.close();
    open.length = 0;
    const restarted = await test.restart();
    for (const deviceId of ['dev-a1', 'dev-a2', 'dev-a3']) expect(restarted.engine.lastSeq(deviceId)).toBe(3);
    expect(restarted.engine.lastSeq('dev-a4')).toBe(0);
  }, 60_000);
});
