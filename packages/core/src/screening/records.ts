import { z } from 'zod';
import { CitizenId, DeviceType, EpochMs, StaircaseStep, UserId } from '../domain/vocabulary.js';
import { sameQuestionnaire } from './questionnaire-checks.js';
import { Answers, QuestionnaireRef } from './questionnaire.js';
import { Recommendation } from './recommendation.js';

const recordIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
export const ScreeningId = z.string().regex(recordIdPattern);
export type ScreeningId = z.infer<typeof ScreeningId>;
export const FollowUpId = z.string().regex(recordIdPattern);
export type FollowUpId = z.infer<typeof FollowUpId>;
export const TrainingId = z.string().regex(recordIdPattern);
export type TrainingId = z.infer<typeof TrainingId>;

export const ScreeningStatus = z.enum(['draft', 'submitted']);
export type ScreeningStatus = z.infer<typeof ScreeningStatus>;

/** The first suitability assessment, or a later re-assessment (a follow-up that answers the questions again). */
export const ScreeningKind = z.enum(['initial', 'reassessment']);
export type ScreeningKind = z.infer<typeof ScreeningKind>;

/**
 * A documented suitability assessment: the answers with the questionnaire version they answer, the recommendation,
 * who assessed and when, and when to follow up. A coordinator may decide on another step than recommended, but
 * must then say why (auditors look for exactly that).
 */
export const Screening = z
  .strictObject({
    screeningId: ScreeningId,
    citizenId: CitizenId,
    kind: ScreeningKind,
    /** For a re-assessment: the screening it follows up. */
    previousScreeningId: ScreeningId.optional(),
    questionnaire: QuestionnaireRef,
    answers: Answers,
    status: ScreeningStatus,
    assessedBy: UserId,
    assessedAt: EpochMs,
    recommendation: Recommendation.optional(),
    /** The step decided on, when it differs from the recommendation. */
    decidedStep: StaircaseStep.optional(),
    deviationNote: z.string().trim().min(1).max(2000).optional(),
    followUpDue: EpochMs.optional(),
  })
  .superRefine((screening, ctx) => {
    const { recommendation } = screening;
    if (screening.status === 'submitted') {
      if (!recommendation) ctx.addIssue({ code: 'custom', path: ['recommendation'], message: 'required' });
      if (screening.followUpDue === undefined) {
        ctx.addIssue({ code: 'custom', path: ['followUpDue'], message: 'required' });
      }
    }
    if (recommendation && !sameQuestionnaire(recommendation.questionnaire, screening.questionnaire)) {
      ctx.addIssue({ code: 'custom', path: ['recommendation'], message: 'answers another questionnaire version' });
    }
    const deviates =
      screening.decidedStep !== undefined && (!recommendation || screening.decidedStep !== recommendation.step);
    if (deviates && !screening.deviationNote) {
      ctx.addIssue({ code: 'custom', path: ['deviationNote'], message: 'a different step needs a justification' });
    }
  });
export type Screening = z.infer<typeof Screening>;

export { screeningStep } from './screening-step.js';

/** What a follow-up found: keep going (with the next date), re-assess now, or stop the technology. */
export const FollowUpOutcome = z.enum(['continue', 'reassess', 'stop_technology']);
export type FollowUpOutcome = z.infer<typeof FollowUpOutcome>;

/** A systematic follow-up of the measure: who checked, when, the outcome and the next date. */
export const FollowUpRecord = z
  .strictObject({
    followUpId: FollowUpId,
    citizenId: CitizenId,
    /** The screening whose measure is followed up. */
    screeningId: ScreeningId,
    performedBy: UserId,
    performedAt: EpochMs,
    outcome: FollowUpOutcome,
    note: z.string().max(2000).optional(),
    nextDue: EpochMs.optional(),
  })
  .superRefine((record, ctx) => {
    if (record.outcome === 'continue' && record.nextDue === undefined) {
      ctx.addIssue({ code: 'custom', path: ['nextDue'], message: 'continuing needs the next follow-up date' });
    }
    if (record.nextDue !== undefined && record.nextDue <= record.performedAt) {
      ctx.addIssue({ code: 'custom', path: ['nextDue'], message: 'must be after the follow-up' });
    }
  });
export type FollowUpRecord = z.infer<typeof FollowUpRecord>;

/** Who was trained: the citizen, a relative, or staff around the citizen. */
export const TrainingAudience = z.enum(['citizen', 'relative', 'staff']);
export type TrainingAudience = z.infer<typeof TrainingAudience>;

export const TrainingTopic = z.enum([
  'device_use',
  'alarms_and_help',
  'travel_mode',
  'virtual_visits',
  'loading_and_refill',
  'troubleshooting',
]);
export type TrainingTopic = z.infer<typeof TrainingTopic>;

/** Training given, for the audit: to whom, by whom, when, on what, for which device type. */
export const TrainingRecord = z.strictObject({
  trainingId: TrainingId,
  citizenId: CitizenId,
  audience: TrainingAudience,
  /** Who was trained: staff user ids, or a short description (e.g. "datter"). Empty means the citizen. */
  trainees: z.array(z.string().trim().min(1).max(128)).max(50),
  givenBy: UserId,
  givenAt: EpochMs,
  topics: z.array(TrainingTopic).min(1).max(TrainingTopic.options.length),
  deviceType: DeviceType.optional(),
  note: z.string().max(2000).optional(),
});
export type TrainingRecord = z.infer<typeof TrainingRecord>;
