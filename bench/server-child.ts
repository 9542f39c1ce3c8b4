import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegistryChange } from '../packages/core/src/index.js';
import { startBaseline } from '../packages/device-sim/src/index.js';
import { startServer, type RunningServer } from '../packages/server/src/index.js';
import {
  BENCH_ORIGIN,
  BENCH_SERVER_KEY_HEX,
  BENCH_TEAM,
  citizenWithDevice,
  deviceIds,
  teamChange,
} from './fixtures.js';
import type { ParentToServer, ServerSpec, ServerToParent, ServerUsage } from './server-protocol.js';

/**
 * The server under test, in its own process (pinned to one core by the parent): Medtek itself or a baseline. It
 * reports its port, then answers usage requests (its own CPU and RSS) until told to stop.
 */
function send(message: ServerToParent): void {
  process.send?.(message);
}

async function startMedtek(spec: Extract<ServerSpec, { kind: 'medtek' }>): Promise<{
  server: RunningServer;
  cleanup: () => void;
  startServerMs: number;
}> {
  const ownDir = spec.dataDir === undefined;
  const dataDir = spec.dataDir ?? mkdtempSync(join(tmpdir(), 'medtek-bench-'));
  const started = performance.now();
  const server = await startServer({
    config: {
      port: 0,
      dataDir,
      allowedOrigins: [BENCH_ORIGIN],
      deviceAuth: { serverKey: BENCH_SERVER_KEY_HEX },
      // The load generator sends far more per device than firmware would: lift the per-device rate limit.
      limits: { deviceRate: { perSecond: 100_000, burst: 100_000 } },
      ...(spec.manualClockAt !== undefined
        ? { clock: { mode: 'manual', startAt: spec.manualClockAt }, allowManualClock: true }
        : {}),
    },
  });
  const startServerMs = performance.now() - started;
  const validFrom = spec.validFrom ?? new Date(server.clock.now()).toISOString().slice(0, 10);
  const changes: RegistryChange[] = spec.devices.length > 0 ? [teamChange()] : [];
  for (const group of spec.devices)
    for (const deviceId of deviceIds(group.prefix, group.count))
      changes.push(...citizenWithDevice(deviceId, validFrom));
  for (const change of changes) server.pipeline.submit({ type: 'registry', change, actor: 'admin' });
  await new Promise<void>((resolve) => server.pipeline.whenCaughtUp(resolve));
  return {
    server,
    cleanup: () => (ownDir ? rmSync(dataDir, { recursive: true, force: true }) : undefined),
    startServerMs,
  };
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as ServerSpec;
  let usage: () => ServerUsage;
  let stop: () => Promise<void>;
  if (spec.kind === 'medtek') {
    const { server, cleanup, startServerMs } = await startMedtek(spec);
    const liveToken = await server.devTokens?.issueDevToken(
      { sub: 'bench-operator', role: 'superuser', teams: [BENCH_TEAM] },
      3_600,
    );
    usage = () => {
      const stats = server.journal.stats();
      const cpu = process.cpuUsage();
      return {
        cpuMicros: cpu.user + cpu.system,
        rssBytes: process.memoryUsage.rss(),
        journal: { batches: stats.batches, durableRecords: stats.durableRecords, syncMsSum: stats.syncMs.sum },
        connectedDevices: server.devices.connectedDevices,
      };
    };
    stop = async () => {
      await server.close();
      cleanup();
    };
    send({
      type: 'ready',
      port: server.port,
      pid: process.pid,
      ...(liveToken !== undefined ? { liveToken } : {}),
      startup: { ...server.startup, startServerMs },
      rssBytes: process.memoryUsage.rss(),
    });
  } else {
    const baseline = await startBaseline(spec.kind);
    usage = () => {
      const cpu = process.cpuUsage();
      return { cpuMicros: cpu.user + cpu.system, rssBytes: process.memoryUsage.rss() };
    };
    stop = () => baseline.close();
    send({ type: 'ready', port: baseline.port, pid: process.pid, rssBytes: process.memoryUsage.rss() });
  }
  process.on('message', (message: ParentToServer) => {
    if (message.type === 'usage') send({ type: 'usage', usage: usage() });
    else
      void stop().finally(() => {
        process.disconnect?.();
        // A normal exit, so `--cpu-prof` writes its profile.
        process.exit(0);
      });
  });
  // The parent going away must not leave a server behind.
  process.on('disconnect', () => process.exit(0));
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
