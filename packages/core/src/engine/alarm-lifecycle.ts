import { alarmStateOf, type Alarm, type AlarmMedication } from '../domain/alarm.js';
import type { Actor } from '../domain/actor.js';
import type { AlarmType, CitizenId, DeviceId, SlotKey, TeamId } from '../domain/vocabulary.js';
import type { EngineCore } from './core.js';
import { RISK_TABLE } from './risk-table.js';

/** The dedup key: at most one open alarm per (citizen or device, type, slot). */
export function alarmKey(type: AlarmType, citizenId?: CitizenId, deviceId?: DeviceId, slot?: SlotKey): string {
  const subject = RISK_TABLE[type].subject === 'citizen' ? (citizenId ?? deviceId) : (deviceId ?? citizenId);
  return `${subject ?? ''}|${type}|${slot ?? ''}`;
}

export const keyOfAlarm = (alarm: Alarm): string => alarmKey(alarm.type, alarm.citizenId, alarm.deviceId, alarm.slot);

export interface RaiseSpec {
  type: AlarmType;
  teamId: TeamId;
  citizenId?: CitizenId;
  deviceId?: DeviceId;
  slot?: SlotKey;
  detail?: string;
  medication?: AlarmMedication;
  /** The dose slot is time-critical (raises priority where the risk table says so). */
  timeCritical?: boolean;
  /** Device paused / in travel mode: suppressible alarms are recorded but closed at once (see docs/alarms.md). */
  suppressedByMode?: boolean;
  actor: Actor;
}

function setState(alarm: Alarm): void {
  alarm.state = alarmStateOf(alarm.acknowledged, alarm.cleared);
}

function systemComment(core: EngineCore, alarm: Alarm, by: Actor, text: string): void {
  if (alarm.comments.length >= 200) alarm.comments.shift(); // bounded: the audit trail keeps the full history
  alarm.comments.push({ at: core.now, by, text });
}

/**
 * Raise an alarm, or update the open one with the same key (never a second open alarm for one key). A cleared but
 * unacknowledged alarm whose condition returns becomes active again.
 */
export function raiseAlarm(core: EngineCore, spec: RaiseSpec): Alarm {
  const key = alarmKey(spec.type, spec.citizenId, spec.deviceId, spec.slot);
  const existing = core.openAlarms.get(key);
  if (existing !== undefined) {
    if (spec.detail !== undefined) existing.detail = spec.detail;
    if (spec.medication !== undefined) existing.medication = spec.medication;
    if (existing.cleared) {
      existing.cleared = false;
      existing.clearedAt = undefined;
      existing.clearedBy = undefined;
      setState(existing);
      systemComment(core, existing, spec.actor, 'condition returned');
      core.audit({ actor: spec.actor, action: 'alarm_reraised', alarmId: existing.id, ...subjectOf(existing) });
      scheduleEscalation(core, existing);
    }
    core.alarmChanged(existing);
    return existing;
  }
  const row = RISK_TABLE[spec.type];
  core.counters.alarm += 1;
  const alarm: Alarm = {
    id: `al-${core.counters.alarm}`,
    type: spec.type,
    priority:
      spec.timeCritical === true && row.timeCriticalPriority !== undefined ? row.timeCriticalPriority : row.priority,
    state: 'unack_active',
    acknowledged: false,
    cleared: false,
    teamId: spec.teamId,
    raisedAt: core.now,
    updatedAt: core.now,
    comments: [],
    suppressed: false,
    escalationLevel: 0,
    responseLimitMs: row.responseLimitMs,
  };
  if (spec.citizenId !== undefined) alarm.citizenId = spec.citizenId;
  if (spec.deviceId !== undefined) alarm.deviceId = spec.deviceId;
  if (spec.slot !== undefined) alarm.slot = spec.slot;
  if (spec.detail !== undefined) alarm.detail = spec.detail;
  if (spec.medication !== undefined) alarm.medication = spec.medication;
  core.alarms.set(alarm.id, alarm);
  core.openAlarms.set(key, alarm);
  core.audit({ actor: spec.actor, action: 'alarm_raised', alarmId: alarm.id, ...subjectOf(alarm) });
  core.alarmChanged(alarm);
  if (spec.suppressedByMode === true && row.suppressible) {
    // Suppressed by design: recorded for the audit trail, never annunciated or escalated.
    alarm.suppressed = true;
    systemComment(core, alarm, 'system', 'suppressed: device paused or in travel mode');
    core.audit({ actor: 'system', action: 'alarm_suppressed', alarmId: alarm.id, ...subjectOf(alarm) });
    alarm.acknowledged = true;
    alarm.acknowledgedAt = core.now;
    alarm.acknowledgedBy = 'system';
    clearAlarm(core, alarm, 'system');
    return alarm;
  }
  scheduleEscalation(core, alarm);
  return alarm;
}

export function subjectOf(alarm: Alarm): { citizenId?: CitizenId; deviceId?: DeviceId } {
  const subject: { citizenId?: CitizenId; deviceId?: DeviceId } = {};
  if (alarm.citizenId !== undefined) subject.citizenId = alarm.citizenId;
  if (alarm.deviceId !== undefined) subject.deviceId = alarm.deviceId;
  return subject;
}

/** The open alarm for a key, if any. */
export function openAlarm(
  core: EngineCore,
  type: AlarmType,
  citizenId?: CitizenId,
  deviceId?: DeviceId,
  slot?: SlotKey,
): Alarm | undefined {
  return core.openAlarms.get(alarmKey(type, citizenId, deviceId, slot));
}

/** The condition went away (e.g. the device talks again). Closes the alarm if it was acknowledged. */
export function clearAlarm(core: EngineCore, alarm: Alarm, actor: Actor, comment?: string): void {
  if (alarm.cleared) return;
  alarm.cleared = true;
  alarm.clearedAt = core.now;
  alarm.clearedBy = actor;
  if (comment !== undefined) systemComment(core, alarm, actor, comment);
  setState(alarm);
  core.audit({ actor, action: 'alarm_cleared', alarmId: alarm.id, ...subjectOf(alarm) });
  core.alarmChanged(alarm);
  if (alarm.acknowledged) closeAlarm(core, alarm, actor);
}

/** Clear the open alarm of a key, if there is one and it is active. */
export function clearOpen(
  core: EngineCore,
  actor: Actor,
  comment: string | undefined,
  type: AlarmType,
  citizenId?: CitizenId,
  deviceId?: DeviceId,
  slot?: SlotKey,
): Alarm | undefined {
  const alarm = openAlarm(core, type, citizenId, deviceId, slot);
  if (alarm !== undefined && !alarm.cleared) clearAlarm(core, alarm, actor, comment);
  return alarm;
}

export function acknowledgeAlarm(core: EngineCore, alarm: Alarm, actor: Actor): void {
  alarm.acknowledged = true;
  alarm.acknowledgedAt = core.now;
  alarm.acknowledgedBy = actor;
  alarm.timeToAcknowledgeMs = core.now - alarm.raisedAt;
  setState(alarm);
  core.audit({ actor, action: 'alarm_acknowledged', alarmId: alarm.id, ...subjectOf(alarm) });
  core.alarmChanged(alarm);
  if (alarm.cleared) closeAlarm(core, alarm, actor);
}

function closeAlarm(core: EngineCore, alarm: Alarm, actor: Actor): void {
  alarm.closedAt = core.now;
  alarm.timeToResolveMs = core.now - alarm.raisedAt;
  alarm.shelvedUntil = undefined;
  setState(alarm);
  const key = keyOfAlarm(alarm);
  if (core.openAlarms.get(key) === alarm) core.openAlarms.delete(key);
  core.audit({ actor, action: 'alarm_closed', alarmId: alarm.id, ...subjectOf(alarm) });
  core.alarmChanged(alarm);
}

/** Operator closes the alarm with an outcome: acknowledges and clears whatever is not yet. */
export function resolveAlarm(
  core: EngineCore,
  alarm: Alarm,
  actor: Actor,
  outcome: NonNullable<Alarm['outcome']>,
  note?: string,
): void {
  alarm.outcome = outcome;
  systemComment(core, alarm, actor, note === undefined ? `resolved: ${outcome}` : `resolved: ${outcome} — ${note}`);
  core.audit({ actor, action: 'alarm_resolved', alarmId: alarm.id, ...subjectOf(alarm), detail: outcome });
  if (!alarm.acknowledged) acknowledgeAlarm(core, alarm, actor);
  if (!alarm.cleared) clearAlarm(core, alarm, actor);
  core.alarmChanged(alarm);
}

export function commentAlarm(core: EngineCore, alarm: Alarm, actor: Actor, text: string): void {
  systemComment(core, alarm, actor, text);
  core.audit({ actor, action: 'alarm_commented', alarmId: alarm.id, ...subjectOf(alarm) });
  core.alarmChanged(alarm);
}

export function assignAlarm(core: EngineCore, alarm: Alarm, actor: Actor, assignee: string): void {
  alarm.assignee = assignee;
  core.audit({ actor, action: 'alarm_assigned', alarmId: alarm.id, ...subjectOf(alarm), detail: assignee });
  core.alarmChanged(alarm);
}

export function shelveAlarm(core: EngineCore, alarm: Alarm, actor: Actor, durationMs: number): void {
  alarm.shelvedUntil = core.now + Math.min(durationMs, core.config.maxShelveMs);
  core.audit({ actor, action: 'alarm_shelved', alarmId: alarm.id, ...subjectOf(alarm) });
  core.alarmChanged(alarm);
  core.deadlines.schedule('unshelve', alarm.id, alarm.shelvedUntil);
}

export function escalateAlarm(core: EngineCore, alarm: Alarm, actor: Actor, reason?: string): void {
  alarm.escalationLevel += 1;
  alarm.escalatedAt = core.now;
  systemComment(core, alarm, actor, reason ?? `escalated to level ${alarm.escalationLevel}`);
  core.audit({
    actor,
    action: 'alarm_escalated',
    alarmId: alarm.id,
    ...subjectOf(alarm),
    detail: String(alarm.escalationLevel),
  });
  core.alarmChanged(alarm);
  scheduleEscalation(core, alarm);
}

/** Suppress or unsuppress an open alarm (device mode changes). */
export function setSuppressed(core: EngineCore, alarm: Alarm, suppressed: boolean): void {
  if (alarm.suppressed === suppressed) return;
  alarm.suppressed = suppressed;
  core.audit({
    actor: 'system',
    action: suppressed ? 'alarm_suppressed' : 'alarm_unsuppressed',
    alarmId: alarm.id,
    ...subjectOf(alarm),
  });
  core.alarmChanged(alarm);
  if (!suppressed) scheduleEscalation(core, alarm);
}

/** When automatic escalation is next due, or undefined when it cannot happen now. */
export function escalationDueAt(core: EngineCore, alarm: Alarm): number | undefined {
  if (alarm.acknowledged || alarm.cleared || alarm.suppressed) return undefined;
  if (alarm.escalationLevel >= core.config.maxEscalationLevel) return undefined;
  if (alarm.shelvedUntil !== undefined) return undefined; // the unshelve deadline re-arms it
  return (alarm.escalatedAt ?? alarm.raisedAt) + alarm.responseLimitMs;
}

export function scheduleEscalation(core: EngineCore, alarm: Alarm): void {
  const at = escalationDueAt(core, alarm);
  if (at !== undefined) core.deadlines.schedule('escalate', alarm.id, at);
}

/** Deadline handlers. */
export function onEscalationDeadline(core: EngineCore, alarmId: string, entryAt: number): void {
  const alarm = core.alarms.get(alarmId);
  if (alarm === undefined) return;
  const due = escalationDueAt(core, alarm);
  if (due === undefined) return;
  if (due > entryAt) {
    core.deadlines.schedule('escalate', alarmId, due);
    return;
  }
  escalateAlarm(core, alarm, 'system', `not acknowledged within ${Math.round(alarm.responseLimitMs / 60_000)} min`);
}

export function onUnshelveDeadline(core: EngineCore, alarmId: string, entryAt: number): void {
  const alarm = core.alarms.get(alarmId);
  if (alarm?.shelvedUntil === undefined) return;
  if (alarm.shelvedUntil > entryAt) {
    core.deadlines.schedule('unshelve', alarmId, alarm.shelvedUntil);
    return;
  }
  alarm.shelvedUntil = undefined;
  core.audit({ actor: 'system', action: 'alarm_unshelved', alarmId: alarm.id, ...subjectOf(alarm) });
  core.alarmChanged(alarm);
  scheduleEscalation(core, alarm);
}
