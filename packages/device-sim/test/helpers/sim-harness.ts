import type { DeviceType } from '@medtek/core';
import { DeviceClock } from '../../src/device/device-clock.js';
import type { WireHooks } from '../../src/device/device-runtime.js';
import { MemoryNetwork } from '../../src/device/memory-transport.js';
import { packRoll } from '../../src/devices/pharmacy.js';
import { RollDispenser } from '../../src/devices/roll-dispenser.js';
import { expandSchedule } from '../../src/devices/schedule-occurrences.js';
import { SimDevice } from '../../src/devices/sim-device.js';
import { createRandom } from '../../src/random.js';
import { VirtualScheduler } from '../../src/time/scheduler.js';
import { MemoryDeviceServer } from './memory-server.js';
import { MORNING } from './recording-sink.js';
import { SECRET } from './device-harness.js';

/** A full simulated device (model + runtime) against the in-memory server, starting 2026-11-25 06:00 local. */
export function simHarness(type: DeviceType = 'medido', wire?: WireHooks) {
  const scheduler = new VirtualScheduler();
  const network = new MemoryNetwork(scheduler, 1);
  const start = Date.parse('2026-11-25T05:00:00Z');
  const server = new MemoryDeviceServer(network, scheduler, SECRET, () => start + Math.round(scheduler.now()));
  const device = new SimDevice({
    type,
    deviceId: 'dev-1',
    citizenId: 'cit-1',
    secret: SECRET,
    url: 'ws://memory/device',
    transport: network.transport,
    scheduler,
    random: createRandom(5),
    clock: new DeviceClock({ initialServerTime: start }),
    tickMs: 1_000,
    ...(wire ? { runtime: { wire } } : {}),
  });
  const occurrences = expandSchedule([MORNING], '2026-11-25', 14);
  device.model.setSchedule(occurrences);
  device.start();
  scheduler.advance(10);
  if (device.model instanceof RollDispenser) device.model.loadRoll('R1', packRoll('cit-1', 'R1', occurrences));
  scheduler.advance(10);
  return { scheduler, network, server, device };
}
