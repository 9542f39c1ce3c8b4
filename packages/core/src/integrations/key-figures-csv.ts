import { toCsv } from './csv.js';
import type { KeyFigures } from './key-figures.js';

const round = (value: number | undefined, digits = 2): number | undefined =>
  value === undefined ? undefined : Math.round(value * 10 ** digits) / 10 ** digits;
const minutes = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : round(ms / 60_000, 1));

/** Key figures as a long CSV table (figure, breakdown, value, unit): one row per number, easy to pivot. */
export function keyFiguresCsv(figures: KeyFigures): string {
  const from = new Date(figures.from).toISOString();
  const to = new Date(figures.to).toISOString();
  const rows: (string | number | undefined)[][] = [
    ['period_from', '', from, 'UTC'],
    ['period_to', '', to, 'UTC'],
    ['citizens', '', figures.citizens, 'count'],
    ...figures.visits.flatMap((row) => [
      ['visits_planned', `step ${row.step}`, row.planned, 'count'],
      ['visits_made', `step ${row.step}`, row.made, 'count'],
      ['visits_avoided', `step ${row.step}`, row.avoided, 'count'],
    ]),
    ['visits_avoided', 'total', figures.visitsAvoided, 'count'],
    ['doses_due', '', figures.dosesDue, 'count'],
    ['doses_taken_in_window', '', figures.dosesTakenInWindow, 'count'],
    ['adherence', '', round(figures.adherence, 4), 'ratio'],
    ['doses_missed', '', figures.dosesMissed, 'count'],
    ['doses_skipped', '', figures.dosesSkipped, 'count'],
    ['missed_per_100', '', round(figures.missedPer100), 'per 100 doses'],
    ['alarms', '', figures.alarms, 'count'],
    ['alarms_per_citizen_week', '', round(figures.alarmsPerCitizenWeek), 'per citizen-week'],
    ['time_to_acknowledge_p50', 'all', minutes(figures.timeToAcknowledge.p50Ms), 'min'],
    ['time_to_acknowledge_p95', 'all', minutes(figures.timeToAcknowledge.p95Ms), 'min'],
    ...(['high', 'medium', 'low'] as const).flatMap((priority) => [
      ['time_to_acknowledge_p50', priority, minutes(figures.timeToAcknowledge.byPriority[priority].p50Ms), 'min'],
      ['time_to_acknowledge_p95', priority, minutes(figures.timeToAcknowledge.byPriority[priority].p95Ms), 'min'],
    ]),
    ['time_to_resolve_p50', 'all', minutes(figures.timeToResolve.p50Ms), 'min'],
    ['time_to_resolve_p95', 'all', minutes(figures.timeToResolve.p95Ms), 'min'],
    ['response_breaches', '', figures.responseBreaches.length, 'count'],
    ['offline_hours', '', round(figures.offlineHours), 'h'],
    ['staircase_moves_up', '', figures.staircaseMovesUp, 'count'],
    ['staircase_moves_down', '', figures.staircaseMovesDown, 'count'],
  ];
  return toCsv(['figure', 'breakdown', 'value', 'unit'], rows);
}

/** The alarms acknowledged later than their response limit (or not at all), one row each. */
export function responseBreachesCsv(figures: KeyFigures): string {
  return toCsv(
    ['alarm_id', 'type', 'priority', 'citizen_id', 'raised_at', 'response_limit_min', 'time_to_acknowledge_min'],
    figures.responseBreaches.map((breach) => [
      breach.alarmId,
      breach.type,
      breach.priority,
      breach.citizenId,
      new Date(breach.raisedAt).toISOString(),
      minutes(breach.responseLimitMs),
      minutes(breach.timeToAcknowledgeMs),
    ]),
  );
}
