import { MEDICATION_STAIRCASE_V1 } from './medication-staircase-v1.js';
import type { Questionnaire, QuestionnaireRef } from './questionnaire.js';
import { sameQuestionnaire } from './questionnaire-checks.js';

/** Every published questionnaire version, oldest first. Published versions are never edited or removed. */
export const QUESTIONNAIRES: readonly Questionnaire[] = [MEDICATION_STAIRCASE_V1];

/** The version new screenings use. */
export const CURRENT_QUESTIONNAIRE: Questionnaire = MEDICATION_STAIRCASE_V1;

/** The published questionnaire with this id and version, if any. */
export function findQuestionnaire(ref: QuestionnaireRef): Questionnaire | undefined {
  return QUESTIONNAIRES.find((questionnaire) => sameQuestionnaire(questionnaire, ref));
}
