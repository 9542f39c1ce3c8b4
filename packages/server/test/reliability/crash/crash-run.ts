import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRandom } from '../../../../device-sim/src/random.js';
import { checkCrashRun, type CheckReport } from './checker.js';
import { crashRegistry, startCrashFleet } from './crash-fleet.js';
import { provisionOverRest } from './provision.js';
import { ServerProcess } from './server-process.js';
import { TcpRelay } from './tcp-relay.js';

export interface CrashRunOptions {
  kills: number;
  /** SIGSTOP/SIGCONT pauses, spread between the kills. */
  pauses: number;
  /** Events per second over the whole fleet (open loop: the schedule does not wait for acks). */
  rate: number;
  devices: number;
  /** Time between faults, uniformly drawn in [min, max] ms. */
  faultGapMs: [number, number];
  pauseMs: [number, number];
  /** After some kills, append garbage to the last journal segment (a torn write) before restarting. */
  tornTails: boolean;
  /** Longest wait for every outbox to empty after the load stops. */
  drainTimeoutMs: number;
  seed: number;
  heartbeatIntervalMs: number;
  log?: (line: string) => void;
}

export interface RestartFigure {
  /** SIGKILL → the restarted server printed its ready line (journal replayed, listening). */
  readyMs: number;
  /** SIGKILL → the first ack any device received from the restarted server. */
  firstAckMs: number | undefined;
  replayedRecords: number;
  replayMs: number;
  tornTailBytes: number;
}

export interface CrashRunReport {
  options: Omit<CrashRunOptions, 'log'>;
  durationMs: number;
  eventsRecorded: number;
  achievedRate: number;
  kills: number;
  pauses: number;
  restarts: RestartFigure[];
  finalExit: { code: number | null; signal: string | null };
  check: CheckReport;
}

export const DEFAULT_CRASH_OPTIONS: CrashRunOptions = {
  kills: 3,
  pauses: 2,
  rate: 400,
  devices: 20,
  faultGapMs: [400, 900],
  pauseMs: [100, 400],
  tornTails: true,
  drainTimeoutMs: 20_000,
  seed: 1,
  heartbeatIntervalMs: 60_000,
};

/**
 * The crash test (reliability.md §1): a child-process server on a fixed data dir, a fleet of simulated devices
 * sending at a steady rate, a nemesis that SIGKILLs/restarts and SIGSTOP/SIGCONTs the server, then a final drain,
 * a graceful stop and the offline checker over the journal files.
 */
export async function runCrashTest(options: CrashRunOptions): Promise<CrashRunReport> {
  const log = options.log ?? (() => undefined);
  const random = createRandom(options.seed);
  const dataDir = mkdtempSync(join(tmpdir(), 'medtek-crash-'));
  const journalDir = join(dataDir, 'journal');
  const config = {
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    // Reconnect replays arrive in bursts of batches; the default per-socket budget is for steady state.
    limits: { deviceRate: { perSecond: 1_000, burst: 2_000 } },
  };
  const started = performance.now();
  let { process: server, ready } = await ServerProcess.start({ dataDir, config });
  const secrets = await provisionOverRest({ url: ready.url, dataDir, ...crashRegistry(options.devices) });
  const relay = await TcpRelay.listen();
  relay.setTarget(ready.port);
  const fleet = startCrashFleet({ url: relay.url, secrets, seed: options.seed });
  const restarts: RestartFigure[] = [];

  // Open-loop driver: every 5 ms, record what the schedule says is due by now.
  const loadStarted = performance.now();
  const driver = setInterval(() => {
    const due = Math.floor(((performance.now() - loadStarted) * options.rate) / 1000) - fleet.recorded();
    if (due > 0) fleet.record(due);
  }, 5);

  try {
    // Kills last in the list: the shuffle below keeps the final entry, so the run ends on a kill under load.
    const faults: ('kill' | 'pause')[] = [
      ...Array<'pause'>(options.pauses).fill('pause'),
      ...Array<'kill'>(options.kills).fill('kill'),
    ];
    for (let i = faults.length - 2; i > 0; i--) {
      const j = random.int(0, i);
      [faults[i], faults[j]] = [faults[j]!, faults[i]!];
    }
    for (const fault of faults) {
      await sleep(random.between(...options.faultGapMs));
      if (fault === 'pause') {
        const ms = random.between(...options.pauseMs);
        server.signal('SIGSTOP');
        await sleep(ms);
        server.signal('SIGCONT');
        log(`pause ${Math.round(ms)} ms`);
        continue;
      }
      const killedAt = performance.now();
      relay.setTarget(undefined);
      await server.kill();
      const tornTailBytes = options.tornTails && random.chance(0.5) ? tearTail(journalDir, random.int(1, 64)) : 0;
      ({ process: server, ready } = await ServerProcess.start({ dataDir, config }));
      relay.setTarget(ready.port);
      const readyMs = performance.now() - killedAt;
      const figure: RestartFigure = {
        readyMs,
        firstAckMs: undefined,
        replayedRecords: ready.replayedRecords,
        replayMs: ready.replayMs,
        tornTailBytes,
      };
      restarts.push(figure);
      void waitForAck(fleet.devices, killedAt + readyMs).then((at) => {
        figure.firstAckMs = at === undefined ? undefined : at - killedAt;
      });
      log(
        `kill ${restarts.length}: ready after ${Math.round(readyMs)} ms (replayed ${ready.replayedRecords} records in ${ready.replayMs} ms${tornTailBytes ? `, torn tail of ${tornTailBytes} B` : ''})`,
      );
    }
  } catch (error) {
    // Leave no server, socket or temp dir behind when a restart fails.
    fleet.stop();
    server.signal('SIGKILL');
    await relay.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  } finally {
    clearInterval(driver);
  }

  // Final drain: no new events; every device must get everything acknowledged.
  const drainStarted = performance.now();
  while (!fleet.drained() && performance.now() - drainStarted < options.drainTimeoutMs) await sleep(20);
  await sleep(50); // let the last acks' restarts figures settle
  const outcomes = fleet.devices.map((device) => ({
    deviceId: device.deviceId,
    maxAcked: device.maxAcked,
    recorded: device.runtime.outbox.lastSeq(),
    outbox: device.runtime.outbox.size(),
  }));
  fleet.stop();
  const finalExit = await server.stop();
  await relay.close();
  const durationMs = performance.now() - started;
  try {
    const check = await checkCrashRun({
      journalDir,
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      devices: outcomes,
    });
    const { log: _log, ...reported } = options;
    return {
      options: reported,
      durationMs,
      eventsRecorded: fleet.recorded(),
      achievedRate: fleet.recorded() / ((drainStarted - loadStarted) / 1000),
      kills: restarts.length,
      pauses: options.pauses,
      restarts,
      finalExit,
      check,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A torn write: garbage after the last record of the newest segment (the journal must cut it and go on). */
function tearTail(journalDir: string, bytes: number): number {
  const segments = readdirSync(journalDir)
    .filter((name) => name.endsWith('.seg'))
    .sort();
  const last = segments[segments.length - 1];
  if (last === undefined) return 0;
  appendFileSync(join(journalDir, last), randomBytes(bytes));
  return bytes;
}

/** Resolves with the instant of the first ack any device received after `since` (undefined after 10 s). */
async function waitForAck(devices: readonly { lastAckAt: number }[], since: number): Promise<number | undefined> {
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline) {
    let first: number | undefined;
    for (const device of devices)
      if (device.lastAckAt > since && (first === undefined || device.lastAckAt < first)) first = device.lastAckAt;
    if (first !== undefined) return first;
    await sleep(5);
  }
  return undefined;
}
