import { z } from 'zod';
import { AlarmId, CitizenId, DeviceId, EpochMs, TeamId } from './vocabulary.js';
import { IncidentId } from './alarm.js';

/** Why many alarms were rolled up into one incident. */
export const IncidentCause = z.enum(['mass_offline']);
export type IncidentCause = z.infer<typeof IncidentCause>;

/**
 * One cause, many alarms: e.g. a network outage taking many devices of one team offline becomes one incident that
 * lists the affected citizens (the visit list), instead of N unrelated alarms.
 */
export const Incident = z.strictObject({
  id: IncidentId,
  teamId: TeamId,
  cause: IncidentCause,
  citizenIds: z.array(CitizenId).max(10_000),
  deviceIds: z.array(DeviceId).max(10_000),
  alarmIds: z.array(AlarmId).max(10_000),
  openedAt: EpochMs,
  /** Set when every linked alarm is cleared (all devices talk again). */
  closedAt: EpochMs.optional(),
  updatedAt: EpochMs,
});
export type Incident = z.infer<typeof Incident>;
