import type { AnswerSpec, AnswerValue, Question, Questionnaire, QuestionnaireRef } from './questionnaire.js';

// Plain functions over questionnaire data, apart from the zod schemas in questionnaire.ts, so code that only runs a
// questionnaire (the screening wizard in the browser) does not bundle zod.

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
