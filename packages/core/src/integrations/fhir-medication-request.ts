import { z } from 'zod';
import { addLocalDays, epochToCopenhagen } from '../domain/copenhagen-time.js';
import type { Schedule } from '../domain/schedule.js';
import { CPR_SYSTEM } from './cpr.js';
import { finish, type ImportIssue, type ImportResult, issuesOf, pathOf, refused } from './import-result.js';
import { ImportTarget, type ImportTargetInput, isTimeCritical } from './import-target.js';
import { WeekPlan } from './week-plan.js';

/**
 * HL7 FHIR R4 MedicationRequest as a schedule source: only what Medtek reads is checked (other FHIR elements pass
 * through untouched). Structured timing is required: `timing.repeat.timeOfDay` and/or `when`, optional `dayOfWeek`,
 * daily or weekly repetition, and an exact `doseAndRate.doseQuantity`.
 */

/** R4 EventTiming codes Medtek places at a clock time (documented in docs/integrations.md). */
export const WHEN_TIMES = {
  WAKE: '07:00',
  MORN: '08:00',
  'MORN.early': '07:00',
  'MORN.late': '10:00',
  ACM: '07:30',
  CM: '08:00',
  PCM: '08:30',
  NOON: '12:00',
  ACD: '11:30',
  CD: '12:00',
  PCD: '12:30',
  AFT: '15:00',
  'AFT.early': '14:00',
  'AFT.late': '16:00',
  ACV: '17:30',
  CV: '18:00',
  PCV: '18:30',
  EVE: '18:00',
  'EVE.early': '17:00',
  'EVE.late': '20:00',
  NIGHT: '22:00',
  HS: '22:00',
} as const;
type WhenCode = keyof typeof WHEN_TIMES;
const WHEN_CODES = Object.keys(WHEN_TIMES) as [WhenCode, ...WhenCode[]];

const WEEKDAY_OF = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 } as const;
const FhirDate = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'a FHIR date or dateTime (YYYY-MM-DD…)');

const Coding = z.looseObject({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});
const CodeableConcept = z.looseObject({ coding: z.array(Coding).optional(), text: z.string().optional() });

const TimingRepeat = z.looseObject({
  boundsPeriod: z.looseObject({ start: FhirDate.optional(), end: FhirDate.optional() }).optional(),
  frequency: z.number().int().min(1).max(24).optional(),
  period: z.number().positive().optional(),
  periodUnit: z.enum(['s', 'min', 'h', 'd', 'wk', 'mo', 'a']).optional(),
  dayOfWeek: z
    .array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']))
    .min(1)
    .max(7)
    .optional(),
  timeOfDay: z
    .array(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d:00$/, 'a FHIR time on the minute (HH:MM:00)'))
    .max(24)
    .optional(),
  when: z
    .array(z.enum(WHEN_CODES, 'an EventTiming code Medtek can place at a clock time (see docs)'))
    .max(24)
    .optional(),
});

const Dosage = z.looseObject({
  timing: z.looseObject({ repeat: TimingRepeat }),
  asNeededBoolean: z.boolean().optional(),
  asNeededCodeableConcept: CodeableConcept.optional(),
  doseAndRate: z
    .array(
      z.looseObject({
        doseQuantity: z.looseObject({ value: z.number().positive().max(100), unit: z.string().optional() }),
      }),
    )
    .min(1)
    .optional(),
});

export const FhirMedicationRequest = z.looseObject({
  resourceType: z.literal('MedicationRequest'),
  id: z.string().optional(),
  status: z.enum(['active', 'on-hold', 'cancelled', 'completed', 'entered-in-error', 'stopped', 'draft', 'unknown']),
  intent: z.enum([
    'proposal',
    'plan',
    'order',
    'original-order',
    'reflex-order',
    'filler-order',
    'instance-order',
    'option',
  ]),
  medicationCodeableConcept: CodeableConcept.optional(),
  medicationReference: z.looseObject({ reference: z.string().optional(), display: z.string().optional() }).optional(),
  subject: z.looseObject({
    reference: z.string().optional(),
    identifier: z.looseObject({ system: z.string().optional(), value: z.string().optional() }).optional(),
  }),
  dosageInstruction: z.array(Dosage).min(1).max(16),
});
export type FhirMedicationRequest = z.infer<typeof FhirMedicationRequest>;

const FhirMedicationRequestBundle = z.looseObject({
  resourceType: z.literal('Bundle'),
  entry: z
    .array(z.looseObject({ resource: FhirMedicationRequest }))
    .min(1)
    .max(200),
});
const FhirMedicationRequestList = z.array(FhirMedicationRequest).min(1).max(200);
type ParsedInput =
  z.infer<typeof FhirMedicationRequestBundle> | z.infer<typeof FhirMedicationRequestList> | FhirMedicationRequest;

/**
 * A Bundle of MedicationRequests (searchset, collection, …), an array of them, or one. The form is chosen from the
 * input's shape first, so errors name the field inside it (a union would only say "no branch matched").
 */
function parseInput(input: unknown) {
  if (Array.isArray(input)) return FhirMedicationRequestList.safeParse(input);
  const isBundle =
    typeof input === 'object' && input !== null && (input as { resourceType?: unknown }).resourceType === 'Bundle';
  return isBundle ? FhirMedicationRequestBundle.safeParse(input) : FhirMedicationRequest.safeParse(input);
}

interface Located {
  request: FhirMedicationRequest;
  prefix: (string | number)[];
}

function locate(input: ParsedInput): Located[] {
  if (Array.isArray(input)) return input.map((request, index) => ({ request, prefix: [index] }));
  if (input.resourceType === 'Bundle') {
    return input.entry.map((entry, index) => ({ request: entry.resource, prefix: ['entry', index, 'resource'] }));
  }
  return [{ request: input, prefix: [] }];
}

function drugName(request: FhirMedicationRequest): string | undefined {
  const concept = request.medicationCodeableConcept;
  const name =
    concept?.text ?? concept?.coding?.find((coding) => coding.display)?.display ?? request.medicationReference?.display;
  return name?.trim().slice(0, 64) || undefined;
}

interface Rule {
  drug: string;
  times: string[];
  weekdays: number[];
  amount: number;
  timeCritical: boolean;
  from: string | undefined;
  until: string | undefined;
}

function rulesOf(located: Located, target: ImportTarget, errors: ImportIssue[], warnings: string[]): Rule[] {
  const { request, prefix } = located;
  const at = (...path: (string | number)[]) => pathOf([...prefix, ...path]);
  if (request.status !== 'active') {
    warnings.push(`${at('status')}: ${request.status} request left out`);
    return [];
  }
  const drug = drugName(request);
  if (drug === undefined) {
    errors.push({
      path: at('medicationCodeableConcept'),
      message: 'names no drug (text, coding.display or reference display)',
    });
    return [];
  }
  const identifier = request.subject.identifier;
  if (
    target.cpr !== undefined &&
    identifier?.system === CPR_SYSTEM &&
    identifier.value?.replace('-', '') !== target.cpr
  ) {
    errors.push({
      path: at('subject', 'identifier', 'value'),
      message: 'another citizen (CPR differs from the registry)',
    });
    return [];
  }
  const rules: Rule[] = [];
  request.dosageInstruction.forEach((dosage, index) => {
    const here = (...path: (string | number)[]) => at('dosageInstruction', index, ...path);
    if (dosage.asNeededBoolean === true || dosage.asNeededCodeableConcept !== undefined) {
      warnings.push(`${here()}: pn (as needed) dosage left out of the schedule`);
      return;
    }
    const repeat = dosage.timing.repeat;
    const times = [
      ...(repeat.timeOfDay ?? []).map((time) => time.slice(0, 5)),
      ...(repeat.when ?? []).map((code) => WHEN_TIMES[code]),
    ];
    if (times.length === 0) {
      errors.push({ path: here('timing', 'repeat'), message: 'needs timeOfDay or when (clock times of the doses)' });
      return;
    }
    const unit = repeat.periodUnit ?? (repeat.dayOfWeek ? 'wk' : 'd');
    if ((unit !== 'd' && unit !== 'wk') || (repeat.period ?? 1) !== 1) {
      errors.push({
        path: here('timing', 'repeat', 'periodUnit'),
        message: 'only daily or weekly repetition (period 1 d or 1 wk)',
      });
      return;
    }
    if (unit === 'd' && repeat.frequency !== undefined && repeat.frequency !== new Set(times).size) {
      errors.push({
        path: here('timing', 'repeat', 'frequency'),
        message: `says ${repeat.frequency} a day but lists ${new Set(times).size} times`,
      });
      return;
    }
    const quantity = dosage.doseAndRate?.[0]?.doseQuantity;
    if (quantity === undefined) {
      errors.push({ path: here('doseAndRate'), message: 'needs doseQuantity (an exact amount per dose)' });
      return;
    }
    rules.push({
      drug,
      times: [...new Set(times)],
      weekdays: repeat.dayOfWeek ? repeat.dayOfWeek.map((day) => WEEKDAY_OF[day]) : [1, 2, 3, 4, 5, 6, 7],
      amount: quantity.value,
      timeCritical: isTimeCritical(target, drug),
      from: repeat.boundsPeriod?.start?.slice(0, 10),
      until: repeat.boundsPeriod?.end?.slice(0, 10),
    });
  });
  return rules;
}

/**
 * Maps MedicationRequests to schedule versions: one from today, and one more at each later date where a
 * `timing.repeat.boundsPeriod` starts or ends. Inactive and pn requests are left out (listed in `warnings`).
 */
export function scheduleFromMedicationRequests(input: unknown, targetInput: ImportTargetInput): ImportResult {
  const target = ImportTarget.parse(targetInput);
  const parsed = parseInput(input);
  if (!parsed.success) return refused(issuesOf(parsed.error));
  const located = locate(parsed.data);
  const subjects = new Set(
    located.map(({ request }) => request.subject.reference ?? request.subject.identifier?.value),
  );
  if (subjects.size > 1)
    return refused([
      { path: pathOf([...located[1]!.prefix, 'subject']), message: 'requests for more than one patient' },
    ]);
  const errors: ImportIssue[] = [];
  const warnings: string[] = [];
  const rules = located.flatMap((entry) => rulesOf(entry, target, errors, warnings));
  if (errors.length > 0) return refused(errors);
  const today = epochToCopenhagen(target.now).date;
  const changes = new Set([today]);
  for (const rule of rules) {
    if (rule.from !== undefined && rule.from > today) changes.add(rule.from);
    if (rule.until !== undefined && rule.until >= today) changes.add(addLocalDays(rule.until, 1));
  }
  const schedules: Schedule[] = [];
  for (const date of [...changes].sort()) {
    const week = new WeekPlan();
    for (const rule of rules) {
      if ((rule.from !== undefined && rule.from > date) || (rule.until !== undefined && rule.until < date)) continue;
      for (const time of rule.times) week.add(time, rule.weekdays, rule.drug, rule.amount, rule.timeCritical);
    }
    const slots = week.toSlots(target.window);
    if (JSON.stringify(schedules.at(-1)?.slots) === JSON.stringify(slots)) continue;
    schedules.push({ citizenId: target.citizenId, validFrom: date, source: 'fhir', slots });
  }
  if (rules.length === 0) return refused([{ path: '', message: 'no active scheduled MedicationRequest' }]);
  return finish(schedules, warnings);
}
