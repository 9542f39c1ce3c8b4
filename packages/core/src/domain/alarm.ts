import { z } from 'zod';
import {
  AlarmId,
  AlarmOutcome,
  AlarmPriority,
  AlarmState,
  AlarmType,
  CitizenId,
  DeviceId,
  DoseContents,
  EpochMs,
  SlotKey,
  TeamId,
  UserId,
} from './vocabulary.js';
import { Actor } from './actor.js';

export const IncidentId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/);
export type IncidentId = z.infer<typeof IncidentId>;

/** A note on an alarm: written by a user, or by the system on a transition (ThingsBoard-style system comments). */
export const AlarmComment = z.strictObject({
  at: EpochMs,
  by: Actor,
  text: z.string().min(1).max(1000),
});
export type AlarmComment = z.infer<typeof AlarmComment>;

/**
 * The medication part of an alarm: what was expected and what the device reported. This is the ONLY place where
 * medication appears on an alarm, so the server can drop this one key for roles that must not see medication
 * (technicians).
 */
export const AlarmMedication = z.strictObject({
  expected: DoseContents.optional(),
  actual: DoseContents.optional(),
  /** Pouches concerned (e.g. invalidated after a schedule change). */
  pouchIds: z.array(z.string().min(1).max(64)).max(64).optional(),
  /** Drug of the cassette concerned (MedimiSmart cassette_low / cassette_empty). */
  drug: z.string().min(1).max(64).optional(),
});
export type AlarmMedication = z.infer<typeof AlarmMedication>;

/**
 * One alarm. `state` is derived from the two independent facts `acknowledged` and `cleared` (ISA-18.2), never set on
 * its own. Times are epoch ms on the server's clock.
 */
export const Alarm = z.strictObject({
  id: AlarmId,
  type: AlarmType,
  priority: AlarmPriority,
  state: AlarmState,
  acknowledged: z.boolean(),
  cleared: z.boolean(),
  citizenId: CitizenId.optional(),
  deviceId: DeviceId.optional(),
  teamId: TeamId,
  slot: SlotKey.optional(),
  raisedAt: EpochMs,
  /** Last change of any field (for deltas and sorting). */
  updatedAt: EpochMs,
  acknowledgedAt: EpochMs.optional(),
  acknowledgedBy: Actor.optional(),
  clearedAt: EpochMs.optional(),
  clearedBy: Actor.optional(),
  closedAt: EpochMs.optional(),
  assignee: UserId.optional(),
  comments: z.array(AlarmComment).max(200),
  shelvedUntil: EpochMs.optional(),
  /** True while a dose alarm is held back because the device is paused or in travel mode. */
  suppressed: z.boolean(),
  /** 0 when raised; +1 each time it stays unacknowledged past its response limit, or on a manual escalation. */
  escalationLevel: z.number().int().min(0).max(100),
  /** When the level last went up; the next automatic step is one response limit later. */
  escalatedAt: EpochMs.optional(),
  /** Response limit (acknowledge within) from the risk table, in ms. */
  responseLimitMs: z.number().int().min(0),
  outcome: AlarmOutcome.optional(),
  incidentId: IncidentId.optional(),
  /** Acknowledge time minus raise time (kept for KPI: handled within the unit's own limit?). */
  timeToAcknowledgeMs: z.number().int().min(0).optional(),
  /** Close time minus raise time. */
  timeToResolveMs: z.number().int().min(0).optional(),
  /** Non-medical detail for humans (e.g. "offset 7 min", "seq gap 5→9"). Never contains drug names. */
  detail: z.string().max(256).optional(),
  medication: AlarmMedication.optional(),
});
export type Alarm = z.infer<typeof Alarm>;

/** Derive the ISA-18.2 state from the two facts. */
export function alarmStateOf(acknowledged: boolean, cleared: boolean): AlarmState {
  if (acknowledged) return cleared ? 'closed' : 'ack_active';
  return cleared ? 'cleared_unack' : 'unack_active';
}

/** Shelving is capped: an operator can hide an alarm for at most this long (the engine unshelves at the deadline). */
export const MAX_SHELVE_MS = 8 * 60 * 60 * 1000;

/**
 * An operator's command on one alarm (the live channel's `command` frame carries it; the engine applies it).
 * Discriminated on `action`.
 */
export const AlarmCommand = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('acknowledge'), alarmId: AlarmId }),
  z.strictObject({ action: z.literal('assign'), alarmId: AlarmId, assignee: UserId }),
  z.strictObject({ action: z.literal('comment'), alarmId: AlarmId, text: z.string().min(1).max(1000) }),
  z.strictObject({
    action: z.literal('shelve'),
    alarmId: AlarmId,
    durationMs: z.number().int().min(1).max(MAX_SHELVE_MS),
  }),
  z.strictObject({
    action: z.literal('resolve'),
    alarmId: AlarmId,
    outcome: AlarmOutcome,
    note: z.string().min(1).max(1000).optional(),
  }),
  z.strictObject({ action: z.literal('escalate'), alarmId: AlarmId, reason: z.string().min(1).max(256).optional() }),
]);
export type AlarmCommand = z.infer<typeof AlarmCommand>;
export type AlarmAction = AlarmCommand['action'];
