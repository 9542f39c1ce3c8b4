import fc from 'fast-check';
import type { AnswerSpec, AnswerValue, Answers, Questionnaire } from '../../src/index.js';

/** A valid value for one answer spec. */
export function validValue(spec: AnswerSpec): fc.Arbitrary<AnswerValue> {
  switch (spec.kind) {
    case 'yes_no':
      return fc.boolean();
    case 'single_choice':
      return fc.constantFrom(...spec.options.map((option) => option.value));
    case 'number':
      return spec.integer
        ? fc.integer({ min: Math.ceil(spec.min), max: Math.floor(spec.max) })
        : fc.double({ min: spec.min, max: spec.max, noNaN: true });
  }
}

/** A valid answer to every question of the questionnaire (including the ones the branching will hide). */
export function fullAnswers(questionnaire: Questionnaire): fc.Arbitrary<Answers> {
  const entries = Object.fromEntries(
    questionnaire.questions.map((question) => [question.id, validValue(question.answer)] as const),
  );
  return fc.record(entries);
}

/** Any answer value, valid or not (wrong type, unknown option, out of range, fractional). */
export const anyAnswerValue: fc.Arbitrary<AnswerValue> = fc.oneof(
  fc.boolean(),
  fc.integer({ min: -100, max: 100 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.string({ minLength: 1, maxLength: 20 }),
  fc.constantFrom('manual', 'pharmacy_dose_roll'),
);
