import type { Alarm } from '../domain/alarm.js';
import type { EpochMs } from '../domain/vocabulary.js';
import type { DeviceEventRecord, IntegrationHistory } from './history.js';

/**
 * A draft adverse-event report ("utilsigtet hændelse", UTH) prepared from an alarm resolved as `adverse_event`: the
 * facts the platform knows (time line, device events, alarm handling against the response limit). What only a human
 * can judge is listed in `toComplete`; the draft is never submitted by itself.
 */
export interface AdverseEventDraft {
  alarmId: string;
  alarmType: Alarm['type'];
  teamId: string;
  citizenId?: string;
  deviceId?: string;
  /** The medication area (the UTH category most device alarms belong to). */
  category: 'medication';
  occurredAt: EpochMs;
  summary: { da: string; en: string };
  timeline: { at: EpochMs; source: 'device' | 'alarm' | 'comment'; text: string }[];
  deviceEvents: DeviceEventRecord[];
  handling: {
    raisedAt: EpochMs;
    priority: Alarm['priority'];
    responseLimitMs: number;
    acknowledgedAt?: EpochMs;
    acknowledgedBy?: string;
    timeToAcknowledgeMs?: number;
    withinResponseLimit: boolean;
    escalationLevel: number;
    assignee?: string;
    closedAt?: EpochMs;
    timeToResolveMs?: number;
  };
  toComplete: string[];
}

const LOOKBACK_MS = 24 * 3_600_000;

function describeEvent(record: DeviceEventRecord): string {
  const event = record.event;
  const slot = 'slot' in event && event.slot !== undefined ? ` (${event.slot})` : '';
  return `device ${record.deviceId}: ${event.kind}${slot}`;
}

/** The draft for one alarm (any alarm; callers pick those resolved as adverse events). */
export function adverseEventDraft(
  alarm: Alarm,
  history: IntegrationHistory,
  lookbackMs = LOOKBACK_MS,
): AdverseEventDraft {
  const end = alarm.closedAt ?? history.until;
  const deviceEvents = history.deviceEvents.filter(
    (record) =>
      (record.deviceId === alarm.deviceId || (alarm.citizenId !== undefined && record.citizenId === alarm.citizenId)) &&
      record.at >= alarm.raisedAt - lookbackMs &&
      record.at <= end,
  );
  const timeline: AdverseEventDraft['timeline'] = [
    ...deviceEvents.map((record) => ({ at: record.at, source: 'device' as const, text: describeEvent(record) })),
    ...history.audit
      .filter((entry) => entry.alarmId === alarm.id)
      .map((entry) => ({
        at: entry.at,
        source: 'alarm' as const,
        text: `${entry.action} by ${entry.actor}${entry.detail ? `: ${entry.detail}` : ''}`,
      })),
    ...alarm.comments.map((comment) => ({
      at: comment.at,
      source: 'comment' as const,
      text: `${comment.by}: ${comment.text}`,
    })),
  ].sort((a, b) => a.at - b.at);
  const withinResponseLimit =
    alarm.timeToAcknowledgeMs !== undefined && alarm.timeToAcknowledgeMs <= alarm.responseLimitMs;
  const handling: AdverseEventDraft['handling'] = {
    raisedAt: alarm.raisedAt,
    priority: alarm.priority,
    responseLimitMs: alarm.responseLimitMs,
    withinResponseLimit,
    escalationLevel: alarm.escalationLevel,
  };
  if (alarm.acknowledgedAt !== undefined) handling.acknowledgedAt = alarm.acknowledgedAt;
  if (alarm.acknowledgedBy !== undefined) handling.acknowledgedBy = alarm.acknowledgedBy;
  if (alarm.timeToAcknowledgeMs !== undefined) handling.timeToAcknowledgeMs = alarm.timeToAcknowledgeMs;
  if (alarm.assignee !== undefined) handling.assignee = alarm.assignee;
  if (alarm.closedAt !== undefined) handling.closedAt = alarm.closedAt;
  if (alarm.timeToResolveMs !== undefined) handling.timeToResolveMs = alarm.timeToResolveMs;
  const minutes = alarm.timeToAcknowledgeMs === undefined ? undefined : Math.round(alarm.timeToAcknowledgeMs / 60_000);
  const draft: AdverseEventDraft = {
    alarmId: alarm.id,
    alarmType: alarm.type,
    teamId: alarm.teamId,
    category: 'medication',
    occurredAt: alarm.raisedAt,
    summary: {
      da: `Alarm "${alarm.type}"${alarm.slot ? ` for dosis ${alarm.slot}` : ''} blev afsluttet som utilsigtet hændelse. ${minutes === undefined ? 'Alarmen blev ikke kvitteret.' : `Kvitteret efter ${minutes} min (frist ${Math.round(alarm.responseLimitMs / 60_000)} min).`}`,
      en: `Alarm "${alarm.type}"${alarm.slot ? ` for dose ${alarm.slot}` : ''} was resolved as an adverse event. ${minutes === undefined ? 'The alarm was not acknowledged.' : `Acknowledged after ${minutes} min (limit ${Math.round(alarm.responseLimitMs / 60_000)} min).`}`,
    },
    timeline,
    deviceEvents,
    handling,
    toComplete: [
      'Konsekvens for borgeren / consequence for the citizen',
      'Årsag og medvirkende faktorer / cause and contributing factors',
      'Forslag til forebyggelse / suggested prevention',
      'Er borger/pårørende informeret? / citizen or relatives informed?',
    ],
  };
  if (alarm.citizenId !== undefined) draft.citizenId = alarm.citizenId;
  if (alarm.deviceId !== undefined) draft.deviceId = alarm.deviceId;
  return draft;
}

/** Drafts for every alarm in the history resolved as an adverse event. */
export function adverseEventDrafts(history: IntegrationHistory): AdverseEventDraft[] {
  return history.alarms
    .filter((alarm) => alarm.outcome === 'adverse_event')
    .map((alarm) => adverseEventDraft(alarm, history));
}
