import type { EpochMs, StaircaseStep, UserId } from '../domain/vocabulary.js';
import { effectiveAnswers } from './branching.js';
import { recommend } from './recommend.js';
import type { Screening } from './records.js';
import { findQuestionnaire } from './registry.js';
import type { AnswerIssue } from './validation.js';

export interface SubmitScreeningInput {
  assessedBy: UserId;
  assessedAt: EpochMs;
  /** Only when deciding on another step than recommended; then `deviationNote` is required. */
  decidedStep?: StaircaseStep;
  deviationNote?: string;
}

export type SubmitScreeningResult =
  | { ok: true; screening: Screening }
  | { ok: false; code: 'unknown_questionnaire' | 'invalid_answers' | 'deviation_needs_note'; issues: AnswerIssue[] };

/**
 * Turn a draft into a submitted screening: validate the answers against the screening's own questionnaire
 * version, keep only the answers that count, attach the recommendation and the follow-up date.
 */
export function submitScreening(draft: Screening, input: SubmitScreeningInput): SubmitScreeningResult {
  const questionnaire = findQuestionnaire(draft.questionnaire);
  if (!questionnaire) return { ok: false, code: 'unknown_questionnaire', issues: [] };
  const result = recommend(questionnaire, draft.answers, input.assessedAt);
  if (!result.ok) return result;
  const { recommendation } = result;
  const deviates = input.decidedStep !== undefined && input.decidedStep !== recommendation.step;
  const deviationNote = input.deviationNote?.trim();
  if (deviates && !deviationNote) return { ok: false, code: 'deviation_needs_note', issues: [] };
  const screening: Screening = {
    screeningId: draft.screeningId,
    citizenId: draft.citizenId,
    kind: draft.kind,
    ...(draft.previousScreeningId ? { previousScreeningId: draft.previousScreeningId } : {}),
    questionnaire: { id: questionnaire.id, version: questionnaire.version },
    answers: effectiveAnswers(questionnaire, draft.answers),
    status: 'submitted',
    assessedBy: input.assessedBy,
    assessedAt: input.assessedAt,
    recommendation,
    ...(deviates ? { decidedStep: input.decidedStep, deviationNote } : {}),
    followUpDue: recommendation.followUp.due,
  };
  return { ok: true, screening };
}
