import { z } from 'zod';
import { epochToCopenhagen } from '../domain/copenhagen-time.js';
import { IsoWeekday } from '../domain/schedule.js';
import { LocalDate, LocalTime } from '../domain/time-types.js';
import { Cpr } from './cpr.js';
import { finish, type ImportResult, issuesOf, refused } from './import-result.js';
import { ImportTarget, type ImportTargetInput, isTimeCritical } from './import-target.js';
import { WeekPlan } from './week-plan.js';

/**
 * The care record's (EOJ/Cura) plan for manually dispensed medicine ("doseringsæsker" filled by staff), in Medtek's
 * documented JSON form: the drugs, each with its dose times, amounts and weekdays.
 */
export const EojDose = z.strictObject({
  time: LocalTime,
  amount: z.number().positive().max(100),
  /** ISO weekdays (1 = Monday … 7 = Sunday); absent = every day. */
  weekdays: z
    .array(IsoWeekday)
    .min(1)
    .max(7)
    .refine((days) => new Set(days).size === days.length, 'a weekday is listed twice')
    .optional(),
});
export type EojDose = z.infer<typeof EojDose>;

export const EojDrug = z.strictObject({
  /** Name and strength as the plan shows it, e.g. "Furosemid 40 mg". */
  name: z.string().trim().min(1).max(64),
  /** Time-critical (e.g. Parkinson's medication): narrower window and high-priority alarms. */
  timeCritical: z.boolean().default(false),
  doses: z.array(EojDose).min(1).max(24),
});
export type EojDrug = z.infer<typeof EojDrug>;

export const EOJ_PLAN_FORMAT = 'medtek.eoj-plan/1';

export const EojPlan = z.strictObject({
  format: z.literal(EOJ_PLAN_FORMAT),
  /** The plan's id in the care record (for the audit trail). */
  planId: z.string().min(1).max(64),
  /** The citizen's CPR number as the care record knows it (optional: the care record may send our citizen id only). */
  cpr: Cpr.optional(),
  /** First local date the plan applies. */
  validFrom: LocalDate,
  drugs: z.array(EojDrug).min(1).max(64),
});
export type EojPlan = z.infer<typeof EojPlan>;
export type EojPlanInput = z.input<typeof EojPlan>;

/** Maps an EOJ plan to one schedule version from max(validFrom, today). */
export function scheduleFromEojPlan(input: unknown, targetInput: ImportTargetInput): ImportResult {
  const target = ImportTarget.parse(targetInput);
  const parsed = EojPlan.safeParse(input);
  if (!parsed.success) return refused(issuesOf(parsed.error));
  const plan = parsed.data;
  if (target.cpr !== undefined && plan.cpr !== undefined && plan.cpr !== target.cpr) {
    return refused([{ path: 'cpr', message: 'the plan belongs to another citizen (CPR differs from the registry)' }]);
  }
  const week = new WeekPlan();
  for (const drug of plan.drugs) {
    const critical = drug.timeCritical || isTimeCritical(target, drug.name);
    for (const dose of drug.doses) {
      week.add(dose.time, dose.weekdays ?? [1, 2, 3, 4, 5, 6, 7], drug.name, dose.amount, critical);
    }
  }
  const today = epochToCopenhagen(target.now).date;
  const validFrom = plan.validFrom > today ? plan.validFrom : today;
  return finish([{ citizenId: target.citizenId, validFrom, source: 'eoj', slots: week.toSlots(target.window) }], []);
}
