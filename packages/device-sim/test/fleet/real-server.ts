import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { slotInstant } from '@medtek/core';
import { startServer, type RunningServer } from '@medtek/server';

export const ORIGIN = 'http://fleet.test';
/** 07:00 local on a plain November day: the morning doses are an hour away. */
export const FLEET_START = slotInstant('2026-11-25T07:00');

/** A real Medtek server on an ephemeral port, a temp data dir and a manual clock, plus an administrator token. */
export async function startTestServer(dataDir = mkdtempSync(join(tmpdir(), 'medtek-fleet-'))) {
  const server: RunningServer = await startServer({
    config: {
      dataDir,
      port: 0,
      clock: { mode: 'manual', startAt: FLEET_START },
      allowManualClock: true,
      heartbeatIntervalMs: 3_600_000,
      allowedOrigins: [ORIGIN],
    },
  });
  if (!server.devTokens) throw new Error('the test server has no development token issuer');
  const token = await server.devTokens.issueDevToken(
    { sub: 'fleet-admin', role: 'administrator', teams: [] },
    3_600,
    Date.now(),
  );
  return {
    server,
    token,
    dataDir,
    async close(keepData = false): Promise<void> {
      await server.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `predicate` every 5 ms (sockets settle asynchronously) for up to `timeoutMs`. */
export async function until(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
