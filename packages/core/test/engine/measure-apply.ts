/**
 * Quick cost figures for Engine.apply() (not a test; no thresholds). Run: `pnpm exec tsx packages/core/test/engine/measure-apply.ts`.
 * The benchmark suite (`pnpm bench`) owns the official decode+validate+apply throughput figure.
 */
import {
  copenhagenToEpoch,
  decodeDeviceFrame,
  encodeDeviceFrame,
  Engine,
  type DeviceEvent,
  type EngineInput,
} from '../../src/index.js';

const DAY = '2026-11-25';
const DEVICES = Number(process.env.DEVICES ?? 100_000);
const now = copenhagenToEpoch(DAY, '08:00');
const contents = [{ drug: 'Metformin 500 mg', amount: 1 }];

function setup(): Engine {
  const engine = new Engine();
  engine.apply({ type: 'registry', change: { kind: 'team_upsert', team: { id: 't', name: 't' } } }, now);
  for (let n = 0; n < DEVICES; n += 1) {
    const citizenId = `c-${n}`;
    const deviceId = `d-${n}`;
    engine.apply(
      {
        type: 'registry',
        change: {
          kind: 'citizen_upsert',
          citizen: { id: citizenId, teamId: 't', name: 'x', address: '', staircaseStep: 2 },
        },
      },
      now,
    );
    engine.apply(
      {
        type: 'registry',
        change: { kind: 'device_upsert', device: { deviceId, type: 'medido', teamId: 't', citizenId } },
      },
      now,
    );
    engine.apply(
      {
        type: 'registry',
        change: {
          kind: 'schedule_upsert',
          schedule: {
            citizenId,
            validFrom: DAY,
            source: 'fmk',
            slots: [{ time: '08:00', earlyMinutes: 60, lateMinutes: 60, timeCritical: false, contents }],
          },
        },
      },
      now,
    );
    engine.apply({ type: 'device_connection', deviceId, connected: true, receivedAt: now }, now);
  }
  return engine;
}

function eventInput(n: number, seq: number, e: DeviceEvent): EngineInput {
  const deviceId = `d-${n}`;
  return {
    type: 'device_event',
    deviceId,
    receivedAt: now,
    event: { t: 'event', deviceId, seq, deviceTime: now, bootId: 'b', e },
  };
}

function time(label: string, inputs: EngineInput[], engine: Engine): void {
  const start = process.hrtime.bigint();
  for (const input of inputs) engine.apply(input, now);
  const ns = Number(process.hrtime.bigint() - start) / inputs.length;
  console.log(
    `${label.padEnd(58)} ${ns.toFixed(0).padStart(6)} ns/apply  (${Math.round(1e9 / ns).toLocaleString('en')} /s)`,
  );
}

/** Calibration on the same machine and load: one Map lookup with a string concat (≈ 30–50 ns on an idle core). */
function calibrate(): number {
  const map = new Map<string, number>();
  for (let n = 0; n < 1000; n += 1) map.set(`offline|d-${n}`, n);
  let sink = 0;
  const rounds = 2_000_000;
  const start = process.hrtime.bigint();
  for (let n = 0; n < rounds; n += 1) sink += map.get(`offline|d-${n % 1000}`) ?? 0;
  const ns = Number(process.hrtime.bigint() - start) / rounds;
  console.log(
    `${'calibration: Map.get + string concat'.padEnd(58)} ${ns.toFixed(0).padStart(6)} ns/op  (sink ${sink % 7})`,
  );
  return ns;
}

calibrate();
const engine = setup();
const slot = `${DAY}T08:00`;
// warm-up on a separate engine-independent path is not possible (state changes), so run the informational kind first
time(
  'dose_due (informational, applied)',
  Array.from({ length: DEVICES }, (_, n) => eventInput(n, 1, { kind: 'dose_due', slot })),
  engine,
);
time(
  'dispensed in window (settles the dose, device_changed)',
  Array.from({ length: DEVICES }, (_, n) => eventInput(n, 2, { kind: 'dispensed', slot })),
  engine,
);
time(
  'taken after dispensed (completes it)',
  Array.from({ length: DEVICES }, (_, n) => eventInput(n, 3, { kind: 'taken', slot })),
  engine,
);
time(
  'duplicate replay (seq already applied)',
  Array.from({ length: DEVICES }, (_, n) => eventInput(n, 3, { kind: 'taken', slot })),
  engine,
);
time(
  'lid_opened (informational, applied)',
  Array.from({ length: DEVICES }, (_, n) => eventInput(n, 4, { kind: 'lid_opened' })),
  engine,
);

// decode + validate + apply: the full path for a device event frame
const frames = Array.from({ length: DEVICES }, (_, n) =>
  encodeDeviceFrame({
    t: 'event',
    deviceId: `d-${n}`,
    seq: 5,
    deviceTime: now,
    bootId: 'b',
    e: { kind: 'dose_due', slot },
  }),
);
const start = process.hrtime.bigint();
for (const bytes of frames) {
  const decoded = decodeDeviceFrame(bytes);
  if (!decoded.ok || decoded.frame.t !== 'event') throw new Error('decode failed');
  engine.apply({ type: 'device_event', deviceId: decoded.frame.deviceId, receivedAt: now, event: decoded.frame }, now);
}
const ns = Number(process.hrtime.bigint() - start) / frames.length;
console.log(
  `${'decode + validate + apply (dose_due frame)'.padEnd(58)} ${ns.toFixed(0).padStart(6)} ns/frame  (${Math.round(1e9 / ns).toLocaleString('en')} /s)`,
);
