import { DeviceClock } from '../../src/device/device-clock.js';
import { DeviceRuntime, type DeviceRuntimeOptions } from '../../src/device/device-runtime.js';
import { MemoryNetwork } from '../../src/device/memory-transport.js';
import { createRandom } from '../../src/random.js';
import { VirtualScheduler } from '../../src/time/scheduler.js';
import { MemoryDeviceServer } from './memory-server.js';

export const SECRET = new Uint8Array(32).fill(7);
export const SERVER_EPOCH = 1_764_000_000_000;

/** One device runtime against the in-memory server, on a virtual clock. */
export function deviceHarness(overrides: Partial<DeviceRuntimeOptions> = {}) {
  const scheduler = new VirtualScheduler();
  const network = new MemoryNetwork(scheduler, 1);
  const server = new MemoryDeviceServer(network, scheduler, SECRET);
  const runtime = new DeviceRuntime({
    identity: {
      deviceId: 'dev-1',
      deviceType: 'medido',
      firmware: 'sim-test',
      capabilities: ['remind', 'dispense'],
      secret: SECRET,
    },
    url: 'ws://memory/device',
    transport: network.transport,
    scheduler,
    random: createRandom(42),
    clock: new DeviceClock({ initialServerTime: SERVER_EPOCH }),
    status: () => ({ battery: 90, power: 'mains', signal: 70 }),
    ...overrides,
  });
  return { scheduler, network, server, runtime };
}
