import { z } from 'zod';
import { addLocalDays, epochToCopenhagen, localWeekday } from '../domain/copenhagen-time.js';
import type { PackingInfo, Schedule } from '../domain/schedule.js';
import { LocalDate, LocalTime } from '../domain/time-types.js';
import { Cpr } from './cpr.js';
import { finish, type ImportIssue, type ImportResult, issuesOf, refused } from './import-result.js';
import { ImportTarget, type ImportTargetInput, isTimeCritical } from './import-target.js';
import { contentsKey, contentsOf, WeekPlan } from './week-plan.js';

/**
 * The pharmacy's dose-dispensing card ("dosisdispenseringskort") as FMK returns it from GetDoseDispensingCard with
 * IncludeDetailedSpecification, in Medtek's documented JSON form (docs/integrations.md): the card's periods
 * (current and pending, each with its change deadline and whether the pharmacy has packed its roll) and, per period,
 * every pouch with its date, time and contents per drug (FMK's DoseDispensedUnit). The CPR number appears here only.
 */
export const FmkDrug = z.strictObject({
  /** FMK drug identifier (Lægemiddelstyrelsen's DrugId), when known. */
  drugId: z
    .string()
    .regex(/^\d{1,20}$/)
    .optional(),
  /** Name and strength as printed on the pouch, e.g. "Metformin 500 mg". */
  name: z.string().trim().min(1).max(64),
  /** Units in the pouch (tablets/capsules). */
  amount: z.number().positive().max(100),
});
export type FmkDrug = z.infer<typeof FmkDrug>;

export const FmkPouch = z.strictObject({
  date: LocalDate,
  time: LocalTime,
  /** A pn ("as needed") pouch: packed separately and never part of the schedule. */
  asNeeded: z.boolean().default(false),
  drugs: z.array(FmkDrug).min(1).max(16),
});
export type FmkPouch = z.infer<typeof FmkPouch>;

const isoInstant = z.iso.datetime({ offset: true });

export const FmkPeriod = z
  .strictObject({
    periodId: z.string().min(1).max(64),
    start: LocalDate,
    end: LocalDate,
    /** Changes after this instant reach only the next period's roll. */
    changeDeadline: isoInstant,
    /** When the pharmacy packed this period's roll (the effectuation on the ordinations); absent = not packed yet. */
    packedAt: isoInstant.optional(),
    pouches: z.array(FmkPouch).max(28 * 24),
  })
  .superRefine((period, ctx) => {
    if (period.end < period.start) ctx.addIssue({ code: 'custom', path: ['end'], message: 'is before start' });
    const seen = new Set<string>();
    period.pouches.forEach((pouch, index) => {
      if (pouch.date < period.start || pouch.date > period.end) {
        ctx.addIssue({ code: 'custom', path: ['pouches', index, 'date'], message: 'is outside the period' });
      }
      const key = `${pouch.date}T${pouch.time}|${pouch.asNeeded}`;
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['pouches', index, 'time'], message: 'a second pouch at the same time' });
      }
      seen.add(key);
    });
  });
export type FmkPeriod = z.infer<typeof FmkPeriod>;

export const FMK_CARD_FORMAT = 'medtek.fmk-dose-card/1';

export const FmkDoseCard = z
  .strictObject({
    format: z.literal(FMK_CARD_FORMAT),
    cpr: Cpr,
    /** When the card was fetched from FMK. */
    retrievedAt: isoInstant,
    pharmacy: z
      .strictObject({
        name: z.string().min(1).max(128),
        gln: z
          .string()
          .regex(/^\d{13}$/)
          .optional(),
      })
      .optional(),
    /** Current and pending periods in date order (FMK returns up to three). */
    periods: z.array(FmkPeriod).min(1).max(3),
  })
  .superRefine((card, ctx) => {
    card.periods.forEach((period, index) => {
      const previous = card.periods[index - 1];
      if (previous !== undefined && period.start <= previous.end) {
        ctx.addIssue({ code: 'custom', path: ['periods', index, 'start'], message: 'overlaps the previous period' });
      }
    });
  });
export type FmkDoseCard = z.infer<typeof FmkDoseCard>;
export type FmkDoseCardInput = z.input<typeof FmkDoseCard>;

/**
 * Maps a dose-dispensing card to schedule versions for our citizen (one per period still running, consecutive equal
 * ones merged), with PackingInfo. Refuses, naming the field: invalid JSON form, a card for another CPR number, and
 * pouches that do not repeat weekly (the schedule model is weekly).
 */
export function scheduleFromFmkCard(input: unknown, targetInput: ImportTargetInput): ImportResult {
  const target = ImportTarget.parse(targetInput);
  const parsed = FmkDoseCard.safeParse(input);
  if (!parsed.success) return refused(issuesOf(parsed.error));
  const card = parsed.data;
  if (target.cpr !== undefined && card.cpr !== target.cpr) {
    return refused([{ path: 'cpr', message: 'the card belongs to another citizen (CPR differs from the registry)' }]);
  }
  const today = epochToCopenhagen(target.now).date;
  const warnings: string[] = [];
  const errors: ImportIssue[] = [];
  const packedUntil = card.periods.reduce<string | undefined>(
    (latest, period) =>
      period.packedAt !== undefined && (latest === undefined || period.end > latest) ? period.end : latest,
    undefined,
  );
  const nextDeadline = (card.periods.find((period) => period.packedAt === undefined) ?? card.periods.at(-1))!
    .changeDeadline;
  const packing: PackingInfo | undefined =
    packedUntil === undefined ? undefined : { packedUntil, changeDeadline: Date.parse(nextDeadline) };

  const schedules: Schedule[] = [];
  card.periods.forEach((period, periodIndex) => {
    if (period.end < today) return; // over: nothing left to schedule
    const validFrom = period.start > today ? period.start : today;
    const plan = weekPlanOfPeriod(period, validFrom, periodIndex, target, errors, warnings);
    if (plan === undefined) return;
    const schedule: Schedule = {
      citizenId: target.citizenId,
      validFrom,
      source: 'fmk',
      slots: plan.toSlots(target.window),
    };
    if (packing !== undefined) schedule.packing = packing;
    const previous = schedules.at(-1);
    if (previous !== undefined && JSON.stringify(previous.slots) === JSON.stringify(schedule.slots)) return;
    schedules.push(schedule);
  });
  if (errors.length > 0) return refused(errors);
  if (schedules.length === 0) return refused([{ path: 'periods', message: 'no period covers today or later' }]);
  return finish(schedules, warnings);
}

function weekPlanOfPeriod(
  period: FmkPeriod,
  validFrom: string,
  periodIndex: number,
  target: ImportTarget,
  errors: ImportIssue[],
  warnings: string[],
): WeekPlan | undefined {
  const byTimeAndDate = new Map<string, Map<string, { key: string; index: number }>>();
  period.pouches.forEach((pouch, index) => {
    if (pouch.asNeeded) {
      warnings.push(`periods.${periodIndex}.pouches.${index}: pn pouch left out of the schedule`);
      return;
    }
    if (pouch.date < validFrom) return;
    const amounts = new Map<string, number>();
    for (const drug of pouch.drugs) amounts.set(drug.name, (amounts.get(drug.name) ?? 0) + drug.amount);
    let byDate = byTimeAndDate.get(pouch.time);
    if (byDate === undefined) {
      byDate = new Map<string, { key: string; index: number }>();
      byTimeAndDate.set(pouch.time, byDate);
    }
    byDate.set(pouch.date, { key: contentsKey(contentsOf(amounts)), index });
  });
  const plan = new WeekPlan();
  const before = errors.length;
  for (const [time, byDate] of byTimeAndDate) {
    // For every weekday with a pouch at this time, every date of that weekday in the period must hold the same dose.
    const firstOfWeekday = new Map<number, { key: string; index: number; date: string }>();
    for (let date = validFrom; date <= period.end; date = addLocalDays(date, 1)) {
      const weekday = localWeekday(date);
      const pouch = byDate.get(date);
      const first = firstOfWeekday.get(weekday);
      if (first === undefined) {
        firstOfWeekday.set(weekday, { key: pouch?.key ?? '', index: pouch?.index ?? -1, date });
        continue;
      }
      if ((pouch?.key ?? '') === first.key) continue;
      const index = pouch?.index ?? first.index;
      errors.push({
        path: `periods.${periodIndex}.pouches.${index}`,
        message: `the ${time} dose on ${date} differs from ${first.date} (same weekday): doses must repeat weekly`,
      });
      break;
    }
    for (const [weekday, first] of firstOfWeekday) {
      if (first.index < 0) continue;
      for (const drug of period.pouches[first.index]!.drugs) {
        plan.add(time, [weekday], drug.name, drug.amount, isTimeCritical(target, drug.name));
      }
    }
  }
  return errors.length > before ? undefined : plan;
}
