import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runLoad, type LatencySummary } from '../packages/device-sim/src/index.js';
import { deviceIds } from './fixtures.js';
import type { HolderCommand, HolderReport } from './holder-worker.js';
import type { Profile } from './profile.js';
import { spawnServer } from './server-process.js';
import { benchDeviceSecret } from './targets.js';

export interface ConnectionsResult {
  devices: number;
  connected: number;
  failed: number;
  heartbeatMs: number;
  /** Seconds from the first handshake to the last device authenticated (all holder processes in parallel). */
  connectSeconds: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  bytesPerDevice: number;
  /** Ack latency of an event load running while the devices heartbeat. */
  eventRate: number;
  ack: LatencySummary;
  keptUp: boolean;
  serverOpenFileLimitNote: string;
}

const HOLDER_ENTRY = fileURLToPath(new URL('./holder-worker.ts', import.meta.url));
const HOLD_PREFIX = 'hold';
const LOAD_PREFIX = 'cload';
const LOAD_CONNECTIONS = 50;

function nextReport(child: ChildProcess): Promise<HolderReport> {
  return new Promise((resolve, reject) => {
    child.once('message', (message: HolderReport) => resolve(message));
    child.once('exit', (code) => reject(new Error(`holder exited (${code})`)));
  });
}

/** N authenticated devices holding heartbeats: server RSS per device, time to connect, ack p99 meanwhile. */
export async function benchConnections(profile: Profile, log: (line: string) => void): Promise<ConnectionsResult> {
  const { devices, heartbeatMs, holders, eventRate, seconds } = profile.connections;
  const loadConnections = Math.min(LOAD_CONNECTIONS, Math.max(1, Math.floor(devices / 10)));
  const holdCount = devices - loadConnections;
  const server = await spawnServer(
    {
      kind: 'medtek',
      devices: [
        { prefix: HOLD_PREFIX, count: holdCount },
        { prefix: LOAD_PREFIX, count: loadConnections },
      ],
    },
    { readyTimeoutMs: 300_000 },
  );
  const children: ChildProcess[] = [];
  try {
    const before = await server.usage();
    const ids = deviceIds(HOLD_PREFIX, holdCount);
    const reports = await Promise.all(
      Array.from({ length: holders }, (_, h) => {
        const child = fork(HOLDER_ENTRY, [], {
          execArgv: ['--import', 'tsx'],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        children.push(child);
        const share = ids.filter((_, index) => index % holders === h);
        const report = nextReport(child);
        child.send({ type: 'connect', url: server.deviceUrl, deviceIds: share, heartbeatMs } satisfies HolderCommand);
        return report;
      }),
    );
    // The holders connect in parallel; each measures from its first handshake (process start-up excluded).
    const connectSeconds = Math.max(...reports.map((r) => r.ms)) / 1000;
    const connectedHolders = reports.reduce((sum, r) => sum + r.connected, 0);
    const failed = reports.reduce((sum, r) => sum + r.failed, 0);
    const load = await runLoad({
      url: server.deviceUrl,
      rate: eventRate,
      connections: loadConnections,
      seconds,
      warmupSeconds: 1,
      handshake: 'device',
      devicePrefix: LOAD_PREFIX,
      secretFor: benchDeviceSecret,
    });
    // RSS with every device still connected (the load's sockets are closed by now; theirs is the same kind).
    const after = await server.usage();
    const connected = connectedHolders + load.connections;
    const result: ConnectionsResult = {
      devices,
      connected,
      failed: failed + load.connectFailures,
      heartbeatMs,
      connectSeconds,
      rssBeforeBytes: before.rssBytes,
      rssAfterBytes: after.rssBytes,
      bytesPerDevice: (after.rssBytes - before.rssBytes) / Math.max(1, connectedHolders),
      eventRate,
      ack: load.latency,
      keptUp: load.keptUp,
      serverOpenFileLimitNote: 'RLIMIT_NOFILE 20000 (cannot be raised here); server cap 90 % minus reserve',
    };
    log(
      `  connections: ${connectedHolders.toLocaleString('en')} held + ${load.connections} loading, ` +
        `${failed} failed, connected in ${connectSeconds.toFixed(1)} s, ` +
        `${(result.bytesPerDevice / 1024).toFixed(2)} KiB/device; ack p99 ${load.latency.p99Ms} ms at ${eventRate}/s`,
    );
    return result;
  } finally {
    for (const child of children) if (child.connected) child.send({ type: 'stop' } satisfies HolderCommand);
    await server.stop();
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}
