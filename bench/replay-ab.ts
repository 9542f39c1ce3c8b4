/**
 * Same-run A/B of start-up replay: Engine.apply (outputs built, then discarded) against Engine.replay (no outputs),
 * over one generated journal, alternating A B A B. Run: `pnpm exec tsx bench/replay-ab.ts [citizens] [days]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, type EngineInput, type EpochMs } from '../packages/core/src/index.js';
import { Journal } from '../packages/server/src/journal/index.js';
import { decodeJournalRecord } from '../packages/server/src/pipeline/journal-record.js';
import { writeYearJournal } from './year-journal.js';

const citizens = Number(process.argv[2] ?? 200);
const days = Number(process.argv[3] ?? 30);
const dir = mkdtempSync(join(tmpdir(), 'medtek-replay-ab-'));
try {
  const year = await writeYearJournal(dir, { citizens, days, dosesPerDay: 4 });
  const journal = await Journal.open({ directory: join(dir, 'journal') });
  const records: { now: EpochMs; input: EngineInput }[] = [];
  await journal.replay((payload) => {
    const record = decodeJournalRecord(payload);
    if (record.input !== undefined) records.push({ now: record.now, input: record.input });
  });
  await journal.close();
  const time = (mode: 'apply' | 'replay'): number => {
    const engine = new Engine();
    const started = performance.now();
    for (const { now, input } of records) {
      if (mode === 'apply') engine.apply(input, now);
      else engine.replay(input, now);
    }
    return performance.now() - started;
  };
  const results: Record<'apply' | 'replay', number[]> = { apply: [], replay: [] };
  for (let round = 0; round < 3; round += 1) {
    results.apply.push(time('apply'));
    results.replay.push(time('replay'));
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const rate = (ms: number) => Math.round((records.length / ms) * 1000).toLocaleString('en');
  console.log(`${records.length.toLocaleString('en')} records (${year.alarmsRaised} alarms), median of 3:`);
  console.log(`  apply  ${median(results.apply).toFixed(0)} ms  (${rate(median(results.apply))} records/s)`);
  console.log(`  replay ${median(results.replay).toFixed(0)} ms  (${rate(median(results.replay))} records/s)`);
  console.log(`  ratio replay/apply time: ${(median(results.replay) / median(results.apply)).toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
