import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { slotInstant } from '@medtek/core';
import { afterEach, describe, expect, it } from 'vitest';
import { readFleetSeed } from '../../src/fleet/fleet-seed.js';
import { startFleet, type Fleet } from '../../src/fleet/fleet.js';
import { ORIGIN, startTestServer, until } from './real-server.js';

const MORNING = '2026-11-25T08:00';
const HEARTBEAT = 3_600_000;

describe('fleet against a real Medtek server (manual clock)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup() {
    const running = await startTestServer();
    cleanups.push(() => running.close());
    const seedDir = mkdtempSync(join(tmpdir(), 'medtek-fleet-seed-'));
    cleanups.push(() => rmSync(seedDir, { recursive: true, force: true }));
    return { ...running, seedFile: join(seedDir, 'fleet-seed.json') };
  }

  function fleetOptions(url: string, token: string, seedFile: string) {
    return {
      url,
      token,
      devices: 20,
      teams: 3,
      seed: 42,
      seedFile,
      profiles: { punctual: 0.5, absent: 0.5 },
      heartbeatIntervalMs: HEARTBEAT,
      clock: 'manual' as const,
      origin: ORIGIN,
      backoff: { initialMs: 50, maxMs: 500, factor: 2 },
    };
  }

  it('provisions 20 devices of all four types over REST, runs a morning, and the live subscriber sees the missed doses', async () => {
    const { server, token, seedFile } = await setup();
    const fleet: Fleet = await startFleet(fleetOptions(server.url, token, seedFile));
    cleanups.push(() => fleet.stop().then(() => undefined));

    const { fleet: seed, created } = fleet.provisioned;
    expect(created.devices).toHaveLength(20);
    expect(created.citizens).toHaveLength(20);
    expect(created.teams).toHaveLength(3);
    expect(new Set(seed.devices.map((d) => d.type))).toEqual(new Set(['flexsmart', 'medido', 'smila', 'medimi']));
    for (const device of seed.devices) {
      expect(server.registry.getDevice(device.deviceId)?.citizenId).toBe(device.citizenId);
      // The secret the REST answer handed out is the one the server derives.
      expect(device.secret).toBe(Buffer.from(server.deviceSecret(device.deviceId)).toString('hex'));
    }
    expect(statSync(seedFile).mode & 0o777).toBe(0o600);

    await until(() => fleet.stats.connected === 20, 'all 20 devices online');
    await until(() => fleet.stats.liveConnected, 'live subscriber');
    await fleet.advanceTo(slotInstant('2026-11-25T10:00'));
    await fleet.settle();

    const stats = fleet.stats;
    expect(stats.eventsRecorded).toBeGreaterThan(40);
    expect(stats.eventsAcked).toBe(stats.eventsRecorded);
    expect(stats.eventsPending).toBe(0);
    expect(stats.errors).toBe(0);
    for (const device of fleet.devices) {
      // Every event the device recorded was journaled by the server, in order, once.
      expect(server.engine.lastSeq(device.deviceId)).toBe(device.runtime.outbox.lastSeq());
    }

    const live = fleet.live!;
    const notTaken = (citizenId: string) =>
      [...live.alarmsOf('missed_dose', { citizenId }), ...live.alarmsOf('not_confirmed', { citizenId })].filter(
        (alarm) => alarm.slot === MORNING,
      );
    for (const citizen of seed.citizens) {
      if (seed.behaviour[citizen.id] === 'absent') {
        await live.waitFor(() => notTaken(citizen.id).length > 0, 5_000, `missed morning dose of ${citizen.id}`);
      }
    }
    for (const citizen of seed.citizens) {
      if (seed.behaviour[citizen.id] === 'punctual') expect(notTaken(citizen.id)).toEqual([]);
    }
    expect(fleet.stats.alarmsSeen).toBeGreaterThanOrEqual(10);
    expect(live.errors).toEqual([]);

    const summary = await fleet.stop();
    expect(summary.connected).toBe(0);
    await until(() => server.devices.connectedDevices === 0, 'server sees every device socket closed');
    for (const device of fleet.devices) expect(device.runtime.state).toBe('stopped');
  });

  it('a second run with the seed file reuses the same devices and continues their sequence numbers', async () => {
    const { server, token, seedFile } = await setup();
    const first = await startFleet(fleetOptions(server.url, token, seedFile));
    await until(() => first.stats.connected === 20, 'first run online');
    await first.advanceTo(slotInstant('2026-11-25T09:30'));
    await first.settle();
    await first.stop();
    const seqAfterFirst = new Map(first.devices.map((d) => [d.deviceId, d.runtime.outbox.lastSeq()]));
    const secretsAfterFirst = readFleetSeed(seedFile)!.devices.map((d) => d.secret);

    // Different size options: the seed file wins.
    const second = await startFleet({ ...fleetOptions(server.url, token, seedFile), devices: 5, seed: 9 });
    cleanups.push(() => second.stop().then(() => undefined));
    expect(second.provisioned.fromSeedFile).toBe(true);
    expect(second.provisioned.created).toEqual({ teams: [], citizens: [], devices: [] });
    expect(second.provisioned.reused).toHaveLength(20);
    expect(readFleetSeed(seedFile)!.devices.map((d) => d.secret)).toEqual(secretsAfterFirst);
    expect(server.engine.devices()).toHaveLength(20);

    await until(() => second.stats.connected === 20, 'second run online');
    await second.advanceTo(slotInstant('2026-11-25T13:00'));
    await second.settle();
    for (const device of second.devices) {
      expect(device.runtime.outbox.lastSeq()).toBeGreaterThanOrEqual(seqAfterFirst.get(device.deviceId)!);
      expect(server.engine.lastSeq(device.deviceId)).toBe(device.runtime.outbox.lastSeq());
    }
    expect(second.stats.eventsAcked).toBe(second.stats.eventsRecorded);
    expect(second.stats.errors).toBe(0);
  });

  it('a seed file brought to a server that lacks its devices provisions them there from the file', async () => {
    const first = await setup();
    const run = await startFleet({ ...fleetOptions(first.server.url, first.token, first.seedFile), live: false });
    await run.stop();
    const planned = readFleetSeed(first.seedFile)!;

    const other = await startTestServer();
    cleanups.push(() => other.close());
    const again = await startFleet({ ...fleetOptions(other.server.url, other.token, first.seedFile), live: false });
    cleanups.push(() => again.stop().then(() => undefined));
    expect(again.provisioned.fromSeedFile).toBe(true);
    expect(again.provisioned.created.devices).toHaveLength(20);
    expect(again.provisioned.fleet.citizens).toEqual(planned.citizens);
    expect(again.provisioned.fleet.schedules).toEqual(planned.schedules);
    await until(() => again.stats.connected === 20, 'devices online on the second server');
  });
});
