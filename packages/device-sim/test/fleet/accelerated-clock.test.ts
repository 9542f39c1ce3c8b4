import { slotInstant, type DoseSlot, type EventFrame, type Schedule } from '@medtek/core';
import { describe, expect, it } from 'vitest';
import { DeviceClock } from '../../src/device/device-clock.js';
import { MemoryNetwork } from '../../src/device/memory-transport.js';
import { SimDevice } from '../../src/devices/sim-device.js';
import { DeviceDriver } from '../../src/fleet/device-driver.js';
import { CITIZEN_PROFILES } from '../../src/fleet/profiles.js';
import { Supplies } from '../../src/fleet/supplies.js';
import { createRandom } from '../../src/random.js';
import { VirtualScheduler } from '../../src/time/scheduler.js';
import { SECRET } from '../helpers/device-harness.js';
import { MemoryDeviceServer } from '../helpers/memory-server.js';

/** One day per real minute. */
const FACTOR = 1440;
const MINUTE = 60_000;
const START = slotInstant('2026-11-25T07:30');
const MORNING: DoseSlot = {
  time: '08:00',
  earlyMinutes: 30,
  lateMinutes: 60,
  timeCritical: false,
  contents: [{ drug: 'Metformin 500 mg', amount: 1 }],
};

/**
 * A fleet device against a server whose clock runs 1440× faster than local time (virtual local time, in-memory
 * network with 1 ms latency): the driver must wake the model at the simulated instants of its doses.
 */
function acceleratedDevice(type: 'medido' | 'flexsmart' | 'medimi' | 'smila') {
  const scheduler = new VirtualScheduler();
  const network = new MemoryNetwork(scheduler, 1);
  const serverTime = () => START + Math.round(scheduler.now() * FACTOR);
  const server = new MemoryDeviceServer(network, scheduler, SECRET, serverTime);
  const device = new SimDevice({
    type,
    deviceId: 'dev-1',
    citizenId: 'cit-1',
    secret: SECRET,
    url: 'ws://memory/device',
    transport: network.transport,
    scheduler,
    random: createRandom(11),
    // What startFleet does: start from the server's time and speed, then keep learning both from acks.
    clock: new DeviceClock({ initialServerTime: START, initialRate: FACTOR }),
    tickMs: 3_600_000,
    model: {
      profile: CITIZEN_PROFILES.punctual,
      habits: { '2026-11-25T08:00': 'forgets', '2026-11-26T08:00': 'on_time' },
    },
    // What provisionFleet registers at this speed: 60 s × 1440 = 24 server-minutes, one heartbeat per local second.
    runtime: { heartbeatIntervalMs: 24 * MINUTE },
  });
  const schedule: Schedule = { citizenId: 'cit-1', validFrom: '2026-11-25', source: 'fmk', slots: [MORNING] };
  const supplies = new Supplies(device, schedule);
  device.start();
  supplies.restock(device.runtime.deviceTime());
  const driver = new DeviceDriver(device, scheduler, () => supplies.restock(device.runtime.deviceTime()));
  driver.start();
  /** Runs for `serverMs` of simulated time (serverMs / 1440 local ms). */
  const run = (serverMs: number): void => scheduler.advance(serverMs / FACTOR);
  const at = (kind: string, slot: string): EventFrame => {
    const found = server.accepted.find((f) => f.e.kind === kind && 'slot' in f.e && f.e.slot === slot);
    if (!found) throw new Error(`no ${kind} for ${slot}; got ${server.accepted.map((f) => f.e.kind).join(', ')}`);
    return found;
  };
  return { scheduler, server, device, driver, run, at, serverTime };
}

describe('fleet devices under an accelerated server clock (1 day per minute)', () => {
  it('a MedidoClock reminds at 08:00, reports the forgotten dose missed at 08:45, and releases the next day’s on time', () => {
    const { run, at, device, driver, serverTime, scheduler } = acceleratedDevice('medido');
    run(2 * 24 * 60 * MINUTE);
    // Within one simulated minute of the instants they belong to (local timer precision × 1440 is ~1.4 s).
    const day1 = slotInstant('2026-11-25T08:00');
    expect(Math.abs(at('dose_due', '2026-11-25T08:00').deviceTime - day1)).toBeLessThan(MINUTE);
    expect(Math.abs(at('missed', '2026-11-25T08:00').deviceTime - (day1 + 45 * MINUTE))).toBeLessThan(MINUTE);
    const day2 = slotInstant('2026-11-26T08:00');
    expect(Math.abs(at('dose_due', '2026-11-26T08:00').deviceTime - day2)).toBeLessThan(MINUTE);
    const taken = at('taken', '2026-11-26T08:00').deviceTime;
    expect(taken).toBeGreaterThanOrEqual(day2 - MINUTE);
    expect(taken).toBeLessThan(day2 + 11 * MINUTE);
    expect(() => at('missed', '2026-11-26T08:00')).toThrow();
    // Its clock still agrees with the server's after two simulated days.
    expect(Math.abs(device.runtime.deviceTime() - serverTime())).toBeLessThan(MINUTE);
    driver.stop();
    device.stop();
    scheduler.advance(10); // the in-memory close is delivered after the network latency
    expect(scheduler.pendingTimers()).toBe(0);
  });

  it('a FlexSmart app reports "not confirmed" at the end of the 60-minute window, on the simulated clock', () => {
    const { run, at, device, driver } = acceleratedDevice('flexsmart');
    run(26 * 60 * MINUTE);
    const day1 = slotInstant('2026-11-25T08:00');
    expect(Math.abs(at('not_confirmed', '2026-11-25T08:00').deviceTime - (day1 + 60 * MINUTE))).toBeLessThan(MINUTE);
    driver.stop();
    device.stop();
  });

  it('heartbeats follow the server clock: about one per simulated heartbeat interval, not one per local one', () => {
    const { run, device, driver } = acceleratedDevice('medimi');
    run(24 * 60 * MINUTE);
    // One server day at one heartbeat per 24 server-minutes is 60 heartbeats (plus out-of-band status reports when
    // cassettes are loaded); at the local rate it would have been one.
    expect(device.runtime.stats.statusSent).toBeGreaterThanOrEqual(60);
    expect(device.runtime.stats.statusSent).toBeLessThan(70);
    driver.stop();
    device.stop();
  });
});
