import { runLoad } from '../packages/device-sim/src/index.js';
import type { Profile } from './profile.js';
import { spawnServer } from './server-process.js';
import { handshakeFor, INGEST_TARGETS, serverSpecFor, type IngestTarget } from './targets.js';
import { median, range, type Range } from './stats.js';
import { WindowSampler } from './window-sampler.js';

export interface IngestRun {
  target: IngestTarget;
  round: number;
  ackRate: number;
  sendRate: number;
  serverCpu: number;
  serverMicrosPerEvent: number;
  generatorCpu: number;
  p99Ms: number;
  unacked: number;
  errors: number;
  connectFailures: number;
  /** Whether CPU figures cover the measured window or (fallback) the whole run. */
  cpuBasis: 'window' | 'run';
}

export interface IngestSummary {
  target: IngestTarget;
  ackRate: Range;
  serverMicrosPerEvent: Range;
  serverCpu: number;
  generatorCpu: number;
  /** True when the server, not the generator, was the limit (server CPU ≥ 90 % of its core). */
  serverBound: boolean;
}

export interface IngestResult {
  intendedRate: number;
  connections: number;
  seconds: number;
  runs: IngestRun[];
  summary: IngestSummary[];
  ratios: { vsWsAck: number; vsUwsAck: number; vsUwsEchoRaw: number };
  /** Ratios of server CPU per event (baseline µs / Medtek µs): independent of who saturated. */
  costRatios: { vsWsAck: number; vsUwsAck: number; vsUwsEchoRaw: number };
}

const PREFIX = 'ingest';

async function runOne(target: IngestTarget, round: number, profile: Profile, log: (line: string) => void) {
  const { rate, connections, seconds, warmupSeconds } = profile.ingest;
  // MEDTEK_BENCH_CPU_PROFILE_DIR: write a V8 CPU profile of the Medtek server child (where the time goes).
  const profileDir = process.env.MEDTEK_BENCH_CPU_PROFILE_DIR;
  const server = await spawnServer(
    serverSpecFor(target, PREFIX, connections),
    profileDir !== undefined && target === 'medtek' ? { cpuProfileDir: profileDir } : {},
  );
  try {
    const sampler = new WindowSampler(server, warmupSeconds * 1000, (warmupSeconds + seconds) * 1000);
    await sampler.start();
    const report = await runLoad({
      url: server.deviceUrl,
      rate,
      connections,
      seconds,
      warmupSeconds,
      drainSeconds: 3,
      ...handshakeFor(target, PREFIX),
      onProgress: sampler.onProgress,
    });
    const usage = await sampler.result(report.acked);
    const run: IngestRun = {
      target,
      round,
      ackRate: report.ackRate,
      sendRate: report.achievedSendRate,
      serverCpu: usage?.serverCpu ?? Number.NaN,
      serverMicrosPerEvent: usage?.serverMicrosPerEvent ?? Number.NaN,
      generatorCpu: usage?.generatorCpu ?? Number.NaN,
      p99Ms: report.latency.p99Ms,
      unacked: report.unacked,
      errors: report.errors,
      connectFailures: report.connectFailures,
      cpuBasis: usage?.basis ?? 'window',
    };
    log(
      `  ingest ${target.padEnd(12)} round ${round + 1}: ${Math.round(run.ackRate).toLocaleString('en')} acks/s, ` +
        `server ${(run.serverCpu * 100).toFixed(0)} % CPU, ${run.serverMicrosPerEvent.toFixed(2)} µs/event, ` +
        `generator ${(run.generatorCpu * 100).toFixed(0)} %`,
    );
    return run;
  } finally {
    await server.stop();
  }
}

/** Saturation throughput of Medtek and the three baselines, interleaved A B C D × rounds. */
export async function benchIngest(profile: Profile, log: (line: string) => void): Promise<IngestResult> {
  const runs: IngestRun[] = [];
  for (let round = 0; round < profile.ingest.rounds; round++)
    for (const target of INGEST_TARGETS) runs.push(await runOne(target, round, profile, log));
  const summary = INGEST_TARGETS.map((target): IngestSummary => {
    const mine = runs.filter((run) => run.target === target);
    const serverCpu = median(mine.map((run) => run.serverCpu));
    return {
      target,
      ackRate: range(mine.map((run) => run.ackRate)),
      serverMicrosPerEvent: range(mine.map((run) => run.serverMicrosPerEvent)),
      serverCpu,
      generatorCpu: median(mine.map((run) => run.generatorCpu)),
      serverBound: serverCpu >= 0.9,
    };
  });
  const rateOf = (target: IngestTarget) => summary.find((s) => s.target === target)!.ackRate.median;
  const costOf = (target: IngestTarget) => summary.find((s) => s.target === target)!.serverMicrosPerEvent.median;
  const medtek = rateOf('medtek');
  return {
    intendedRate: profile.ingest.rate,
    connections: profile.ingest.connections,
    seconds: profile.ingest.seconds,
    runs,
    summary,
    ratios: {
      vsWsAck: medtek / rateOf('ws-ack'),
      vsUwsAck: medtek / rateOf('uws-ack'),
      vsUwsEchoRaw: medtek / rateOf('uws-echo-raw'),
    },
    costRatios: {
      vsWsAck: costOf('ws-ack') / costOf('medtek'),
      vsUwsAck: costOf('uws-ack') / costOf('medtek'),
      vsUwsEchoRaw: costOf('uws-echo-raw') / costOf('medtek'),
    },
  };
}
