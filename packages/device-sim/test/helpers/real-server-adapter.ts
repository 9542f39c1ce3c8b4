import type { RunningServer } from '@medtek/server';
import type { ScenarioServer } from '../../src/scenarios/world.js';

/** Adapts a real running Medtek server (manual clock) to what a ScenarioWorld needs; one copy for every test. */
export function adaptRealServer(server: RunningServer, origin: string, tokenSubject: string): ScenarioServer {
  const clock = server.clock as unknown as { now(): number; set(at: number): number };
  return {
    wsBase: `ws://127.0.0.1:${server.port}`,
    origin,
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
      return server.devTokens.issueDevToken({ sub: tokenSubject, role: 'superuser', teams }, 3_600, Date.now());
    },
  };
}
