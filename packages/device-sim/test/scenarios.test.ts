import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '@medtek/server';
import { afterEach, describe, expect, it } from 'vitest';
import { SCENARIO_START, SCENARIOS } from '../src/scenarios/scenarios.js';
import { ScenarioWorld, type ScenarioServer } from '../src/scenarios/world.js';

const ORIGIN = 'http://scenario.test';

/** Adapts a real running Medtek server (manual clock) to what scenarios need. */
function adapt(server: RunningServer): ScenarioServer {
  const clock = server.clock as unknown as { now(): number; set(at: number): number };
  return {
    wsBase: `ws://127.0.0.1:${server.port}`,
    origin: ORIGIN,
    now: () => clock.now(),
    setTime: (at) => {
      clock.set(at);
    },
    deviceSecret: (deviceId) => server.deviceSecret(deviceId),
    registry: (change) =>
      new Promise((resolve) => {
        server.pipeline.submit({ type: 'registry', change }, () => resolve());
      }),
    token: async (teams) => {
      if (!server.devTokens) throw new Error('server has no development token issuer');
      return server.devTokens.issueDevToken({ sub: 'eteam-1', role: 'superuser', teams }, 3_600, Date.now());
    },
  };
}

describe('scenarios against a real Medtek server', () => {
  let server: RunningServer | undefined;
  let world: ScenarioWorld | undefined;
  let dataDir: string | undefined;

  afterEach(async () => {
    await world?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: ${scenario.description}`, async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'medtek-scenario-'));
      server = await startServer({
        config: {
          dataDir,
          port: 0,
          clock: { mode: 'manual', startAt: SCENARIO_START },
          allowManualClock: true,
          heartbeatIntervalMs: 3_600_000,
          allowedOrigins: [ORIGIN],
        },
      });
      world = new ScenarioWorld(adapt(server), 7);
      const outcome = await scenario.run(world);
      for (const type of scenario.expects) expect(outcome.alarms.map((a) => a.type)).toContain(type);
      expect(world.live?.errors ?? []).toEqual([]);
    });
  }
});
