import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { decodeHistogram, newLatencyHistogram, summarize, type LatencySummary } from './histogram.js';
import type { ParentToWorker, WorkerProgress, WorkerResult, WorkerToParent } from './worker-protocol.js';

export interface LoadOptions {
  /** Device endpoint, e.g. `ws://127.0.0.1:8080/device`. */
  url: string;
  /** Intended frames per second, all connections together. */
  rate: number;
  connections: number;
  /** Measured seconds (after warm-up). */
  seconds: number;
  warmupSeconds?: number;
  /** Seconds to wait for outstanding acks after sending stops. */
  drainSeconds?: number;
  /** Worker processes (default: one per core, at most 4). */
  workers?: number;
  /** 'device' authenticates as Medtek devices (the real server); 'none' for the baselines. */
  handshake?: 'none' | 'device';
  /** Device ids are `${devicePrefix}-${n}` (n from 1); they must be provisioned when handshake is 'device'. */
  devicePrefix?: string;
  secretFor?: (deviceId: string) => Uint8Array;
  /** Busy-poll in the workers for µs-exact send times (only when the server runs on other cores). */
  spin?: boolean;
  /** Called about twice a second while sending. */
  onProgress?: (progress: WorkerProgress & { elapsedMs: number }) => void;
}

/** The JSON a load run produces (`pnpm sim load`, `pnpm bench`). */
export interface LoadReport {
  url: string;
  workers: number;
  connections: number;
  connectFailures: number;
  intendedRate: number;
  /** Frames of the measured window actually sent within it, per second. */
  achievedSendRate: number;
  /** Acks that arrived within the measured window, per second: what the server sustained. */
  ackRate: number;
  /** achievedSendRate / intendedRate. */
  sendAccuracy: number;
  /** True when the server acknowledged at ≥ 98 % of the intended rate and left nothing unacknowledged. */
  keptUp: boolean;
  sent: number;
  acked: number;
  unacked: number;
  skipped: number;
  errors: number;
  closes: number;
  seconds: number;
  /** Intended send → ack. */
  latency: LatencySummary;
  /** Intended send → actual send (how late the generator itself was). */
  sendLag: LatencySummary;
  /** Honest one-line verdict. */
  verdict: string;
}

const WORKER_ENTRY = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

function spawnWorker(): ChildProcess {
  return fork(WORKER_ENTRY, [], {
    // tsx runs the TypeScript worker; one GC thread and a larger young generation keep the sender's pauses short
    // (perf-anchors.md: concurrent GC helpers preempted the pinned sender for whole 4 ms ticks).
    execArgv: ['--import', 'tsx', '--single-threaded-gc', '--max-semi-space-size=64'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
}

function nextMessage(child: ChildProcess, type: WorkerToParent['type']): Promise<WorkerToParent> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: WorkerToParent): void => {
      if (message.type === 'failed') {
        cleanup();
        reject(new Error(`load worker failed: ${message.message}`));
      } else if (message.type === type) {
        cleanup();
        resolve(message);
      }
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`load worker exited (${code}) before '${type}'`));
    };
    const cleanup = (): void => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Splits `total` into `parts` integers that differ by at most one. */
function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

/**
 * Runs an open-loop load: `rate` frames/s spread round-robin over `connections` sockets in `workers` processes.
 * Latency is measured from each frame's intended send time to its (cumulative) ack.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const workerCount = Math.max(
    1,
    Math.min(options.workers ?? Math.min(4, availableParallelism()), options.connections),
  );
  const prefix = options.devicePrefix ?? 'load';
  const handshake = options.handshake ?? 'none';
  const warmupMs = (options.warmupSeconds ?? 1) * 1000;
  const durationMs = options.seconds * 1000;
  const connectionsPer = split(options.connections, workerCount);
  const children = connectionsPer.map(() => spawnWorker());
  const latest = children.map((): WorkerProgress => ({ sent: 0, acked: 0, errors: 0 }));
  try {
    let nextDevice = 1;
    const ready = children.map((child, w) => {
      const devices = Array.from({ length: connectionsPer[w] as number }, () => {
        const deviceId = `${prefix}-${nextDevice++}`;
        const secret = options.secretFor?.(deviceId);
        return secret ? { deviceId, secretHex: Buffer.from(secret).toString('hex') } : { deviceId };
      });
      const share = (options.rate * devices.length) / options.connections;
      const message: ParentToWorker = {
        type: 'connect',
        config: {
          url: options.url,
          devices,
          ratePerSec: share,
          warmupMs,
          durationMs,
          drainMs: (options.drainSeconds ?? 2) * 1000,
          handshake,
          spin: options.spin ?? false,
        },
      };
      const pending = nextMessage(child, 'ready');
      child.send(message);
      return pending;
    });
    const readies = await Promise.all(ready);
    const startAtEpochMs = Date.now() + 300;
    const done = children.map((child) => nextMessage(child, 'done'));
    children.forEach((child, w) => {
      child.on('message', (message: WorkerToParent) => {
        if (message.type !== 'progress') return;
        latest[w] = message.progress;
        options.onProgress?.({
          sent: latest.reduce((sum, p) => sum + p.sent, 0),
          acked: latest.reduce((sum, p) => sum + p.acked, 0),
          errors: latest.reduce((sum, p) => sum + p.errors, 0),
          elapsedMs: Date.now() - startAtEpochMs,
        });
      });
      child.send({ type: 'go', startAtEpochMs } satisfies ParentToWorker);
    });
    const results = (await Promise.all(done)).map((m) => (m as { result: WorkerResult }).result);
    const connectFailures = readies.reduce((sum, r) => sum + (r as { connectFailures: number }).connectFailures, 0);
    return buildReport(options, workerCount, connectFailures, results);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}

function buildReport(
  options: LoadOptions,
  workers: number,
  connectFailures: number,
  results: WorkerResult[],
): LoadReport {
  const sum = (pick: (r: WorkerResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  const latency = newLatencyHistogram();
  const sendLag = newLatencyHistogram();
  for (const result of results) {
    latency.add(decodeHistogram(result.latency));
    sendLag.add(decodeHistogram(result.sendLag));
  }
  const seconds = options.seconds;
  const achievedSendRate = sum((r) => r.sentInWindow) / seconds;
  const ackRate = sum((r) => r.ackedInWindow) / seconds;
  const unacked = sum((r) => r.unacked);
  const skipped = sum((r) => r.skipped);
  const within = (value: number) => Math.abs(value - options.rate) <= 0.02 * options.rate;
  // Acks may exceed the rate inside the window (a backlog from the warm-up catching up), never fall short of it.
  const keptUp = ackRate >= 0.98 * options.rate && unacked === 0 && skipped === 0 && connectFailures === 0;
  const generatorOnTarget = within(achievedSendRate);
  const round = (n: number) => Math.round(n * 10) / 10;
  const verdict = !generatorOnTarget
    ? `generator missed its target: sent ${round(achievedSendRate)}/s of ${options.rate}/s intended — figures are not a server measurement`
    : keptUp
      ? `server kept up: ${round(ackRate)} acks/s for ${options.rate}/s intended`
      : `server did NOT keep up: ${round(ackRate)} acks/s for ${options.rate}/s intended, ${unacked} unacknowledged, ${skipped} not sendable, ${connectFailures} connections failed`;
  return {
    url: options.url,
    workers,
    connections: options.connections - connectFailures,
    connectFailures,
    intendedRate: options.rate,
    achievedSendRate: round(achievedSendRate),
    ackRate: round(ackRate),
    sendAccuracy: Math.round((achievedSendRate / options.rate) * 10_000) / 10_000,
    keptUp,
    sent: sum((r) => r.sent),
    acked: sum((r) => r.acked),
    unacked,
    skipped,
    errors: sum((r) => r.errors),
    closes: sum((r) => r.closes),
    seconds,
    latency: summarize(latency),
    sendLag: summarize(sendLag),
    verdict,
  };
}
