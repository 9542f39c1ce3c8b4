/**
 * The core hot path as the server runs it: decode + validate (zod) + Engine.apply for device frames, on this one
 * core, without sockets. Not a test (no thresholds): it prints figures.
 *
 *   pnpm exec tsx packages/core/test/perf/measure-hot-path.ts
 *
 * The frame mix is a realistic device day: per dose slot (4 a day) every device sends `dose_due`, `dispensed` and
 * `taken` (sequenced events), and a `status` heartbeat — 25 % each, in time order.
 *
 * Wall-clock time on a shared machine says little, so every repeat is preceded by a calibration (one Map.get with a
 * string concat, ≈ 30–50 ns on an idle core of our machines) and the result is given as a ratio to it; "idle-core
 * estimate" scales that ratio by IDLE_CALIBRATION_NS (default 40 ns). CPU time (process.cpuUsage) is printed too.
 *
 * Environment: DEVICES (default 20000), DAYS (default 1), REPEATS (default 5), IDLE_CALIBRATION_NS (default 40),
 * BASELINE_CORE (path of another copy's src/index.ts: measured alternately in the same process, ratio printed),
 * QUIET=1 (no report: a warm-up pass, then one pass marked for callgrind's instruction count, see below).
 */
import * as current from '../../src/index.js';
import type { DeviceEvent, DeviceFrame, DoseSlot, EpochMs } from '../../src/index.js';

/** The core API as a value, so a second copy (BASELINE_CORE) can be measured in the same process. */
type CoreApi = typeof current;
type Engine = InstanceType<CoreApi['Engine']>;
const { addLocalDays, copenhagenToEpoch, encodeDeviceFrame } = current;

const DEVICES = Number(process.env.DEVICES ?? 20_000);
const DAYS = Number(process.env.DAYS ?? 1);
const REPEATS = Number(process.env.REPEATS ?? 5);
const IDLE_CALIBRATION_NS = Number(process.env.IDLE_CALIBRATION_NS ?? 40);
const QUIET = process.env.QUIET === '1';

const FIRST_DAY = '2026-11-23';
const TEAM = 'team-perf';
const MINUTE = 60_000;
const DOSES: DoseSlot[] = ['08:00', '12:00', '17:00', '21:00'].map((time) => ({
  time,
  earlyMinutes: 30,
  lateMinutes: 60,
  timeCritical: false,
  contents: [{ drug: 'Metformin 500 mg', amount: 1 }],
}));

type Kind = 'dose_due' | 'dispensed' | 'taken' | 'status';
const STEPS: readonly Kind[] = ['dose_due', 'dispensed', 'taken', 'status'];

interface Frame {
  readonly bytes: Uint8Array;
  readonly now: EpochMs;
  readonly kind: Kind;
}

const deviceIds = Array.from({ length: DEVICES }, (_, index) => `dev-${index + 1}`);

function buildFrames(): Frame[] {
  const frames: Frame[] = [];
  const seqs = new Array<number>(DEVICES).fill(0);
  for (let day = 0; day < DAYS; day += 1) {
    const date = addLocalDays(FIRST_DAY, day);
    for (const dose of DOSES) {
      const slot = `${date}T${dose.time}`;
      const slotAt = copenhagenToEpoch(date, dose.time);
      STEPS.forEach((kind, step) => {
        const now = slotAt + step * MINUTE;
        deviceIds.forEach((deviceId, index) => {
          const frame: DeviceFrame =
            kind === 'status'
              ? { t: 'status', deviceTime: now, battery: 87, power: 'mains', signal: 64, rollRemaining: 40 }
              : {
                  t: 'event',
                  deviceId,
                  seq: (seqs[index] = seqs[index]! + 1),
                  deviceTime: now,
                  bootId: 'boot-1',
                  e: { kind, slot } as DeviceEvent,
                };
          frames.push({ bytes: encodeDeviceFrame(frame), now, kind });
        });
      });
    }
  }
  return frames;
}

/** Devices as the server registers them; the heartbeat limit is a day so the hours between slots raise no alarms. */
function freshEngine(core: CoreApi): Engine {
  const engine = new core.Engine();
  const at = copenhagenToEpoch(FIRST_DAY, '00:00');
  engine.apply({ type: 'registry', change: { kind: 'team_upsert', team: { id: TEAM, name: 'Perf team' } } }, at);
  for (const deviceId of deviceIds) {
    const citizenId = `cit-${deviceId}`;
    const changes = [
      {
        kind: 'citizen_upsert',
        citizen: { id: citizenId, teamId: TEAM, name: 'Borger', address: 'Vej 1', staircaseStep: 2 },
      },
      {
        kind: 'device_upsert',
        device: { deviceId, type: 'medido', teamId: TEAM, citizenId, heartbeatIntervalMs: 86_400_000 },
      },
      { kind: 'schedule_upsert', schedule: { citizenId, validFrom: FIRST_DAY, source: 'fmk', slots: DOSES } },
    ] as const;
    for (const change of changes) engine.apply({ type: 'registry', change }, at);
    engine.apply({ type: 'device_connection', deviceId, connected: true, receivedAt: at }, at);
  }
  return engine;
}

/** The status frame names no device (the socket does): the frames of one step go to the devices in order. */
function deviceOf(index: number): string {
  return deviceIds[index % DEVICES]!;
}

/** decode + validate + apply, as the gateway and pipeline do it. Returns the number of outputs (kept as a sink). */
function runFull(core: CoreApi, engine: Engine, frames: readonly Frame[]): number {
  const decodeDeviceFrame = core.decodeDeviceFrame;
  let outputs = 0;
  for (let index = 0; index < frames.length; index += 1) {
    const { bytes, now } = frames[index]!;
    const decoded = decodeDeviceFrame(bytes);
    if (!decoded.ok) throw new Error(`frame ${index}: ${decoded.message}`);
    const frame = decoded.frame;
    const result =
      frame.t === 'event'
        ? engine.apply({ type: 'device_event', deviceId: frame.deviceId, event: frame, receivedAt: now }, now)
        : frame.t === 'status'
          ? engine.apply({ type: 'device_status', deviceId: deviceOf(index), status: frame, receivedAt: now }, now)
          : undefined;
    if (result === undefined) throw new Error(`frame ${index}: unexpected ${frame.t}`);
    outputs += result.outputs.length;
  }
  return outputs;
}

function runDecode(core: CoreApi, frames: readonly Frame[]): number {
  let ok = 0;
  for (const frame of frames) if (core.decodeDeviceFrame(frame.bytes).ok) ok++;
  return ok;
}

/** One Map.get with a string concat: the same-run yardstick (≈ 30–50 ns on an idle core). */
function calibrate(): number {
  const map = new Map<string, number>();
  for (let n = 0; n < 1000; n += 1) map.set(`offline|d-${n}`, n);
  let sink = 0;
  const rounds = 2_000_000;
  const started = process.hrtime.bigint();
  for (let n = 0; n < rounds; n += 1) sink += map.get(`offline|d-${n % 1000}`) ?? 0;
  const ns = Number(process.hrtime.bigint() - started) / rounds;
  if (sink < 0) console.log(sink);
  return ns;
}

interface Timed {
  wallNs: number;
  cpuNs: number;
}
function timed(run: () => void): Timed {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  run();
  const wallNs = Number(process.hrtime.bigint() - started);
  const used = process.cpuUsage(cpu);
  return { wallNs, cpuNs: (used.user + used.system) * 1000 };
}

const median = (values: number[]) => {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const fmt = (value: number) => Math.round(value).toLocaleString('en');

interface Run {
  calibration: number;
  full: Timed;
  decode: Timed;
}

/** One repeat: a fresh engine (untimed), the calibration, the full path, then decode+validate alone. */
function measure(core: CoreApi, frames: readonly Frame[]): Run {
  const engine = freshEngine(core);
  const calibration = calibrate();
  const full = timed(() => runFull(core, engine, frames));
  const decode = timed(() => runDecode(core, frames));
  return { calibration, full, decode };
}

function describe(label: string, run: Run, frames: number): string {
  const perFrame = run.full.wallNs / frames;
  return (
    `  ${label}: calibration ${run.calibration.toFixed(1)} ns; decode+validate+apply ${perFrame.toFixed(0)} ns/frame ` +
    `(${(perFrame / run.calibration).toFixed(1)} × calibration; cpu ${(run.full.cpuNs / frames).toFixed(0)} ns); ` +
    `decode+validate ${(run.decode.wallNs / frames).toFixed(0)} ns/frame`
  );
}

function report(rows: Run[], frames: number): void {
  const ratio = median(rows.map((row) => row.full.wallNs / frames / row.calibration));
  const decodeRatio = median(rows.map((row) => row.decode.wallNs / frames / row.calibration));
  const calibration = median(rows.map((row) => row.calibration));
  const wall = median(rows.map((row) => row.full.wallNs / frames));
  const cpu = median(rows.map((row) => row.full.cpuNs / frames));
  const idle = ratio * IDLE_CALIBRATION_NS;
  console.log('');
  console.log(`calibration (median)                   ${calibration.toFixed(1)} ns`);
  console.log(`decode+validate+apply, measured        ${wall.toFixed(0)} ns/frame wall, ${cpu.toFixed(0)} ns cpu`);
  console.log(
    `  ratio to calibration                 ${ratio.toFixed(1)} (decode+validate ${decodeRatio.toFixed(1)}, ` +
      `apply ${(ratio - decodeRatio).toFixed(1)})`,
  );
  console.log(
    `  idle-core estimate (× ${IDLE_CALIBRATION_NS} ns)       ${idle.toFixed(0)} ns/frame = ${fmt(1e9 / idle)} frames/s ` +
      `(calibration 30–50 ns: ${fmt(1e9 / (ratio * 50))}–${fmt(1e9 / (ratio * 30))})`,
  );
  console.log(`  as measured under this load          ${fmt(1e9 / wall)} frames/s wall, ${fmt(1e9 / cpu)} cpu`);
}

const frames = buildFrames();
const baselinePath = process.env.BASELINE_CORE;
if (QUIET) {
  // A warm-up pass, then the counted pass between two native calls that mark it for callgrind:
  // valgrind --tool=callgrind --smc-check=all-non-file --zero-before='node::CPUUsage*' --dump-before='node::MemoryUsage*'
  // (the dumped part's instruction count ÷ the frame count = instructions per frame).
  const core = baselinePath === undefined ? current : ((await import(baselinePath)) as CoreApi);
  runFull(core, freshEngine(core), frames);
  const engine = freshEngine(core);
  process.cpuUsage();
  runFull(core, engine, frames);
  process.memoryUsage();
} else {
  console.log(
    `${fmt(frames.length)} frames: ${fmt(DEVICES)} devices × ${DAYS} day(s) × 4 slots × ` +
      `(dose_due, dispensed, taken, status); node ${process.version}; ${REPEATS} repeats`,
  );
  if (baselinePath === undefined) {
    const rows: Run[] = [];
    for (let repeat = 0; repeat < REPEATS; repeat += 1) {
      rows.push(measure(current, frames));
      console.log(describe(`run ${repeat + 1}`, rows[rows.length - 1]!, frames.length));
    }
    // The first run includes JIT warm-up; later runs are the steady state.
    report(REPEATS > 1 ? rows.slice(1) : rows, frames.length);
  } else {
    // Same-run comparison with another copy of core (e.g. `git archive HEAD~3 packages/core | tar -x -C /tmp/base`,
    // linked to this node_modules): runs alternate, so both see the same load.
    const baseline = (await import(baselinePath)) as CoreApi;
    const pairs: { base: Run; next: Run }[] = [];
    for (let repeat = 0; repeat < REPEATS; repeat += 1) {
      const first = repeat % 2 === 0;
      const a = measure(first ? baseline : current, frames);
      const b = measure(first ? current : baseline, frames);
      const pair = first ? { base: a, next: b } : { base: b, next: a };
      pairs.push(pair);
      console.log(describe(`baseline ${repeat + 1}`, pair.base, frames.length));
      console.log(describe(`current  ${repeat + 1}`, pair.next, frames.length));
    }
    const steady = REPEATS > 1 ? pairs.slice(1) : pairs;
    const relative = (pick: (run: Run) => number) => median(steady.map((pair) => pick(pair.next) / pick(pair.base)));
    console.log('\nbaseline:');
    report(
      steady.map((pair) => pair.base),
      frames.length,
    );
    console.log('current:');
    report(
      steady.map((pair) => pair.next),
      frames.length,
    );
    console.log(
      `\ncurrent / baseline (median of pairs): full path ${relative((run) => run.full.wallNs).toFixed(3)} wall, ` +
        `${relative((run) => run.full.cpuNs).toFixed(3)} cpu; decode+validate ` +
        `${relative((run) => run.decode.wallNs).toFixed(3)} wall, ${relative((run) => run.decode.cpuNs).toFixed(3)} cpu`,
    );
  }
}
