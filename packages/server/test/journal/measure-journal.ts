// Journal measurements (not a test): `pnpm exec tsx packages/server/test/journal/measure-journal.ts [directory]`.
// Prints appends/s with a real fdatasync per batch at several batch sizes, the CPU cost per record of the three
// durability APIs (without I/O), and open/replay speed for 1,000,000 small records. The directory defaults to a
// temporary one on the same disk as the OS temp dir; it is removed afterwards.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Journal, type JournalFile, type JournalFileLayer } from '../../src/journal/index.js';

const RECORD_BYTES = 48; // about one msgpack-encoded device event input

function record(index: number): Uint8Array {
  const bytes = new Uint8Array(RECORD_BYTES);
  bytes.fill(index & 0xff);
  return bytes;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export interface BatchFigure {
  readonly batchSize: number;
  readonly recordsPerSecond: number;
  readonly batches: number;
  readonly syncMeanMs: number;
  readonly syncP50Ms: number;
  readonly syncP99Ms: number;
}

/** Closed loop for about `seconds` per size: enqueue `batchSize` records, flush (one write + one fdatasync), repeat. */
export async function measureBatches(
  directory: string,
  batchSizes: readonly number[],
  secondsPerSize = 2,
): Promise<BatchFigure[]> {
  const figures: BatchFigure[] = [];
  for (const batchSize of batchSizes) {
    const journal = await Journal.open({ directory: path.join(directory, `batch-${batchSize}`) });
    const syncs: number[] = [];
    journal.addBatchListener((batch) => syncs.push(batch.syncMs));
    const started = performance.now();
    let batches = 0;
    while (performance.now() - started < secondsPerSize * 1000) {
      for (let i = 0; i < batchSize; i++) journal.enqueue(record(i));
      await journal.flush();
      batches++;
    }
    const seconds = (performance.now() - started) / 1000;
    await journal.close();
    syncs.sort((a, b) => a - b);
    figures.push({
      batchSize,
      recordsPerSecond: (batches * batchSize) / seconds,
      batches,
      syncMeanMs: syncs.reduce((sum, ms) => sum + ms, 0) / syncs.length,
      syncP50Ms: percentile(syncs, 50),
      syncP99Ms: percentile(syncs, 99),
    });
  }
  return figures;
}

/** A file layer that does nothing, to isolate the journal's own CPU cost per record. */
function nullFileLayer(): JournalFileLayer {
  const file: JournalFile = {
    size: () => Promise.resolve(0),
    read: () => Promise.resolve(0),
    write: () => Promise.resolve(),
    datasync: () => Promise.resolve(),
    truncate: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  return {
    ensureDirectory: () => Promise.resolve(),
    listDirectory: () => Promise.resolve([]),
    openFile: () => Promise.resolve(file),
    syncDirectory: () => Promise.resolve(),
    removeFile: () => Promise.resolve(),
  };
}

export type ApiStyle = 'listener' | 'onDurable' | 'promise';

/** Records/s through each durability API with no I/O: 1,000 records per turn, 1,000,000 in all. */
export async function measureApiOverhead(style: ApiStyle, total = 1_000_000, perTurn = 1000): Promise<number> {
  const journal = await Journal.open({ directory: '/null', fileLayer: nullFileLayer() });
  let acknowledged = 0;
  const onAck = (error: unknown) => {
    if (!error) acknowledged++;
  };
  if (style === 'listener') journal.addDurableListener((durable) => (acknowledged = durable));
  const payload = record(1);
  const started = performance.now();
  for (let sent = 0; sent < total; sent += perTurn) {
    for (let i = 0; i < perTurn; i++) {
      if (style === 'listener') journal.enqueue(payload);
      else if (style === 'onDurable') journal.onDurable(journal.enqueue(payload), onAck);
      else journal.append(payload).then(() => acknowledged++, onAck);
    }
    await journal.flush();
  }
  await new Promise((resolve) => setImmediate(resolve));
  const seconds = (performance.now() - started) / 1000;
  if (acknowledged !== total) throw new Error(`acknowledged ${acknowledged} of ${total}`);
  return total / seconds;
}

export interface ReplayFigure {
  readonly records: number;
  readonly segments: number;
  readonly openMs: number;
  readonly replayRecordsPerSecond: number;
}

/** Writes `total` small records in big batches, then times open (full scan + checksum) and replay. */
export async function measureReplay(directory: string, total = 1_000_000): Promise<ReplayFigure> {
  const journalDirectory = path.join(directory, 'replay');
  const writer = await Journal.open({ directory: journalDirectory, segmentBytes: 16 * 1024 * 1024 });
  for (let i = 0; i < total; i++) {
    writer.enqueue(record(i));
    if (i % 50_000 === 49_999) await writer.flush();
  }
  await writer.close();

  const openStarted = performance.now();
  const reader = await Journal.open({ directory: journalDirectory, segmentBytes: 16 * 1024 * 1024 });
  const openMs = performance.now() - openStarted;
  let bytes = 0;
  const replayStarted = performance.now();
  const summary = await reader.replay((payload) => (bytes += payload.length));
  const seconds = (performance.now() - replayStarted) / 1000;
  if (summary.records !== total || bytes !== total * RECORD_BYTES) throw new Error('replay lost records');
  const segments = reader.stats().segments;
  await reader.close();
  return { records: total, segments, openMs, replayRecordsPerSecond: total / seconds };
}

async function main(): Promise<void> {
  const base = process.argv[2] ?? os.tmpdir();
  const directory = await fs.mkdtemp(path.join(base, 'medtek-journal-measure-'));
  try {
    console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, dir ${directory}`);
    console.log(`\nappend + fdatasync, closed loop, ${RECORD_BYTES}-byte records:`);
    for (const figure of await measureBatches(directory, [1, 16, 64, 256, 1024, 4096])) {
      console.log(
        `  batch ${String(figure.batchSize).padStart(5)}: ${Math.round(figure.recordsPerSecond).toLocaleString('en')} records/s` +
          ` (${figure.batches} batches); fdatasync mean ${figure.syncMeanMs.toFixed(2)} ms,` +
          ` p50 ${figure.syncP50Ms.toFixed(2)} ms, p99 ${figure.syncP99Ms.toFixed(2)} ms`,
      );
    }
    console.log('\nCPU per record without I/O (1,000 records per turn; best of 3 rounds after a warm-up):');
    const styles = ['listener', 'onDurable', 'promise'] as const;
    for (const style of styles) await measureApiOverhead(style, 200_000);
    const best = new Map<ApiStyle, number>();
    for (let round = 0; round < 3; round++) {
      for (const style of styles) best.set(style, Math.max(best.get(style) ?? 0, await measureApiOverhead(style)));
    }
    for (const style of styles) {
      console.log(`  ${style.padEnd(9)}: ${Math.round(best.get(style)!).toLocaleString('en')} records/s`);
    }
    const replay = await measureReplay(directory);
    console.log(`\nreplay of ${replay.records.toLocaleString('en')} records (${replay.segments} segments):`);
    console.log(`  open (scan + checksum): ${replay.openMs.toFixed(0)} ms`);
    console.log(`  replay: ${Math.round(replay.replayRecordsPerSecond).toLocaleString('en')} records/s`);
  } finally {
    await fs.rm(directory, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
