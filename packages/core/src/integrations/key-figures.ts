import type { Alarm } from '../domain/alarm.js';
import type { AlarmPriority, CitizenId, EpochMs, StaircaseStep, TeamId } from '../domain/vocabulary.js';
import type { DoseState } from '../engine/state.js';
import type { IntegrationHistory } from './history.js';
import { percentile } from './percentile.js';

/**
 * Key figures for management (docs/integrations.md defines each one). Pure: computed from a replayed history and a
 * period [from, to). A dose belongs to the period of its due time; an alarm to the period it was raised in.
 */
export interface KeyFiguresOptions {
  from: EpochMs;
  to: EpochMs;
  /** Only citizens (and their alarms) of these teams; absent = all. */
  teamIds?: readonly TeamId[];
}

export interface ResponseBreach {
  alarmId: string;
  type: Alarm['type'];
  priority: AlarmPriority;
  citizenId?: CitizenId;
  raisedAt: EpochMs;
  responseLimitMs: number;
  /** Absent when still unacknowledged at the end of the period. */
  timeToAcknowledgeMs?: number;
}

export interface DurationStats {
  count: number;
  p50Ms?: number;
  p95Ms?: number;
}

export interface KeyFigures {
  from: EpochMs;
  to: EpochMs;
  citizens: number;
  /** Per staircase step: dose visits planned (each due dose is one visit without technology), visits still made, avoided. */
  visits: { step: StaircaseStep; planned: number; made: number; avoided: number }[];
  visitsAvoided: number;
  dosesDue: number;
  dosesTakenInWindow: number;
  /** taken in window / due, 0..1 (undefined with no due doses). */
  adherence?: number;
  dosesMissed: number;
  dosesSkipped: number;
  missedPer100?: number;
  alarms: number;
  /** Annunciated alarms raised in the period, per priority (the wall screen's first figure). */
  alarmsByPriority: Record<AlarmPriority, number>;
  alarmsPerCitizenWeek?: number;
  timeToAcknowledge: DurationStats & { byPriority: Record<AlarmPriority, DurationStats> };
  timeToResolve: DurationStats;
  responseBreaches: ResponseBreach[];
  offlineHours: number;
  staircaseMovesUp: number;
  staircaseMovesDown: number;
}

const WEEK_MS = 7 * 86_400_000;
const PRIORITIES: readonly AlarmPriority[] = ['high', 'medium', 'low'];
/** Alarm outcomes that mean staff went to the citizen: the visit the technology was meant to replace happened. */
const VISIT_OUTCOMES = new Set<Alarm['outcome']>(['visit_made', 'dose_given_by_staff']);

function stats(values: readonly number[]): DurationStats {
  const result: DurationStats = { count: values.length };
  const p50 = percentile(values, 50);
  const p95 = percentile(values, 95);
  if (p50 !== undefined) result.p50Ms = p50;
  if (p95 !== undefined) result.p95Ms = p95;
  return result;
}

/** The citizen's staircase step at an instant (from the recorded moves; the current step after the last move). */
function stepAt(history: IntegrationHistory, citizenId: CitizenId, at: EpochMs): StaircaseStep | undefined {
  const moves = history.stepChanges.filter((move) => move.citizenId === citizenId);
  const later = moves.find((move) => move.at > at);
  if (later !== undefined) return later.from;
  return history.citizens.find((citizen) => citizen.id === citizenId)?.staircaseStep;
}

/** Alarms suppressed by design (raised while paused/travelling) are records, not annunciated alarms. */
function annunciated(alarm: Alarm): boolean {
  return !(alarm.suppressed && alarm.acknowledgedBy === 'system');
}

export function computeKeyFigures(history: IntegrationHistory, options: KeyFiguresOptions): KeyFigures {
  const { from, to } = options;
  const inTeam = (teamId: TeamId | undefined) =>
    options.teamIds === undefined || (teamId !== undefined && options.teamIds.includes(teamId));
  const citizens = history.citizens.filter((citizen) => inTeam(citizen.teamId));
  const citizenIds = new Set(citizens.map((citizen) => citizen.id));
  const inPeriod = (at: EpochMs) => at >= from && at < to;

  // Doses whose window has closed (a pending dose is not decided yet).
  const doses = history.doses.filter(
    (dose) => citizenIds.has(dose.citizenId) && inPeriod(dose.dueAt) && dose.status !== 'pending',
  );
  const takenInWindow = (dose: DoseState) =>
    dose.status === 'taken' &&
    dose.statusAt !== undefined &&
    dose.statusAt >= dose.windowStart &&
    dose.statusAt <= dose.windowEnd;
  const dosesTakenInWindow = doses.filter(takenInWindow).length;
  const dosesMissed = doses.filter((dose) => dose.status === 'missed' || dose.status === 'not_confirmed').length;
  const dosesSkipped = doses.filter((dose) => dose.status === 'skipped').length;

  const alarms = history.alarms.filter(
    (alarm) => inTeam(alarm.teamId) && inPeriod(alarm.raisedAt) && annunciated(alarm),
  );

  const visitsByStep = new Map<StaircaseStep, { planned: number; made: number }>();
  const bucket = (step: StaircaseStep) => {
    let entry = visitsByStep.get(step);
    if (entry === undefined) visitsByStep.set(step, (entry = { planned: 0, made: 0 }));
    return entry;
  };
  for (const dose of doses) {
    const step = stepAt(history, dose.citizenId, dose.dueAt);
    if (step !== undefined) bucket(step).planned += 1;
  }
  for (const alarm of alarms) {
    if (alarm.citizenId === undefined || !VISIT_OUTCOMES.has(alarm.outcome)) continue;
    const step = stepAt(history, alarm.citizenId, alarm.raisedAt);
    if (step !== undefined) bucket(step).made += 1;
  }
  const visits = [...visitsByStep.entries()]
    .sort(([a], [b]) => a - b)
    .map(([step, { planned, made }]) => ({
      step,
      planned,
      made: step === 5 ? planned : made,
      // Step 5 is the physical visit itself: nothing is avoided there.
      avoided: step === 5 ? 0 : Math.max(0, planned - made),
    }));

  const acknowledged = alarms.filter((alarm) => alarm.timeToAcknowledgeMs !== undefined);
  const byPriority = Object.fromEntries(
    PRIORITIES.map((priority) => [
      priority,
      stats(acknowledged.filter((alarm) => alarm.priority === priority).map((alarm) => alarm.timeToAcknowledgeMs!)),
    ]),
  ) as Record<AlarmPriority, DurationStats>;

  const responseBreaches: ResponseBreach[] = [];
  for (const alarm of alarms) {
    const late =
      alarm.timeToAcknowledgeMs !== undefined
        ? alarm.timeToAcknowledgeMs > alarm.responseLimitMs
        : Math.min(to, history.until) - alarm.raisedAt > alarm.responseLimitMs;
    if (!late) continue;
    const breach: ResponseBreach = {
      alarmId: alarm.id,
      type: alarm.type,
      priority: alarm.priority,
      raisedAt: alarm.raisedAt,
      responseLimitMs: alarm.responseLimitMs,
    };
    if (alarm.citizenId !== undefined) breach.citizenId = alarm.citizenId;
    if (alarm.timeToAcknowledgeMs !== undefined) breach.timeToAcknowledgeMs = alarm.timeToAcknowledgeMs;
    responseBreaches.push(breach);
  }

  const deviceIds = new Set(history.devices.filter((device) => inTeam(device.teamId)).map((device) => device.deviceId));
  let offlineMs = 0;
  for (const interval of history.offline) {
    if (!deviceIds.has(interval.deviceId)) continue;
    const start = Math.max(interval.from, from);
    const end = Math.min(interval.to ?? history.until, to);
    if (end > start) offlineMs += end - start;
  }

  const moves = history.stepChanges.filter((move) => citizenIds.has(move.citizenId) && inPeriod(move.at));
  const citizenWeeks = (citizens.length * (to - from)) / WEEK_MS;

  const figures: KeyFigures = {
    from,
    to,
    citizens: citizens.length,
    visits,
    visitsAvoided: visits.reduce((sum, row) => sum + row.avoided, 0),
    dosesDue: doses.length,
    dosesTakenInWindow,
    dosesMissed,
    dosesSkipped,
    alarms: alarms.length,
    alarmsByPriority: {
      high: alarms.filter((alarm) => alarm.priority === 'high').length,
      medium: alarms.filter((alarm) => alarm.priority === 'medium').length,
      low: alarms.filter((alarm) => alarm.priority === 'low').length,
    },
    timeToAcknowledge: { ...stats(acknowledged.map((alarm) => alarm.timeToAcknowledgeMs!)), byPriority },
    timeToResolve: stats(
      alarms.flatMap((alarm) => (alarm.timeToResolveMs === undefined ? [] : [alarm.timeToResolveMs])),
    ),
    responseBreaches,
    offlineHours: offlineMs / 3_600_000,
    staircaseMovesUp: moves.filter((move) => move.to > move.from).length,
    staircaseMovesDown: moves.filter((move) => move.to < move.from).length,
  };
  if (doses.length > 0) {
    figures.adherence = dosesTakenInWindow / doses.length;
    figures.missedPer100 = (dosesMissed * 100) / doses.length;
  }
  if (citizenWeeks > 0) figures.alarmsPerCitizenWeek = alarms.length / citizenWeeks;
  return figures;
}
