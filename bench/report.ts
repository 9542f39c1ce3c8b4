import type { ConnectionsResult } from './connections.js';
import type { CoreResult } from './core-bench.js';
import type { IngestResult } from './ingest.js';
import type { LatencyPoint } from './latency.js';
import type { MachineInfo } from './machine.js';
import type { RecoveryResult } from './recovery.js';
import type { Range } from './stats.js';
import type { WidgetsResult } from './widgets-bench.js';

export interface BenchResults {
  profile: string;
  machine: MachineInfo;
  durationSeconds?: number;
  ingest?: IngestResult;
  latency?: LatencyPoint[];
  connections?: ConnectionsResult;
  recovery?: RecoveryResult;
  core?: CoreResult;
  widgets?: WidgetsResult;
  targets?: TargetCheck[];
  errors: { section: string; message: string }[];
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : 'n/a');
const fixed = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const rangeText = (r: Range, format: (n: number) => string = int) =>
  `${format(r.median)} (${format(r.min)}–${format(r.max)})`;

/** The issue's targets, checked against what was measured (absent sections are not checked). */
export function checkTargets(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const { ingest, latency, connections, recovery, core, widgets } = results;
  if (ingest) {
    checks.push({
      target: 'ingest ≥ 2.0× ws-ack',
      measured: `${fixed(ingest.ratios.vsWsAck)}×`,
      met: ingest.ratios.vsWsAck >= 2,
    });
    checks.push({
      target: 'ingest ≥ 40 % of uws-ack',
      measured: `${fixed(ingest.ratios.vsUwsAck * 100, 0)} %`,
      met: ingest.ratios.vsUwsAck >= 0.4,
    });
  }
  const at20k = latency?.find((point) => point.intendedRate === 20_000);
  if (at20k) {
    checks.push({ target: 'ack p99 ≤ 2 ms at 20k/s', measured: `${at20k.ack.p99Ms} ms`, met: at20k.ack.p99Ms <= 2 });
    checks.push({
      target: 'alarm p99 ≤ 5 ms at 20k/s',
      measured: `${at20k.alarm.latency.p99Ms} ms`,
      met: at20k.alarm.latency.p99Ms <= 5 && at20k.alarm.seen === at20k.alarm.triggers,
    });
  }
  if (connections)
    checks.push({
      target: `${int(connections.devices)} devices ≤ 4 KiB/device`,
      measured: `${fixed(connections.bytesPerDevice / 1024)} KiB (${int(connections.connected)} connected)`,
      met:
        connections.bytesPerDevice <= 4096 &&
        connections.connected === connections.devices &&
        connections.devices >= 15_000,
    });
  if (recovery)
    checks.push({
      target: 'replay ≥ 500k records/s',
      measured: `${int(recovery.recordsPerSecond)}/s`,
      met: recovery.recordsPerSecond >= 500_000,
    });
  if (core)
    checks.push({
      target: 'core ≥ 250k frames/s',
      measured: `${int(core.framesPerSecond.median)}/s`,
      met: core.framesPerSecond.median >= 250_000,
    });
  if (widgets) {
    checks.push({
      target: 'all widgets ≤ 60 KB gz',
      measured: `${fixed(widgets.allWidgetsGzipBytes / 1000, 1)} KB`,
      met: widgets.allWidgetsGzipBytes <= 60_000,
    });
    checks.push({
      target: `${int(widgets.alarms)} alarms rendered ≤ 100 ms`,
      measured: `${fixed(widgets.renderMedianMs, 1)} ms`,
      met: widgets.renderMedianMs <= 100 && widgets.alarms >= 10_000,
    });
  }
  return checks;
}

/** The Markdown report (printed, written to latest.md, and pasted into the README). */
export function renderMarkdown(results: BenchResults): string {
  const m = results.machine;
  const lines: string[] = [];
  lines.push(`## Benchmark (${results.profile} run, ${m.date.slice(0, 16).replace('T', ' ')} UTC)`);
  lines.push('');
  lines.push(
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.ramGiB} GiB RAM; Node ${m.node}; commit ${m.commit}` +
      `${m.dirtyTree ? ' (working tree had uncommitted changes)' : ''}; ` +
      `${m.pinned ? 'server on CPU 0, generator on CPU 1 (taskset)' : 'not pinned (no taskset or one core)'}; ` +
      `load average at start ${m.loadAverageStart.join(' / ')}${m.loadAverageEnd ? `, at end ${m.loadAverageEnd.join(' / ')}` : ''}` +
      `${results.durationSeconds !== undefined ? `; took ${Math.round(results.durationSeconds)} s` : ''}.`,
  );
  lines.push('');
  if (results.ingest) {
    const ingest = results.ingest;
    lines.push(
      `### 1. Ingest at saturation (${int(ingest.intendedRate)}/s intended, ${ingest.connections} connections, ${ingest.seconds} s, median (min–max) of ${ingest.runs.length / 4})`,
    );
    lines.push('');
    lines.push('| server | events/s | server CPU µs/event | server CPU | generator CPU | limited by |');
    lines.push('|---|---|---|---|---|---|');
    for (const s of ingest.summary)
      lines.push(
        `| ${s.target} | ${rangeText(s.ackRate)} | ${rangeText(s.serverMicrosPerEvent, (n) => fixed(n))} | ${fixed(s.serverCpu * 100, 0)} % | ${fixed(s.generatorCpu * 100, 0)} % | ${s.serverBound ? 'server' : 'generator / machine'} |`,
      );
    lines.push('');
    lines.push(
      `Ratios (events/s): medtek / ws-ack **${fixed(ingest.ratios.vsWsAck)}**, medtek / uws-ack **${fixed(ingest.ratios.vsUwsAck)}**, medtek / uws-echo-raw **${fixed(ingest.ratios.vsUwsEchoRaw)}**. ` +
        `By server CPU per event (baseline µs ÷ Medtek µs): vs ws-ack ${fixed(ingest.costRatios.vsWsAck)}, vs uws-ack ${fixed(ingest.costRatios.vsUwsAck)}, vs uws-echo-raw ${fixed(ingest.costRatios.vsUwsEchoRaw)}.`,
    );
    lines.push('');
  }
  if (results.latency && results.latency.length > 0) {
    lines.push(
      '### 2. Open-loop latency (from the intended send time; alarm = help_requested → alarm frame at a /live subscriber)',
    );
    lines.push('');
    lines.push(
      '| rate/s | acks/s | ack p50 | ack p99 | ack p99.9 | ack max | alarm p50 | alarm p99 | alarm max | alarms seen | send lag p99 | server CPU | µs/event |',
    );
    lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const p of results.latency)
      lines.push(
        `| ${int(p.intendedRate)} | ${int(p.ackRate)} | ${p.ack.p50Ms} | ${p.ack.p99Ms} | ${p.ack.p999Ms} | ${p.ack.maxMs} | ${p.alarm.latency.p50Ms} | ${p.alarm.latency.p99Ms} | ${p.alarm.latency.maxMs} | ${p.alarm.seen}/${p.alarm.triggers} | ${p.sendLag.p99Ms} | ${fixed(p.serverCpu * 100, 0)} % | ${fixed(p.serverMicrosPerEvent, 1)} |`,
      );
    lines.push('');
    lines.push(
      'All latencies in ms. "send lag" is how late the generator itself put frames on the wire (included in the ack latency).',
    );
    const journals = results.latency.filter((p) => p.journal !== undefined);
    if (journals.length > 0) {
      lines.push('');
      lines.push(
        `Group commit (fsync batches over each run): ${journals
          .map(
            (p) =>
              `${int(p.intendedRate)}/s: ${int(p.journal!.batches)} batches, ${fixed(p.journal!.recordsPerBatch, 1)} records/batch, mean fsync ${fixed(p.journal!.meanSyncMs, 2)} ms`,
          )
          .join('; ')}.`,
      );
    }
    lines.push('');
  }
  if (results.connections) {
    const c = results.connections;
    lines.push(`### 3. Connections`);
    lines.push('');
    lines.push(
      '| devices | connected | failed | connect time | server RSS before → after | per device | heartbeat | ack p50 / p99 at events/s |',
    );
    lines.push('|---|---|---|---|---|---|---|---|');
    lines.push(
      `| ${int(c.devices)} | ${int(c.connected)} | ${c.failed} | ${fixed(c.connectSeconds, 1)} s | ${fixed(c.rssBeforeBytes / 2 ** 20, 0)} → ${fixed(c.rssAfterBytes / 2 ** 20, 0)} MiB | ${fixed(c.bytesPerDevice / 1024)} KiB | every ${c.heartbeatMs / 1000} s | ${c.ack.p50Ms} / ${c.ack.p99Ms} ms at ${int(c.eventRate)} |`,
    );
    lines.push('');
  }
  if (results.recovery) {
    const r = results.recovery;
    lines.push('### 4. Recovery (no snapshot: full journal replay)');
    lines.push('');
    lines.push('| simulated | records | journal | alarms | replay | replay rate | startServer | process ready |');
    lines.push('|---|---|---|---|---|---|---|---|');
    lines.push(
      `| ${int(r.citizens)} citizens × ${r.days} days | ${int(r.replayedRecords)} | ${fixed(r.journal.bytes / 1e6, 0)} MB | ${int(r.journal.alarmsRaised)} | ${fixed(r.replayMs / 1000)} s | ${int(r.recordsPerSecond)}/s | ${fixed(r.startServerMs / 1000)} s | ${fixed(r.processReadyMs / 1000)} s |`,
    );
    lines.push('');
  }
  if (results.core) {
    const c = results.core;
    lines.push('### 5. Core (decode + validate + apply, one core, no sockets)');
    lines.push('');
    lines.push(
      `${int(c.frames)} event frames over ${int(c.devices)} devices: **${rangeText(c.framesPerSecond)} frames/s** (${fixed(c.nsPerFrame / 1000)} µs/frame).`,
    );
    lines.push('');
  }
  if (results.widgets) {
    const w = results.widgets;
    lines.push('### 6. Widgets');
    lines.push('');
    lines.push('| entry (with its chunks) | raw | gzip |');
    lines.push('|---|---|---|');
    for (const e of w.entries)
      lines.push(`| ${e.entry} | ${fixed(e.rawBytes / 1000, 1)} KB | ${fixed(e.gzipBytes / 1000, 1)} KB |`);
    lines.push('');
    lines.push(
      `mt-alarm-list in headless ${w.chromium}: ${int(w.alarms)} alarms rendered in **${fixed(w.renderMedianMs, 1)} ms** (median of ${w.renderMs.length}); ` +
        `${w.updatesPerSecond} updates/s (${w.updates} deltas): per update p50 ${fixed(w.updateP50Ms)} ms, p99 ${fixed(w.updateP99Ms)} ms, max ${fixed(w.updateMaxMs)} ms; ` +
        `${w.longTasks} long tasks; main thread ${fixed(w.busyShare * 100, 1)} % busy with updates.`,
    );
    lines.push('');
  }
  if (results.targets && results.targets.length > 0) {
    lines.push('### Targets');
    lines.push('');
    lines.push('| target | measured | met |');
    lines.push('|---|---|---|');
    for (const t of results.targets) lines.push(`| ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`);
    lines.push('');
  }
  if (results.errors.length > 0) {
    lines.push('### Sections that failed');
    lines.push('');
    for (const e of results.errors) lines.push(`- ${e.section}: ${e.message.split('\n')[0]}`);
    lines.push('');
  }
  return lines.join('\n');
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Latency percentiles per rate (ack and alarm), log-scale y axis, as a standalone SVG. */
export function renderLatencySvg(points: readonly LatencyPoint[]): string {
  const width = 720;
  const height = 360;
  const left = 70;
  const right = 170;
  const top = 40;
  const bottom = 50;
  const percentiles = ['p50', 'p99', 'p99.9', 'max'] as const;
  const series = points.flatMap((point) => [
    {
      label: `ack @ ${int(point.intendedRate)}/s`,
      values: [point.ack.p50Ms, point.ack.p99Ms, point.ack.p999Ms, point.ack.maxMs],
    },
    {
      label: `alarm @ ${int(point.intendedRate)}/s`,
      values: [
        point.alarm.latency.p50Ms,
        point.alarm.latency.p99Ms,
        point.alarm.latency.p999Ms,
        point.alarm.latency.maxMs,
      ],
    },
  ]);
  const all = series.flatMap((s) => s.values).filter((v) => v > 0);
  const minLog = Math.floor(Math.log10(Math.max(0.001, Math.min(...all, 1))));
  const maxLog = Math.ceil(Math.log10(Math.max(...all, 10)));
  const x = (i: number) => left + (i * (width - left - right)) / (percentiles.length - 1);
  const y = (v: number) =>
    top + ((maxLog - Math.log10(Math.max(v, 10 ** minLog))) * (height - top - bottom)) / (maxLog - minLog);
  const colors = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  parts.push(
    `<text x="${left}" y="22" font-size="14">Medtek open-loop latency (ms, log scale): ack and alarm-to-subscriber</text>`,
  );
  for (let exp = minLog; exp <= maxLog; exp++) {
    const gy = y(10 ** exp);
    parts.push(`<line x1="${left}" y1="${gy}" x2="${width - right}" y2="${gy}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${left - 8}" y="${gy + 4}" text-anchor="end">${10 ** exp >= 1 ? 10 ** exp : (10 ** exp).toFixed(-exp)}</text>`,
    );
  }
  percentiles.forEach((p, i) =>
    parts.push(`<text x="${x(i)}" y="${height - bottom + 20}" text-anchor="middle">${p}</text>`),
  );
  series.forEach((s, index) => {
    const color = colors[index % colors.length]!;
    const dash = index % 2 === 1 ? ' stroke-dasharray="5 3"' : '';
    const path = s.values.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`);
    s.values.forEach((v, i) =>
      parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${color}"/>`),
    );
    const ly = top + 10 + index * 18;
    parts.push(
      `<line x1="${width - right + 15}" y1="${ly}" x2="${width - right + 40}" y2="${ly}" stroke="${color}" stroke-width="2"${dash}/>`,
    );
    parts.push(`<text x="${width - right + 45}" y="${ly + 4}">${escapeXml(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
