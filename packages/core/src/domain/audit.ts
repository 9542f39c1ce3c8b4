import { z } from 'zod';
import { AlarmId, CitizenId, DeviceId, EpochMs } from './vocabulary.js';
import { Actor } from './actor.js';
import { IncidentId } from './alarm.js';

/** What happened, in a closed set so audit exports can be filtered. */
export const AuditAction = z.enum([
  'alarm_raised',
  'alarm_reraised',
  'alarm_acknowledged',
  'alarm_cleared',
  'alarm_closed',
  'alarm_assigned',
  'alarm_commented',
  'alarm_shelved',
  'alarm_unshelved',
  'alarm_resolved',
  'alarm_escalated',
  'alarm_suppressed',
  'alarm_unsuppressed',
  'incident_opened',
  'incident_updated',
  'incident_closed',
  'device_online',
  'device_offline',
  'device_mode_changed',
  'device_locked',
  'pouches_invalidated',
  'dose_taken',
  'dose_dispensed',
  'dose_missed',
  'dose_skipped',
  'dose_blocked',
  'registry_changed',
]);
export type AuditAction = z.infer<typeof AuditAction>;

/** One audit record: who did what, when, concerning which alarm/citizen/device. */
export const AuditEntry = z.strictObject({
  actor: Actor,
  action: AuditAction,
  at: EpochMs,
  alarmId: AlarmId.optional(),
  citizenId: CitizenId.optional(),
  deviceId: DeviceId.optional(),
  incidentId: IncidentId.optional(),
  detail: z.string().max(256).optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
