import { z } from 'zod';
import { BilingualText } from './text.js';

/** Stable question id: snake_case, never reused for a different meaning. */
export const QuestionId = z.string().regex(/^[a-z][a-z0-9_]{0,47}$/);
export type QuestionId = z.infer<typeof QuestionId>;

/** An answer: yes/no as boolean, a choice as its option value, a number as a number. */
export const AnswerValue = z.union([z.boolean(), z.number(), z.string().min(1).max(64)]);
export type AnswerValue = z.infer<typeof AnswerValue>;

/** Answers keyed by question id. Answers to hidden or unknown questions may be present; they are ignored. */
export const Answers = z
  .record(QuestionId, AnswerValue)
  .refine((answers) => Object.keys(answers).length <= 64, { message: 'at most 64 answers' });
export type Answers = z.infer<typeof Answers>;

export const ChoiceOption = z.strictObject({
  value: z.string().regex(/^[a-z][a-z0-9_]{0,47}$/),
  label: BilingualText,
});
export type ChoiceOption = z.infer<typeof ChoiceOption>;

export const AnswerSpec = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('yes_no') }),
  z.strictObject({ kind: z.literal('single_choice'), options: z.array(ChoiceOption).min(2).max(16) }),
  z.strictObject({
    kind: z.literal('number'),
    min: z.number(),
    max: z.number(),
    integer: z.boolean(),
    unit: BilingualText.optional(),
  }),
]);
export type AnswerSpec = z.infer<typeof AnswerSpec>;
export type AnswerKind = AnswerSpec['kind'];

/**
 * A fact about one earlier answer. There is deliberately no negation: a condition on an unanswered (or hidden)
 * question is false, so answering more questions can only reveal questions, never hide one already shown.
 */
export const ConditionAtom = z.union([
  z.strictObject({ question: QuestionId, equals: AnswerValue }),
  z.strictObject({ question: QuestionId, atLeast: z.number() }),
]);
export type ConditionAtom = z.infer<typeof ConditionAtom>;

/** One clause of a `showWhen`: an atom, or any one of several atoms. */
export const ConditionClause = z.union([ConditionAtom, z.strictObject({ anyOf: z.array(ConditionAtom).min(1) })]);
export type ConditionClause = z.infer<typeof ConditionClause>;

export const Question = z.strictObject({
  id: QuestionId,
  text: BilingualText,
  help: BilingualText.optional(),
  answer: AnswerSpec,
  /** Shown only when every clause holds (absent or empty: always shown). Clauses refer to earlier questions only. */
  showWhen: z.array(ConditionClause).optional(),
});
export type Question = z.infer<typeof Question>;

/** Which questionnaire, which version. Stored with every screening so old answers are read with their own rules. */
export const QuestionnaireRef = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,47}$/),
  version: z.number().int().min(1),
});
export type QuestionnaireRef = z.infer<typeof QuestionnaireRef>;

export const Questionnaire = z.strictObject({
  ...QuestionnaireRef.shape,
  title: BilingualText,
  questions: z.array(Question).min(1).max(64),
});
export type Questionnaire = z.infer<typeof Questionnaire>;

export { questionnaireProblems, sameQuestionnaire, valueFits } from './questionnaire-checks.js';
