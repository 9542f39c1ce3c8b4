import { runLoad, type LatencySummary } from '../packages/device-sim/src/index.js';
import { AlarmProbe, type AlarmProbeResult } from './alarm-probe.js';
import { deviceIds } from './fixtures.js';
import type { Profile } from './profile.js';
import { spawnServer } from './server-process.js';
import { benchDeviceSecret } from './targets.js';
import { WindowSampler } from './window-sampler.js';

export interface LatencyPoint {
  intendedRate: number;
  ackRate: number;
  keptUp: boolean;
  /** Intended send → ack. */
  ack: LatencySummary;
  /** Intended send → actual send (the generator's own lateness, included in `ack`). */
  sendLag: LatencySummary;
  /** Intended trigger → alarm frame at the live subscriber, under this background load. */
  alarm: AlarmProbeResult;
  serverCpu: number;
  serverMicrosPerEvent: number;
  /** Group commit over the whole run at this rate: fsync batches, records per batch, mean fsync time. */
  journal?: { batches: number; recordsPerBatch: number; meanSyncMs: number };
}

const LOAD_PREFIX = 'lat';
const PROBE_PREFIX = 'probe';
const PROBE_DEVICES = 20;

/** Open-loop latency at fixed rates: ack latency of the load, alarm latency of the probe running alongside. */
export async function benchLatency(profile: Profile, log: (line: string) => void): Promise<LatencyPoint[]> {
  const { rates, seconds, connections, alarmsPerSecond } = profile.latency;
  const warmupSeconds = 1;
  const points: LatencyPoint[] = [];
  for (const rate of rates) {
    const server = await spawnServer({
      kind: 'medtek',
      devices: [
        { prefix: LOAD_PREFIX, count: connections },
        { prefix: PROBE_PREFIX, count: PROBE_DEVICES },
      ],
    });
    try {
      const probe = await AlarmProbe.connect(
        server.deviceUrl,
        server.liveUrl,
        server.ready.liveToken ?? '',
        deviceIds(PROBE_PREFIX, PROBE_DEVICES),
      );
      const sampler = new WindowSampler(server, warmupSeconds * 1000, (warmupSeconds + seconds) * 1000);
      await sampler.start();
      let probeRun: Promise<AlarmProbeResult> | undefined;
      const report = await runLoad({
        url: server.deviceUrl,
        rate,
        connections,
        seconds,
        warmupSeconds,
        handshake: 'device',
        devicePrefix: LOAD_PREFIX,
        secretFor: benchDeviceSecret,
        onProgress: (progress) => {
          sampler.onProgress(progress);
          // The probe runs inside the measured window, with the background load at its rate.
          if (probeRun === undefined && progress.elapsedMs >= warmupSeconds * 1000)
            probeRun = probe.run(alarmsPerSecond, Math.max(500, seconds * 1000 - progress.elapsedMs + 1000));
        },
      });
      const alarm = await (probeRun ?? probe.run(alarmsPerSecond, 1_000));
      probe.close();
      const usage = await sampler.result(report.acked);
      const journalStats = (await server.usage()).journal;
      const point: LatencyPoint = {
        intendedRate: rate,
        ackRate: report.ackRate,
        keptUp: report.keptUp,
        ack: report.latency,
        sendLag: report.sendLag,
        alarm,
        serverCpu: usage?.serverCpu ?? Number.NaN,
        serverMicrosPerEvent: usage?.serverMicrosPerEvent ?? Number.NaN,
        ...(journalStats && journalStats.batches > 0
          ? {
              journal: {
                batches: journalStats.batches,
                recordsPerBatch: journalStats.durableRecords / journalStats.batches,
                meanSyncMs: journalStats.syncMsSum / journalStats.batches,
              },
            }
          : {}),
      };
      log(
        `  latency ${rate.toLocaleString('en')}/s: ack p50 ${point.ack.p50Ms} p99 ${point.ack.p99Ms} p99.9 ` +
          `${point.ack.p999Ms} max ${point.ack.maxMs} ms; alarm p99 ${alarm.latency.p99Ms} ms ` +
          `(${alarm.seen}/${alarm.triggers}); send lag p99 ${point.sendLag.p99Ms} ms; ${report.verdict}`,
      );
      points.push(point);
    } finally {
      await server.stop();
    }
  }
  return points;
}
