import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegistryChange } from '@medtek/core';
import { startServer, type RunningServer, type StartServerOptions } from '../../src/index.js';

/** 2026-11-25 07:00 Europe/Copenhagen (06:00 UTC): a Wednesday morning. */
export const TEST_START = Date.UTC(2026, 10, 25, 6, 0, 0);

export interface TestServer {
  server: RunningServer;
  dataDir: string;
  restart(overrides?: Record<string, unknown>): Promise<RunningServer>;
  stop(): Promise<void>;
}

/**
 * A real server on an ephemeral port with a temp data dir and a manual clock (time moves only when the test says).
 * `stop()` closes it and removes the data dir.
 */
export async function startTestServer(
  config: Record<string, unknown> = {},
  options: Omit<StartServerOptions, 'config'> = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'medtek-test-'));
  const base = {
    port: 0,
    dataDir,
    clock: { mode: 'manual', startAt: TEST_START },
    allowManualClock: true,
    allowedOrigins: ['http://localhost:8000'],
    ...config,
  };
  const handle: TestServer = {
    server: await startServer({ ...options, config: base }),
    dataDir,
    async restart(overrides = {}) {
      await handle.server.close();
      handle.server = await startServer({ ...options, config: { ...base, ...overrides } });
      return handle.server;
    },
    async stop() {
      await handle.server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}

/** Applies registry changes through the server's one input path and waits until they are durable. */
export async function applyRegistry(server: RunningServer, changes: readonly RegistryChange[]): Promise<void> {
  for (const change of changes) server.pipeline.submit({ type: 'registry', change, actor: 'admin' });
  await new Promise<void>((resolve) => server.pipeline.whenCaughtUp(resolve));
}

/** Two teams, a citizen in each with a MedidoClock, and a morning schedule. */
export function twoTeamFixture(): RegistryChange[] {
  const slot = {
    time: '08:00',
    earlyMinutes: 30,
    lateMinutes: 60,
    timeCritical: false,
    contents: [{ drug: 'Paracetamol 500 mg', amount: 2 }],
  };
  return [
    { kind: 'team_upsert', team: { id: 'team-a', name: 'Hjemmepleje Nord' } },
    { kind: 'team_upsert', team: { id: 'team-b', name: 'Hjemmepleje Syd' } },
    {
      kind: 'citizen_upsert',
      citizen: { id: 'cit-a1', teamId: 'team-a', name: 'Borger A1', address: 'Nordvej 1', staircaseStep: 2 },
    },
    {
      kind: 'citizen_upsert',
      citizen: { id: 'cit-b1', teamId: 'team-b', name: 'Borger B1', address: 'Sydvej 1', staircaseStep: 2 },
    },
    { kind: 'device_upsert', device: { deviceId: 'dev-a1', type: 'medido', teamId: 'team-a', citizenId: 'cit-a1' } },
    { kind: 'device_upsert', device: { deviceId: 'dev-b1', type: 'medido', teamId: 'team-b', citizenId: 'cit-b1' } },
    {
      kind: 'schedule_upsert',
      schedule: { citizenId: 'cit-a1', validFrom: '2026-11-01', source: 'manual', slots: [slot] },
    },
    {
      kind: 'schedule_upsert',
      schedule: { citizenId: 'cit-b1', validFrom: '2026-11-01', source: 'manual', slots: [slot] },
    },
  ];
}
