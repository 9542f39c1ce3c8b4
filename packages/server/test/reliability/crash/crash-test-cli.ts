import { parseArgs } from 'node:util';
import { crashCheckPassed } from './checker.js';
import { DEFAULT_CRASH_OPTIONS, runCrashTest, type CrashRunReport } from './crash-run.js';

/**
 * `pnpm test:crash [--kills 20] [--rate 10000] [--devices 2000] [--pauses 10] [--seed 1] [--json]`: the long crash
 * test. Prints its figures and exits 1 when the checker finds a violation. Lives with the tests (not in src/) because
 * it drives the device simulator's firmware, which the server package must not depend on.
 */
const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '20' },
    pauses: { type: 'string' },
    rate: { type: 'string', default: '10000' },
    devices: { type: 'string', default: '2000' },
    'gap-min': { type: 'string', default: '2000' },
    'gap-max': { type: 'string', default: '15000' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
  },
});

const kills = Number(values.kills);
const report = await runCrashTest({
  ...DEFAULT_CRASH_OPTIONS,
  kills,
  pauses: values.pauses === undefined ? Math.ceil(kills / 2) : Number(values.pauses),
  rate: Number(values.rate),
  devices: Number(values.devices),
  faultGapMs: [Number(values['gap-min']), Number(values['gap-max'])],
  pauseMs: [1_000, 5_000],
  drainTimeoutMs: 120_000,
  seed: Number(values.seed),
  log: (line) => console.error(line),
});

if (values.json) console.log(JSON.stringify(report, null, 2));
else console.log(format(report));
process.exit(crashCheckPassed(report.check) ? 0 : 1);

function format(r: CrashRunReport): string {
  const c = r.check;
  const ready = r.restarts.map((restart) => restart.readyMs);
  const firstAck = r.restarts.flatMap((restart) => (restart.firstAckMs === undefined ? [] : [restart.firstAckMs]));
  const stats = (values: number[]): string =>
    values.length === 0
      ? 'n/a'
      : `min ${Math.round(Math.min(...values))} / median ${Math.round(median(values))} / max ${Math.round(Math.max(...values))} ms`;
  return [
    `crash test: ${crashCheckPassed(r.check) ? 'PASSED' : 'FAILED'} (seed ${r.options.seed}, ${r.options.devices} devices, ${Math.round(r.durationMs / 1000)} s)`,
    `  kills ${r.kills}, pauses ${r.pauses}, final stop exit ${r.finalExit.code ?? r.finalExit.signal}`,
    `  events sent ${r.eventsRecorded} at ${Math.round(r.achievedRate)}/s (asked ${r.options.rate}/s)`,
    `  acknowledged ${c.acknowledged}, journaled ${c.journaledEvents} (${c.recoveredUnacked} journaled before their ack was lost)`,
    `  lost ${c.lost}, duplicates ${c.duplicates}, holes ${c.holes}, corrupted ${c.corrupted}, unknown ${c.unknown}, gaps ${c.gapRecords}`,
    `  alarms: ${c.alarmTriggers} triggers → ${c.alarmsDerived} derived, mismatches ${c.alarmMismatches}; non-empty outboxes ${c.nonEmptyOutboxes}`,
    `  recovery, kill → ready: ${stats(ready)}`,
    `  recovery, kill → first ack: ${stats(firstAck)}`,
    `  per restart (ready ms / first ack ms / replayed records / replay ms / torn bytes):`,
    ...r.restarts.map(
      (x, i) =>
        `    ${i + 1}: ${Math.round(x.readyMs)} / ${x.firstAckMs === undefined ? '-' : Math.round(x.firstAckMs)} / ${x.replayedRecords} / ${x.replayMs} / ${x.tornTailBytes}`,
    ),
    ...c.violations.map((text) => `  ! ${text}`),
  ].join('\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
