import type { EpochMs } from '../domain/vocabulary.js';
import { effectiveAnswers } from './branching.js';
import type { Answers, Questionnaire } from './questionnaire.js';
import type { Recommendation } from './recommendation.js';
import { recommendV1 } from './rules-v1.js';
import type { AnswerIssue } from './validation.js';
import { validateAnswers } from './validate-answers.js';

type Rules = (answers: Answers, assessedAt: EpochMs) => Omit<Recommendation, 'questionnaire'>;

/** Recommendation rules per questionnaire version: a new version brings its own rules; old ones stay. */
const RULES: Readonly<Record<string, Rules>> = {
  'medication-staircase@1': recommendV1,
};

export type RecommendResult =
  | { ok: true; recommendation: Recommendation }
  | { ok: false; code: 'invalid_answers'; issues: AnswerIssue[] }
  | { ok: false; code: 'unknown_questionnaire'; issues: AnswerIssue[] };

/** True when recommendation rules exist for this questionnaire id and version. */
export function hasRecommendationRules(questionnaire: Pick<Questionnaire, 'id' | 'version'>): boolean {
  return Object.hasOwn(RULES, `${questionnaire.id}@${questionnaire.version}`);
}

/**
 * The least intrusive staircase step that meets the needs the answers state, with reasons, notes, virtual visits
 * and the follow-up date (computed from `assessedAt`). Pure and deterministic. Answers to hidden questions are
 * ignored; any issue with the visible answers (missing, wrong type, out of range, unknown id) refuses instead.
 */
export function recommend(questionnaire: Questionnaire, answers: Answers, assessedAt: EpochMs): RecommendResult {
  const rules = RULES[`${questionnaire.id}@${questionnaire.version}`];
  if (!rules) return { ok: false, code: 'unknown_questionnaire', issues: [] };
  const issues = validateAnswers(questionnaire, answers, { requireComplete: true });
  if (issues.length > 0) return { ok: false, code: 'invalid_answers', issues };
  const recommendation: Recommendation = {
    questionnaire: { id: questionnaire.id, version: questionnaire.version },
    ...rules(effectiveAnswers(questionnaire, answers), assessedAt),
  };
  return { ok: true, recommendation };
}
