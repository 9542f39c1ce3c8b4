/** A cumulative bucket histogram (Prometheus style): counts[i] = observations ≤ bounds[i]; the last is +Inf. */
export interface HistogramSnapshot {
  readonly bounds: readonly number[];
  readonly cumulativeCounts: readonly number[];
  readonly count: number;
  readonly sum: number;
  readonly max: number;
}

export class BucketHistogram {
  private readonly counts: number[];
  private total = 0;
  private sum = 0;
  private max = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  observe(value: number): void {
    let bucket = 0;
    while (bucket < this.bounds.length && value > this.bounds[bucket]!) bucket++;
    this.counts[bucket]!++;
    this.total++;
    this.sum += value;
    if (value > this.max) this.max = value;
  }

  snapshot(): HistogramSnapshot {
    let running = 0;
    const cumulativeCounts = this.counts.map((count) => (running += count));
    return { bounds: this.bounds, cumulativeCounts, count: this.total, sum: this.sum, max: this.max };
  }
}

/** Records per group-commit batch. */
export const BATCH_RECORD_BOUNDS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 65536];
/** Milliseconds per fdatasync. */
export const SYNC_MS_BOUNDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000];

/** One durable batch, as reported to batch listeners (raw samples for HDR histograms in benchmarks). */
export interface BatchReport {
  readonly records: number;
  readonly bytes: number;
  /** Durable positions now run up to here. */
  readonly lastPosition: number;
  /** Time in write calls and in fdatasync calls, milliseconds. */
  readonly writeMs: number;
  readonly syncMs: number;
}

export interface JournalStats {
  readonly appendedRecords: number;
  readonly durableRecords: number;
  readonly batches: number;
  readonly bytesWritten: number;
  readonly segments: number;
  readonly batchRecords: HistogramSnapshot;
  readonly syncMs: HistogramSnapshot;
}
