import { visibleQuestions } from './branching.js';
import type { AnswerSpec, AnswerValue, Answers, Questionnaire } from './questionnaire.js';
import type { AnswerIssue } from './validation.js';

// Validation as plain code, apart from the AnswerIssue schema in validation.ts (no zod in the wizard's bundle).

export interface ValidateOptions {
  /** Drafts may leave visible questions unanswered; a submission may not. Default true. */
  requireComplete?: boolean;
}

function formatNumber(value: number, language: 'da' | 'en'): string {
  // Plain formatting without Intl so core stays identical everywhere: Danish uses a decimal comma.
  const text = String(value);
  return language === 'da' ? text.replace('.', ',') : text;
}

function valueIssue(spec: AnswerSpec, value: AnswerValue): Omit<AnswerIssue, 'questionId'> | undefined {
  switch (spec.kind) {
    case 'yes_no':
      if (typeof value === 'boolean') return undefined;
      return { code: 'expected_yes_no', message: { da: 'Vælg ja eller nej.', en: 'Choose yes or no.' } };
    case 'single_choice':
      if (typeof value !== 'string') {
        return {
          code: 'expected_choice',
          message: { da: 'Vælg en af mulighederne.', en: 'Choose one of the options.' },
        };
      }
      if (spec.options.some((option) => option.value === value)) return undefined;
      return {
        code: 'unknown_option',
        message: { da: 'Vælg en af de viste muligheder.', en: 'Choose one of the options shown.' },
      };
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return { code: 'expected_number', message: { da: 'Angiv et tal.', en: 'Enter a number.' } };
      }
      if (spec.integer && !Number.isInteger(value)) {
        return { code: 'not_integer', message: { da: 'Angiv et helt tal.', en: 'Enter a whole number.' } };
      }
      if (value < spec.min || value > spec.max) {
        return {
          code: 'out_of_range',
          message: {
            da: `Angiv et tal fra ${formatNumber(spec.min, 'da')} til ${formatNumber(spec.max, 'da')}.`,
            en: `Enter a number from ${formatNumber(spec.min, 'en')} to ${formatNumber(spec.max, 'en')}.`,
          },
        };
      }
      return undefined;
    }
  }
}

/**
 * Problems with the answers, one per question at most, in question order (unknown question ids last).
 * Answers to questions that are hidden by the branching are ignored, whatever their value.
 */
export function validateAnswers(
  questionnaire: Questionnaire,
  answers: Answers,
  options: ValidateOptions = {},
): AnswerIssue[] {
  const requireComplete = options.requireComplete ?? true;
  const issues: AnswerIssue[] = [];
  for (const question of visibleQuestions(questionnaire, answers)) {
    const value = Object.hasOwn(answers, question.id) ? answers[question.id] : undefined;
    if (value === undefined) {
      if (requireComplete) {
        issues.push({
          questionId: question.id,
          code: 'required',
          message: { da: 'Besvar spørgsmålet.', en: 'Please answer the question.' },
        });
      }
      continue;
    }
    const issue = valueIssue(question.answer, value);
    if (issue) issues.push({ questionId: question.id, ...issue });
  }
  const known = new Set(questionnaire.questions.map((question) => question.id));
  for (const questionId of Object.keys(answers)) {
    if (known.has(questionId)) continue;
    issues.push({
      questionId,
      code: 'unknown_question',
      message: {
        da: `Spørgsmålet findes ikke i version ${questionnaire.version} af skemaet.`,
        en: `The question is not part of version ${questionnaire.version} of the questionnaire.`,
      },
    });
  }
  return issues;
}
