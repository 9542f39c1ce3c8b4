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

export function sameQuestionnaire(a: QuestionnaireRef, b: QuestionnaireRef): boolean {
  return a.id === b.id && a.version === b.version;
}

/**
 * Structural problems of a questionnaire definition (empty when sound): duplicate ids, duplicate option values,
 * empty number ranges, and conditions that refer to a later or unknown question or to a value it cannot take.
 */
export function questionnaireProblems(questionnaire: Questionnaire): string[] {
  const problems: string[] = [];
  const earlier = new Map<string, Question>();
  for (const question of questionnaire.questions) {
    if (earlier.has(question.id)) problems.push(`${question.id}: duplicate question id`);
    const spec = question.answer;
    if (spec.kind === 'single_choice') {
      const values = spec.options.map((option) => option.value);
      if (new Set(values).size !== values.length) problems.push(`${question.id}: duplicate option value`);
    }
    if (spec.kind === 'number' && spec.min > spec.max) problems.push(`${question.id}: min is above max`);
    for (const clause of question.showWhen ?? []) {
      const atoms = 'anyOf' in clause ? clause.anyOf : [clause];
      for (const atom of atoms) {
        const target = earlier.get(atom.question);
        if (!target) {
          problems.push(`${question.id}: condition refers to ${atom.question}, which is not an earlier question`);
        } else if ('equals' in atom && !valueFits(target.answer, atom.equals)) {
          problems.push(`${question.id}: condition value ${String(atom.equals)} cannot answer ${atom.question}`);
        } else if ('atLeast' in atom && target.answer.kind !== 'number') {
          problems.push(`${question.id}: atLeast on non-number question ${atom.question}`);
        }
      }
    }
    earlier.set(question.id, question);
  }
  return problems;
}

/** Does this value have the right shape for the answer spec (type, option, integer, range)? */
export function valueFits(spec: AnswerSpec, value: AnswerValue): boolean {
  switch (spec.kind) {
    case 'yes_no':
      return typeof value === 'boolean';
    case 'single_choice':
      return typeof value === 'string' && spec.options.some((option) => option.value === value);
    case 'number':
      return (
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (!spec.integer || Number.isInteger(value)) &&
        value >= spec.min &&
        value <= spec.max
      );
  }
}
