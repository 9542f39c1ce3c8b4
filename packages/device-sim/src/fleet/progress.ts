import { epochToCopenhagen } from '@medtek/core';
import type { FleetStats } from './fleet-stats.js';

interface Sample {
  at: number;
  acked: number;
  recorded: number;
}

/** One progress line: connections, events/s, acks, alarms the live subscriber saw, faults, errors. */
export function formatProgress(stats: FleetStats, eventsPerSecond: number): string {
  const wall = epochToCopenhagen(stats.serverTime);
  const speed = stats.serverSpeed > 1.5 ? ` ×${Math.round(stats.serverSpeed)}` : '';
  const faults = Object.values(stats.faults).reduce((sum, n) => sum + (n ?? 0), 0);
  return [
    `${wall.date} ${wall.time}${speed}`,
    `online ${stats.connected}/${stats.devices}`,
    `events ${stats.eventsRecorded} (${eventsPerSecond.toFixed(1)}/s)`,
    `acked ${stats.eventsAcked}`,
    `pending ${stats.eventsPending}`,
    `alarms ${stats.alarmsSeen} seen, ${stats.alarmsOpen} open${stats.liveConnected ? '' : ' (live ✗)'}`,
    `faults ${faults}`,
    `errors ${stats.errors}`,
  ].join(' | ');
}

/** The stop summary, several lines. */
export function formatSummary(stats: FleetStats, elapsedMs: number): string {
  const alarms = Object.entries(stats.alarmsByType)
    .sort(([, a], [, b]) => b - a)
    .map(([type, count]) => `${type} ${count}`)
    .join(', ');
  const faults = Object.entries(stats.faults)
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
  return [
    `fleet stopped after ${(elapsedMs / 1000).toFixed(1)} s`,
    `  devices ${stats.devices}, connects ${stats.connects}, disconnects ${stats.disconnects}, resyncs ${stats.resyncs}`,
    `  events ${stats.eventsRecorded} recorded, ${stats.eventsAcked} acknowledged, ${stats.eventsPending} unacknowledged`,
    `  heartbeats ${stats.heartbeats}, server commands ${stats.commands}`,
    `  alarms seen ${stats.alarmsSeen}${alarms ? ` (${alarms})` : ''}, incidents ${stats.incidentsSeen}`,
    `  faults ${faults || 'none'}`,
    `  errors ${stats.errors}${stats.lastError ? ` (last: ${stats.lastError})` : ''}`,
  ].join('\n');
}

/**
 * Prints progress: rewritten in place on a terminal (every 0.5 s), one line every 5 s otherwise (logs, CI).
 * Returns a stop function.
 */
export function startProgress(
  read: () => FleetStats,
  out: NodeJS.WriteStream = process.stderr,
  now: () => number = () => performance.now(),
): () => void {
  const tty = out.isTTY === true;
  let last: Sample | undefined;
  const draw = (): void => {
    const stats = read();
    const sample = { at: now(), acked: stats.eventsAcked, recorded: stats.eventsRecorded };
    const seconds = last ? (sample.at - last.at) / 1000 : 0;
    const rate = last && seconds > 0 ? (sample.recorded - last.recorded) / seconds : 0;
    last = sample;
    const line = formatProgress(stats, rate);
    if (tty) out.write(`\r\x1b[2K${line.slice(0, Math.max(20, (out.columns ?? 160) - 1))}`);
    else out.write(`${line}\n`);
  };
  draw();
  const timer = setInterval(draw, tty ? 500 : 5_000);
  return () => {
    clearInterval(timer);
    if (tty) out.write('\n');
  };
}
