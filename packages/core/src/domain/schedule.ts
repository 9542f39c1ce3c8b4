import { z } from 'zod';
import { CitizenId, DoseContents, EpochMs } from './vocabulary.js';
import { LocalDate, LocalTime } from './time-types.js';

/** Where a schedule came from: FMK dose-dispensing card (pharmacy), the care record (EOJ/Cura), FHIR, or by hand. */
export const ScheduleSource = z.enum(['fmk', 'eoj', 'fhir', 'manual']);
export type ScheduleSource = z.infer<typeof ScheduleSource>;

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export const IsoWeekday = z.number().int().min(1).max(7);

/**
 * One daily dose slot. `time` is Europe/Copenhagen wall-clock time; on a spring-forward day a slot in the skipped
 * hour (02:00–02:59) is due one hour later, on a fall-back day at the first occurrence (see docs/alarms.md).
 */
export const DoseSlot = z.strictObject({
  time: LocalTime,
  /** Minutes before `time` a dose may be taken. */
  earlyMinutes: z.number().int().min(0).max(720),
  /** Minutes after `time` a dose may be taken; at the end of the window the dose is missed. */
  lateMinutes: z.number().int().min(0).max(720),
  /** Time-critical drug (e.g. Parkinson's medication): missed/late doses get high priority. */
  timeCritical: z.boolean(),
  contents: DoseContents,
  /** Restrict to these ISO weekdays; absent = every day. */
  weekdays: z.array(IsoWeekday).min(1).max(7).optional(),
});
export type DoseSlot = z.infer<typeof DoseSlot>;

/** The pharmacy's packing period for dose-packed medicine (informational for the coordinator). */
export const PackingInfo = z.strictObject({
  /** Last local date covered by the roll(s) already packed. */
  packedUntil: LocalDate,
  /** Changes after this instant reach only the next roll. */
  changeDeadline: EpochMs,
});
export type PackingInfo = z.infer<typeof PackingInfo>;

/** A citizen's current dose schedule. A new schedule replaces the old one from `validFrom` on. */
export const Schedule = z.strictObject({
  citizenId: CitizenId,
  validFrom: LocalDate,
  source: ScheduleSource,
  slots: z.array(DoseSlot).max(24),
  packing: PackingInfo.optional(),
});
export type Schedule = z.infer<typeof Schedule>;
