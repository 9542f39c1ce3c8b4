import {
  decodeServerToDeviceFrame,
  type Citizen,
  type DeviceEvent,
  type DeviceRecord,
  type SlotKey,
  type Team,
} from '@medtek/core';
// The simulator's device firmware (outbox, in-order replay in batches, backoff): the system under test is the pair.
import { DeviceClock } from '../../../../device-sim/src/device/device-clock.js';
import { DeviceRuntime } from '../../../../device-sim/src/device/device-runtime.js';
import { wsTransport } from '../../../../device-sim/src/device/transport.js';
import { createRandom } from '../../../../device-sim/src/random.js';
import { realScheduler } from '../../../../device-sim/src/time/scheduler.js';

/** Every `ALARM_EVERY`-th event of a device is a dispense failure on its own slot: one alarm each, exactly. */
const ALARM_EVERY = 10;
const SLOT_BASE = Date.UTC(2030, 0, 1);

/** A slot key unique to the device's n-th alarm-raising event. */
export function alarmSlot(n: number): SlotKey {
  return new Date(SLOT_BASE + n * 60_000).toISOString().slice(0, 16);
}

/** What device `index`'s event number `seq` is (deterministic: the checker recomputes it from the journal). */
export function eventFor(seq: number): DeviceEvent {
  if (seq % ALARM_EVERY === 0) return { kind: 'dispense_failed', slot: alarmSlot(seq / ALARM_EVERY), reason: 'jam' };
  return seq % 2 === 0 ? { kind: 'lid_opened' } : { kind: 'dose_due', slot: alarmSlot(0) };
}

export const crashTeam = 'team-crash';
export const crashDeviceId = (index: number): string => `crash-${String(index).padStart(5, '0')}`;

/** The fleet's registry: one team, one citizen per device, no schedules (so no dose alarms interfere). */
export function crashRegistry(devices: number): { team: Team; citizens: Citizen[]; devices: DeviceRecord[] } {
  const citizens: Citizen[] = [];
  const records: DeviceRecord[] = [];
  for (let i = 0; i < devices; i++) {
    const citizenId = `crash-cit-${i}`;
    citizens.push({ id: citizenId, teamId: crashTeam, name: `Borger ${i}`, address: `Testvej ${i}`, staircaseStep: 2 });
    records.push({ deviceId: crashDeviceId(i), type: 'medido', teamId: crashTeam, citizenId });
  }
  return { team: { id: crashTeam, name: 'Crash test' }, citizens, devices: records };
}

/** One simulated dispenser and what it saw: the highest cumulative ack (every seq ≤ it was acknowledged). */
export interface CrashDevice {
  readonly deviceId: string;
  readonly runtime: DeviceRuntime;
  maxAcked: number;
  acksSeen: number;
  lastAckAt: number;
}

export interface CrashFleet {
  readonly devices: CrashDevice[];
  /** Records `count` more events, round robin over the devices (the open-loop driver calls it). */
  record(count: number): void;
  readonly recorded: () => number;
  /** True when every device's outbox is empty (everything recorded was acknowledged). */
  drained(): boolean;
  stop(): void;
}

export function startCrashFleet(options: {
  url: string;
  secrets: ReadonlyMap<string, Uint8Array>;
  seed: number;
}): CrashFleet {
  const random = createRandom(options.seed);
  const scheduler = realScheduler();
  const transport = wsTransport();
  const devices: CrashDevice[] = [];
  for (const [deviceId, secret] of options.secrets) {
    const device: CrashDevice = { deviceId, maxAcked: 0, acksSeen: 0, lastAckAt: 0, runtime: undefined as never };
    const runtime = new DeviceRuntime({
      identity: {
        deviceId,
        deviceType: 'medido',
        firmware: 'crash-1',
        capabilities: ['remind', 'dispense', 'lock', 'roll'],
        secret,
      },
      url: `${options.url.replace(/^http/, 'ws')}/device`,
      transport,
      scheduler,
      random: random.fork(deviceId),
      clock: new DeviceClock({ initialServerTime: Date.now() }),
      // Restarts take about a second: retry quickly, capped, so the test measures the server, not the backoff.
      backoff: { initialMs: 50, maxMs: 1_000, factor: 2 },
      challengeTimeoutMs: 5_000,
      status: () => ({ battery: 90, power: 'mains', signal: 80 }),
      wire: {
        // Observe acks on the wire (the set A of the checker) without changing what the firmware receives.
        incoming: (bytes) => {
          const decoded = decodeServerToDeviceFrame(bytes);
          if (decoded.ok && decoded.frame.t === 'ack') {
            device.acksSeen++;
            device.lastAckAt = performance.now();
            if (decoded.frame.upToSeq > device.maxAcked) device.maxAcked = decoded.frame.upToSeq;
          }
          return bytes;
        },
      },
    });
    (device as { runtime: DeviceRuntime }).runtime = runtime;
    devices.push(device);
    runtime.start();
  }
  let next = 0;
  let recorded = 0;
  return {
    devices,
    record(count) {
      for (let n = 0; n < count; n++) {
        const device = devices[next]!;
        next = (next + 1) % devices.length;
        device.runtime.record(eventFor(device.runtime.outbox.lastSeq() + 1));
        recorded++;
      }
    },
    recorded: () => recorded,
    drained: () => devices.every((device) => device.runtime.outbox.size() === 0),
    stop() {
      for (const device of devices) device.runtime.stop();
    },
  };
}
