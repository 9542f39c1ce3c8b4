/**
 * A tiny Prometheus text-format (0.0.4) registry: counters, gauges and fixed-bucket histograms with labels.
 * Dependency-free; hot paths do a Map lookup and an addition.
 */

export type Labels = Readonly<Record<string, string>>;

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** Canonical key and text for a label set, in the declared label order. */
function labelText(labelNames: readonly string[], labels: Labels | undefined, extra?: [string, string]): string {
  const parts = labelNames.map((name) => `${name}="${escapeLabel(labels?.[name] ?? '')}"`);
  if (extra) parts.push(`${extra[0]}="${escapeLabel(extra[1])}"`);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

abstract class Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {
    if (!NAME.test(name)) throw new Error(`invalid metric name ${name}`);
  }
  protected key(labels: Labels | undefined): string {
    return labelText(this.labelNames, labels);
  }
  abstract render(): string;
}

export class Counter extends Metric {
  private readonly values = new Map<string, number>();
  inc(labels?: Labels, amount = 1): void {
    if (amount < 0) throw new RangeError('a counter only goes up');
    const key = this.key(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + amount);
  }
  get(labels?: Labels): number {
    return this.values.get(this.key(labels)) ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} counter`];
    if (this.values.size === 0 && this.labelNames.length === 0) lines.push(`${this.name} 0`);
    for (const [key, value] of this.values) lines.push(`${this.name}${key} ${formatNumber(value)}`);
    return lines.join('\n');
  }
}

export class Gauge extends Metric {
  private readonly values = new Map<string, number>();
  set(value: number, labels?: Labels): void {
    this.values.set(this.key(labels), value);
  }
  inc(labels?: Labels, amount = 1): void {
    const key = this.key(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + amount);
  }
  dec(labels?: Labels, amount = 1): void {
    this.inc(labels, -amount);
  }
  get(labels?: Labels): number {
    return this.values.get(this.key(labels)) ?? 0;
  }
  /** Drops every label set (before re-setting a gauge computed at scrape time). */
  reset(): void {
    this.values.clear();
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} gauge`];
    if (this.values.size === 0 && this.labelNames.length === 0) lines.push(`${this.name} 0`);
    for (const [key, value] of this.values) lines.push(`${this.name}${key} ${formatNumber(value)}`);
    return lines.join('\n');
  }
}

interface HistogramSeries {
  labels: Labels | undefined;
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram extends Metric {
  private readonly series = new Map<string, HistogramSeries>();
  readonly buckets: readonly number[];

  constructor(name: string, help: string, buckets: readonly number[], labelNames: readonly string[] = []) {
    super(name, help, labelNames);
    const sorted = [...buckets].sort((a, b) => a - b);
    if (sorted.length === 0 || sorted.some((b, i) => !Number.isFinite(b) || (i > 0 && b === sorted[i - 1]))) {
      throw new Error(`histogram ${name} needs distinct finite buckets`);
    }
    this.buckets = sorted;
  }

  observe(value: number, labels?: Labels): void {
    const key = this.key(labels);
    let series = this.series.get(key);
    if (!series) {
      series = { labels, counts: new Array<number>(this.buckets.length).fill(0), sum: 0, count: 0 };
      this.series.set(key, series);
    }
    // Non-cumulative per bucket here; render() accumulates.
    const index = this.buckets.findIndex((upper) => value <= upper);
    if (index >= 0) series.counts[index]! += 1;
    series.sum += value;
    series.count += 1;
  }

  /** Observations so far (for tests and health output). */
  count(labels?: Labels): number {
    return this.series.get(this.key(labels))?.count ?? 0;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} histogram`];
    for (const series of this.series.values()) {
      let cumulative = 0;
      this.buckets.forEach((upper, i) => {
        cumulative += series.counts[i]!;
        lines.push(
          `${this.name}_bucket${labelText(this.labelNames, series.labels, ['le', formatNumber(upper)])} ${cumulative}`,
        );
      });
      lines.push(`${this.name}_bucket${labelText(this.labelNames, series.labels, ['le', '+Inf'])} ${series.count}`);
      const key = labelText(this.labelNames, series.labels);
      lines.push(`${this.name}_sum${key} ${formatNumber(series.sum)}`, `${this.name}_count${key} ${series.count}`);
    }
    return lines.join('\n');
  }
}

export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>();
  private readonly collectors: (() => void)[] = [];

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, labelNames));
  }
  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.add(new Gauge(name, help, labelNames));
  }
  histogram(name: string, help: string, buckets: readonly number[], labelNames: readonly string[] = []): Histogram {
    return this.add(new Histogram(name, help, buckets, labelNames));
  }

  /** Runs before each scrape: set gauges computed from current state (e.g. open alarms by priority). */
  onCollect(collect: () => void): void {
    this.collectors.push(collect);
  }

  /** The Prometheus text exposition; serve it as `text/plain; version=0.0.4; charset=utf-8`. */
  render(): string {
    for (const collect of this.collectors) collect();
    return `${[...this.metrics.values()].map((metric) => metric.render()).join('\n')}\n`;
  }

  private add<M extends Metric>(metric: M): M {
    if (this.metrics.has(metric.name)) throw new Error(`metric ${metric.name} registered twice`);
    this.metrics.set(metric.name, metric);
    return metric;
  }
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
