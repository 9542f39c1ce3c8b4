import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '@medtek/server';
import type { WireHooks } from '../../src/device/device-runtime.js';
import type { SimDevice } from '../../src/devices/sim-device.js';
import { SCENARIO_START } from '../../src/scenarios/scenarios.js';
import { ScenarioWorld, type ScenarioServer } from '../../src/scenarios/world.js';
import { adaptRealServer } from '../helpers/real-server-adapter.js';

const ORIGIN = 'http://faults.test';
/** The server's heartbeat interval: a device silent for 1.5 of these is offline. */
export const HEARTBEAT_MS = 3_600_000;

const adapt = (server: RunningServer): ScenarioServer => adaptRealServer(server, ORIGIN, 'faults-super');

/** A real Medtek server (temp data dir, ephemeral port, manual clock) with a scenario world around it. */
export async function startFaultWorld(seed = 7) {
  const dataDir = mkdtempSync(join(tmpdir(), 'medtek-faults-'));
  const server = await startServer({
    config: {
      dataDir,
      port: 0,
      clock: { mode: 'manual', startAt: SCENARIO_START },
      allowManualClock: true,
      heartbeatIntervalMs: HEARTBEAT_MS,
      allowedOrigins: [ORIGIN],
    },
  });
  const world = new ScenarioWorld(adapt(server), seed);
  return {
    server,
    world,
    /** Events the server applied for this device (its last accepted sequence number). */
    serverLastSeq: (device: SimDevice) => server.engine.lastSeq(device.deviceId) ?? 0,
    async close(): Promise<void> {
      await world.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Installs per-frame wire faults on a running device. ScenarioWorld builds its devices without wire hooks, and the
 * runtime reads `options.wire` on every frame, so setting it afterwards takes effect from the next frame on.
 */
export function installWireHooks(device: SimDevice, hooks: WireHooks): void {
  (device.runtime as unknown as { options: { wire?: WireHooks } }).options.wire = hooks;
}
