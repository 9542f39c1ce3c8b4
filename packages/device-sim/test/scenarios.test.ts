import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '@medtek/server';
import { afterEach, describe, expect, it } from 'vitest';
import { SCENARIO_START, SCENARIOS } from '../src/scenarios/scenarios.js';
import { ScenarioWorld, type ScenarioServer } from '../src/scenarios/world.js';
import { adaptRealServer } from './helpers/real-server-adapter.js';

const ORIGIN = 'http://scenario.test';

const adapt = (server: RunningServer): ScenarioServer => adaptRealServer(server, ORIGIN, 'eteam-1');

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
