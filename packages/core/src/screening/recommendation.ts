import { z } from 'zod';
import { DeviceType, EpochMs, StaircaseStep } from '../domain/vocabulary.js';
import { QuestionId, QuestionnaireRef } from './questionnaire.js';
import { BilingualText } from './text.js';
import { RECOMMENDATION_NOTE_CODES, RECOMMENDATION_REASON_CODES } from './recommendation-codes.js';

/** Why the recommended step is needed: each code names the need that ruled out the less intrusive steps. */
export const RecommendationReasonCode = z.enum(RECOMMENDATION_REASON_CODES);
export type RecommendationReasonCode = z.infer<typeof RecommendationReasonCode>;

/** Advice that goes with the step without changing it. */
export const RecommendationNoteCode = z.enum(RECOMMENDATION_NOTE_CODES);
export type RecommendationNoteCode = z.infer<typeof RecommendationNoteCode>;

export const RecommendationReason = z.strictObject({
  code: RecommendationReasonCode,
  text: BilingualText,
  /** The answers that forced this reason. */
  questionIds: z.array(QuestionId).min(1),
});
export type RecommendationReason = z.infer<typeof RecommendationReason>;

export const RecommendationNote = z.strictObject({
  code: RecommendationNoteCode,
  text: BilingualText,
  questionIds: z.array(QuestionId).min(1),
});
export type RecommendationNote = z.infer<typeof RecommendationNote>;

export const FollowUpRisk = z.enum(['standard', 'elevated']);
export type FollowUpRisk = z.infer<typeof FollowUpRisk>;

export const FollowUpPlan = z.strictObject({
  risk: FollowUpRisk,
  days: z.number().int().min(1).max(366),
  due: EpochMs,
  /** The answers that made the risk elevated (empty when standard). */
  riskFactors: z.array(QuestionId),
});
export type FollowUpPlan = z.infer<typeof FollowUpPlan>;

export const Recommendation = z.strictObject({
  questionnaire: QuestionnaireRef,
  step: StaircaseStep,
  /** The device type of the step (steps 1–4). */
  deviceType: DeviceType.optional(),
  reasons: z.array(RecommendationReason).min(1),
  /** Virtual visits (video) added to the step. */
  virtualVisits: z.boolean(),
  notes: z.array(RecommendationNote),
  followUp: FollowUpPlan,
  /** Physical medication visits a day the step replaces (every citizen starts with visits; step 5 replaces none). */
  visitsAvoidedPerDay: z.number().int().min(0),
});
export type Recommendation = z.infer<typeof Recommendation>;
