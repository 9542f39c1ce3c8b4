import { z } from 'zod';
import { BilingualText } from './text.js';

export const AnswerIssueCode = z.enum([
  /** A visible question has no answer (only when the screening must be complete). */
  'required',
  'expected_yes_no',
  'expected_choice',
  'unknown_option',
  'expected_number',
  'not_integer',
  'out_of_range',
  /** An answer for a question id that this questionnaire version does not have. */
  'unknown_question',
]);
export type AnswerIssueCode = z.infer<typeof AnswerIssueCode>;

export const AnswerIssue = z.strictObject({
  questionId: z.string().max(64),
  code: AnswerIssueCode,
  message: BilingualText,
});
export type AnswerIssue = z.infer<typeof AnswerIssue>;

export { validateAnswers, type ValidateOptions } from './validate-answers.js';
