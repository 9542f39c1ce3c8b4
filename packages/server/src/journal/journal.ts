import path from 'node:path';
import { JournalClosedError, JournalCorruptionError, JournalFailedError } from './errors.js';
import { nodeFileLayer, type JournalFile, type JournalFileLayer } from './file-layer.js';
import {
  RECORD_HEADER_BYTES,
  parseSegmentFileName,
  segmentFileName,
  writeRecord,
  type JournalPosition,
} from './format.js';
import { scanSegment } from './segment-scan.js';
import { BATCH_RECORD_BOUNDS, BucketHistogram, SYNC_MS_BOUNDS, type BatchReport, type JournalStats } from './stats.js';

export interface JournalOptions {
  /** The journal's own directory (the server uses `<dataDir>/journal`); created if missing. */
  readonly directory: string;
  /** Defaults to the real file system; tests pass a MemoryFileLayer. */
  readonly fileLayer?: JournalFileLayer;
  /** A segment is sealed and a new one started once the next record would take it past this size. */
  readonly segmentBytes?: number;
  /** Larger payloads are refused with a RangeError. */
  readonly maxRecordBytes?: number;
  /**
   * How long the first record of a batch may wait for company before the batch is written: 0 (default) means
   * "the rest of this event-loop turn" (setImmediate). Records arriving while a batch is being synced always join
   * the next batch.
   */
  readonly batchDelayMs?: number;
  /** Replaces the batching timer (tests drive batching by hand). Must call `flush` exactly once, later. */
  readonly scheduleFlush?: (flush: () => void) => void;
  /** Called once if a write or sync fails; the server must stop acknowledging and exit non-zero. */
  readonly onFatal?: (error: JournalFailedError) => void;
  /** Monotonic milliseconds for the latency statistics. */
  readonly monotonicNow?: () => number;
}

/** Callback form of durability: `error` is set when the journal failed before the position became durable. */
export type DurableCallback = (error: JournalFailedError | JournalClosedError | undefined) => void;

export interface ReplaySummary {
  readonly records: number;
  /** Position of the last record read, or fromPosition − 1 when none. */
  readonly lastPosition: JournalPosition;
}

interface Segment {
  readonly firstPosition: JournalPosition;
  readonly path: string;
  /** Durable records and bytes (bytes are exactly the records: a torn tail is truncated on open). */
  recordCount: number;
  byteLength: number;
}

/** Records framed in memory, waiting for the next batch write. */
interface PendingPart {
  /** True when these records start a new segment (rotation). */
  readonly startsSegment: boolean;
  readonly firstPosition: JournalPosition;
  buffer: Buffer;
  length: number;
  recordCount: number;
}

interface Waiter {
  readonly position: JournalPosition;
  readonly callback: DurableCallback;
}

const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;
const DEFAULT_MAX_RECORD_BYTES = 4 * 1024 * 1024;
const INITIAL_BATCH_BUFFER_BYTES = 64 * 1024;
const MAX_RECYCLED_BUFFER_BYTES = 8 * 1024 * 1024;

function invokeGuarded(run: () => void): void {
  try {
    run();
  } catch (error) {
    // A listener's bug must not break the journal's bookkeeping; surface it as an uncaught exception instead.
    queueMicrotask(() => {
      throw error;
    });
  }
}

function defaultScheduler(batchDelayMs: number): (flush: () => void) => void {
  if (batchDelayMs <= 0) return (flush) => setImmediate(flush);
  return (flush) => setTimeout(flush, batchDelayMs);
}

/**
 * The append-only, checksummed, group-committed journal: the source of truth of the server.
 *
 * Records get consecutive positions. `enqueue` frames a record into the pending batch and returns its position at
 * once; the batch is written with one write and one fdatasync per segment touched (normally one), and only then do
 * positions count as durable (`durablePosition`, `onDurable`, `append`'s promise, durable listeners). Any write or
 * sync error fails the journal for good: nothing more is reported durable (see JournalFailedError).
 */
export class Journal {
  private readonly segments: Segment[];
  private activeFile: JournalFile;
  private plannedSegmentBytes: number;
  private pending: PendingPart[] = [];
  private spareBuffer: Buffer | undefined;
  private nextPosition: JournalPosition;
  private durable: JournalPosition;
  private flushing = false;
  private scheduled = false;
  private urgent = false;
  private failure: JournalFailedError | undefined;
  private closeState: 'open' | 'closing' | 'closed' = 'open';
  private waiters: Waiter[] = [];
  private waiterHead = 0;
  private readonly durableListeners = new Set<(durablePosition: JournalPosition) => void>();
  private readonly batchListeners = new Set<(batch: BatchReport) => void>();
  private readonly fatalListeners = new Set<(error: JournalFailedError) => void>();
  private readonly scheduleFlush: (flush: () => void) => void;
  private readonly runScheduledFlush = (): void => {
    this.scheduled = false;
    void this.runFlush();
  };
  private readonly segmentBytes: number;
  private readonly maxRecordBytes: number;
  private readonly now: () => number;
  private counters = { appendedRecords: 0, durableRecords: 0, batches: 0, bytesWritten: 0 };
  private readonly batchRecordsHistogram = new BucketHistogram(BATCH_RECORD_BOUNDS);
  private readonly syncMsHistogram = new BucketHistogram(SYNC_MS_BOUNDS);
  private truncating = false;

  private constructor(
    private readonly directory: string,
    private readonly fileLayer: JournalFileLayer,
    segments: Segment[],
    activeFile: JournalFile,
    options: JournalOptions,
  ) {
    this.segments = segments;
    this.activeFile = activeFile;
    const last = segments[segments.length - 1]!;
    this.plannedSegmentBytes = last.byteLength;
    this.nextPosition = last.firstPosition + last.recordCount;
    this.durable = this.nextPosition - 1;
    this.segmentBytes = options.segmentBytes ?? DEFAULT_SEGMENT_BYTES;
    this.maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.scheduleFlush = options.scheduleFlush ?? defaultScheduler(options.batchDelayMs ?? 0);
    this.now = options.monotonicNow ?? (() => performance.now());
    if (options.onFatal) this.fatalListeners.add(options.onFatal);
  }

  /**
   * Opens (or creates) the journal: scans every segment forward, truncates a torn tail of the last segment to its
   * last intact record (and syncs the truncation), and refuses with JournalCorruptionError (file and byte offset)
   * when damage is followed by intact records or sits in an earlier segment.
   */
  static async open(options: JournalOptions): Promise<Journal> {
    const fileLayer = options.fileLayer ?? nodeFileLayer;
    const directory = options.directory;
    await fileLayer.ensureDirectory(directory);
    const found = (await fileLayer.listDirectory(directory))
      .map((name) => ({ name, firstPosition: parseSegmentFileName(name) }))
      .filter((entry): entry is { name: string; firstPosition: number } => entry.firstPosition !== undefined)
      .sort((a, b) => a.firstPosition - b.firstPosition);

    if (found.length === 0) {
      const filePath = path.join(directory, segmentFileName(1));
      const file = await fileLayer.openFile(filePath, 'create');
      await fileLayer.syncDirectory(directory);
      const segment: Segment = { firstPosition: 1, path: filePath, recordCount: 0, byteLength: 0 };
      return new Journal(directory, fileLayer, [segment], file, options);
    }

    const segments: Segment[] = [];
    let buffer = Buffer.alloc(0);
    let expectedFirst: JournalPosition | undefined;
    for (const [index, entry] of found.entries()) {
      const filePath = path.join(directory, entry.name);
      if (expectedFirst !== undefined && entry.firstPosition !== expectedFirst) {
        throw new JournalCorruptionError(
          filePath,
          0,
          `segment starts at position ${entry.firstPosition} but the previous segment ends before ${expectedFirst}`,
        );
      }
      const isLast = index === found.length - 1;
      const file = await fileLayer.openFile(filePath, isLast ? 'write' : 'read');
      try {
        const size = await file.size();
        if (buffer.length < size) buffer = Buffer.allocUnsafe(size);
        await readFully(file, buffer, size);
        const scan = scanSegment(buffer.subarray(0, size), filePath, isLast);
        if (scan.torn) {
          await file.truncate(scan.validBytes);
          await file.datasync();
        }
        segments.push({
          firstPosition: entry.firstPosition,
          path: filePath,
          recordCount: scan.recordCount,
          byteLength: scan.validBytes,
        });
        expectedFirst = entry.firstPosition + scan.recordCount;
      } catch (error) {
        await file.close().catch(() => undefined);
        throw error;
      }
      if (isLast) return new Journal(directory, fileLayer, segments, file, options);
      await file.close();
    }
    throw new Error('unreachable: the last segment returns above');
  }

  /** Position the next record will get. */
  get nextRecordPosition(): JournalPosition {
    return this.nextPosition;
  }

  /** Highest position whose batch is written and fdatasync'ed (0 when none). Never moves after a failure. */
  get durablePosition(): JournalPosition {
    return this.durable;
  }

  /** First position still held (earlier ones were removed by `truncateBefore`). */
  get firstPosition(): JournalPosition {
    return this.segments[0]!.firstPosition;
  }

  /** The failure that stopped the journal, if any. */
  get failed(): JournalFailedError | undefined {
    return this.failure;
  }

  /**
   * Adds a record to the pending batch and returns its position synchronously; durability is reported later
   * (`onDurable`, durable listeners, `durablePosition`). Throws JournalFailedError / JournalClosedError when the
   * journal no longer accepts records, RangeError when the payload exceeds `maxRecordBytes`. The payload is copied.
   */
  enqueue(payload: Uint8Array): JournalPosition {
    if (this.failure) throw this.failure;
    if (this.closeState !== 'open') throw new JournalClosedError();
    if (payload.length > this.maxRecordBytes) {
      throw new RangeError(`journal record of ${payload.length} bytes exceeds the limit of ${this.maxRecordBytes}`);
    }
    const recordBytes = RECORD_HEADER_BYTES + payload.length;
    let part = this.pending[this.pending.length - 1];
    if (this.plannedSegmentBytes > 0 && this.plannedSegmentBytes + recordBytes > this.segmentBytes) {
      part = this.newPart(true, recordBytes);
      this.plannedSegmentBytes = 0;
    } else if (!part) {
      part = this.newPart(false, recordBytes);
    } else if (part.length + recordBytes > part.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(part.buffer.length * 2, part.length + recordBytes));
      part.buffer.copy(grown, 0, 0, part.length);
      part.buffer = grown;
    }
    part.length = writeRecord(part.buffer, part.length, payload);
    part.recordCount++;
    this.plannedSegmentBytes += recordBytes;
    this.counters.appendedRecords++;
    if (!this.scheduled && !this.flushing) {
      this.scheduled = true;
      this.scheduleFlush(this.runScheduledFlush);
    }
    return this.nextPosition++;
  }

  /** Appends one record; resolves with its position once its batch is durable, rejects if the journal fails. */
  append(payload: Uint8Array): Promise<JournalPosition> {
    let position: JournalPosition;
    try {
      position = this.enqueue(payload);
    } catch (error) {
      return Promise.reject(toError(error));
    }
    return new Promise<JournalPosition>((resolve, reject) => {
      this.addWaiter(position, (error) => (error ? reject(error) : resolve(position)));
    });
  }

  /** Appends records in order (one batch); resolves with the last one's position once durable. */
  appendBatch(payloads: readonly Uint8Array[]): Promise<JournalPosition> {
    let last = this.nextPosition - 1;
    try {
      for (const payload of payloads) last = this.enqueue(payload);
    } catch (error) {
      return Promise.reject(toError(error));
    }
    return this.whenDurable(last).then(() => last);
  }

  /** Resolves once `position` is durable; rejects if the journal fails first. */
  whenDurable(position: JournalPosition): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.onDurable(position, (error) => (error ? reject(error) : resolve()));
    });
  }

  /**
   * Calls `callback` once `position` is durable (with no error), or with the error if the journal fails first.
   * Always asynchronous. Cheaper than a promise per record; cheaper still is one durable listener per batch.
   */
  onDurable(position: JournalPosition, callback: DurableCallback): void {
    if (position >= this.nextPosition) {
      throw new RangeError(`position ${position} was not appended yet (next is ${this.nextPosition})`);
    }
    if (this.failure) {
      const failure = this.failure;
      queueMicrotask(() => callback(failure));
    } else if (position <= this.durable) {
      queueMicrotask(() => callback(undefined));
    } else {
      this.addWaiter(position, callback);
    }
  }

  /** Called after every durable batch with the new durable position. Returns an unsubscribe function. */
  addDurableListener(listener: (durablePosition: JournalPosition) => void): () => void {
    this.durableListeners.add(listener);
    return () => this.durableListeners.delete(listener);
  }

  /** Called after every durable batch with its size and timings (for /metrics and benchmarks). */
  addBatchListener(listener: (batch: BatchReport) => void): () => void {
    this.batchListeners.add(listener);
    return () => this.batchListeners.delete(listener);
  }

  /** Called once when the journal fails (immediately, asynchronously, if it already has). */
  onFatal(listener: (error: JournalFailedError) => void): () => void {
    if (this.failure) {
      const failure = this.failure;
      queueMicrotask(() => listener(failure));
      return () => undefined;
    }
    this.fatalListeners.add(listener);
    return () => this.fatalListeners.delete(listener);
  }

  /** Writes the pending batch now (not waiting for the batching timer); resolves when everything appended is durable. */
  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const target = this.nextPosition - 1;
    if (target <= this.durable) return Promise.resolve();
    this.urgent = true;
    void this.runFlush();
    return this.whenDurable(target);
  }

  stats(): JournalStats {
    return {
      ...this.counters,
      segments: this.segments.length,
      batchRecords: this.batchRecordsHistogram.snapshot(),
      syncMs: this.syncMsHistogram.snapshot(),
    };
  }

  /**
   * Reads every durable record from `fromPosition` (default: the first held) in order, calling `onRecord` with a
   * view of the payload that is valid only during the call (copy it to keep it). Segments are read whole and parsed
   * in place; checksums are verified again. Safe while appending (reads only what was durable when each segment
   * is reached); do not run it concurrently with `truncateBefore`.
   */
  async replay(
    onRecord: (payload: Uint8Array, position: JournalPosition) => void,
    fromPosition: JournalPosition = this.firstPosition,
  ): Promise<ReplaySummary> {
    if (fromPosition < this.firstPosition || fromPosition > this.durable + 1) {
      throw new RangeError(
        `cannot replay from position ${fromPosition}: the journal holds ${this.firstPosition}..${this.durable}`,
      );
    }
    let buffer = Buffer.alloc(0);
    let records = 0;
    let lastPosition = fromPosition - 1;
    for (const segment of [...this.segments]) {
      const { byteLength, recordCount, firstPosition } = segment;
      if (recordCount === 0 || firstPosition + recordCount <= fromPosition) continue;
      if (buffer.length < byteLength) buffer = Buffer.allocUnsafe(byteLength);
      const file = await this.fileLayer.openFile(segment.path, 'read');
      try {
        await readFully(file, buffer, byteLength);
      } finally {
        await file.close();
      }
      let position = firstPosition;
      const scan = scanSegment(buffer.subarray(0, byteLength), segment.path, false, (payload) => {
        if (position >= fromPosition) {
          onRecord(payload, position);
          records++;
          lastPosition = position;
        }
        position++;
      });
      if (scan.recordCount !== recordCount) {
        throw new JournalCorruptionError(
          segment.path,
          scan.validBytes,
          `expected ${recordCount} records, found ${scan.recordCount}`,
        );
      }
    }
    return { records, lastPosition };
  }

  /**
   * Retention: deletes the segments whose records all lie before `position` (a snapshot covers them), never the
   * segment being written. Resolves with the number of segments removed, after the directory is synced.
   */
  async truncateBefore(position: JournalPosition): Promise<number> {
    if (this.truncating) throw new Error('truncateBefore is already running');
    this.truncating = true;
    let removed = 0;
    try {
      while (this.segments.length > 1 && this.segments[1]!.firstPosition <= position) {
        await this.fileLayer.removeFile(this.segments[0]!.path);
        this.segments.shift();
        removed++;
      }
      if (removed > 0) await this.fileLayer.syncDirectory(this.directory);
    } finally {
      this.truncating = false;
    }
    return removed;
  }

  /** Makes everything appended durable, then closes the file. Later appends throw JournalClosedError. */
  async close(): Promise<void> {
    if (this.closeState !== 'open') return;
    this.closeState = 'closing';
    try {
      if (!this.failure) await this.flush();
    } finally {
      this.closeState = 'closed';
      await this.activeFile.close();
    }
  }

  private newPart(startsSegment: boolean, minimumBytes: number): PendingPart {
    let buffer = this.spareBuffer;
    this.spareBuffer = undefined;
    if (!buffer || buffer.length < minimumBytes) {
      buffer = Buffer.allocUnsafe(Math.max(INITIAL_BATCH_BUFFER_BYTES, minimumBytes));
    }
    const part: PendingPart = { startsSegment, firstPosition: this.nextPosition, buffer, length: 0, recordCount: 0 };
    this.pending.push(part);
    return part;
  }

  private addWaiter(position: JournalPosition, callback: DurableCallback): void {
    const waiters = this.waiters;
    const waiter = { position, callback };
    if (waiters.length === this.waiterHead || waiters[waiters.length - 1]!.position <= position) {
      waiters.push(waiter);
      return;
    }
    // Out of order (rare): keep the queue sorted so the per-batch release stays a walk from the head.
    let low = this.waiterHead;
    let high = waiters.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (waiters[middle]!.position <= position) low = middle + 1;
      else high = middle;
    }
    waiters.splice(low, 0, waiter);
  }

  private async runFlush(): Promise<void> {
    if (this.flushing || this.failure || this.pending.length === 0) return;
    this.flushing = true;
    const parts = this.pending;
    this.pending = [];
    let writeMs = 0;
    let syncMs = 0;
    let records = 0;
    let bytes = 0;
    try {
      for (const part of parts) {
        if (part.startsSegment) await this.startSegment(part.firstPosition);
        const segment = this.segments[this.segments.length - 1]!;
        const writeStart = this.now();
        await this.activeFile.write(part.buffer.subarray(0, part.length), segment.byteLength);
        const syncStart = this.now();
        await this.activeFile.datasync();
        const syncEnd = this.now();
        writeMs += syncStart - writeStart;
        syncMs += syncEnd - syncStart;
        this.syncMsHistogram.observe(syncEnd - syncStart);
        segment.byteLength += part.length;
        segment.recordCount += part.recordCount;
        records += part.recordCount;
        bytes += part.length;
      }
    } catch (error) {
      this.flushing = false;
      this.fail(error);
      return;
    }
    const recycled = parts[0]!.buffer;
    if (recycled.length <= MAX_RECYCLED_BUFFER_BYTES) this.spareBuffer = recycled;
    this.flushing = false;
    const lastPart = parts[parts.length - 1]!;
    this.durable = lastPart.firstPosition + lastPart.recordCount - 1;
    this.counters.durableRecords += records;
    this.counters.batches++;
    this.counters.bytesWritten += bytes;
    this.batchRecordsHistogram.observe(records);
    this.releaseWaiters();
    const durable = this.durable;
    for (const listener of this.durableListeners) invokeGuarded(() => listener(durable));
    if (this.batchListeners.size > 0) {
      const report: BatchReport = { records, bytes, lastPosition: durable, writeMs, syncMs };
      for (const listener of this.batchListeners) invokeGuarded(() => listener(report));
    }
    if (this.pending.length > 0) {
      if (this.urgent) {
        void this.runFlush();
      } else if (!this.scheduled) {
        this.scheduled = true;
        this.scheduleFlush(this.runScheduledFlush);
      }
    } else {
      this.urgent = false;
    }
  }

  private async startSegment(firstPosition: JournalPosition): Promise<void> {
    // The previous segment's last part was already synced: it is complete before the next one exists.
    await this.activeFile.close();
    const filePath = path.join(this.directory, segmentFileName(firstPosition));
    this.activeFile = await this.fileLayer.openFile(filePath, 'create');
    await this.fileLayer.syncDirectory(this.directory);
    this.segments.push({ firstPosition, path: filePath, recordCount: 0, byteLength: 0 });
  }

  private releaseWaiters(): void {
    const waiters = this.waiters;
    let head = this.waiterHead;
    while (head < waiters.length && waiters[head]!.position <= this.durable) {
      const waiter = waiters[head]!;
      head++;
      invokeGuarded(() => waiter.callback(undefined));
    }
    if (head === waiters.length) {
      this.waiters = [];
      this.waiterHead = 0;
    } else if (head > 1024 && head * 2 > waiters.length) {
      this.waiters = waiters.slice(head);
      this.waiterHead = 0;
    } else {
      this.waiterHead = head;
    }
  }

  private fail(cause: unknown): void {
    if (this.failure) return;
    const failure = cause instanceof JournalFailedError ? cause : new JournalFailedError(cause);
    this.failure = failure;
    this.pending = [];
    const waiters = this.waiters.slice(this.waiterHead);
    this.waiters = [];
    this.waiterHead = 0;
    for (const waiter of waiters) invokeGuarded(() => waiter.callback(failure));
    for (const listener of this.fatalListeners) invokeGuarded(() => listener(failure));
    this.fatalListeners.clear();
  }
}

function toError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}

async function readFully(file: JournalFile, target: Buffer, length: number): Promise<void> {
  let offset = 0;
  while (offset < length) {
    const count = await file.read(target, offset, length - offset, offset);
    if (count === 0) throw new Error(`unexpected end of file after ${offset} of ${length} bytes`);
    offset += count;
  }
}
