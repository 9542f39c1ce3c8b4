import { describe, expect, it } from 'vitest';
import { AnswerIssue, MEDICATION_STAIRCASE_V1 as Q, validateAnswers, type Answers } from '../../src/index.js';

const started: Answers = { medicine_supply: 'pharmacy_dose_roll' };

describe('validateAnswers', () => {
  it('requires every visible question, but not in a draft', () => {
    const issues = validateAnswers(Q, started);
    expect(issues.map((issue) => [issue.questionId, issue.code])).toEqual([
      ['administrations_per_day', 'required'],
      ['time_critical', 'required'],
      ['can_take_alone', 'required'],
    ]);
    expect(issues[0]!.message).toEqual({ da: 'Besvar spørgsmålet.', en: 'Please answer the question.' });
    expect(validateAnswers(Q, started, { requireComplete: false })).toEqual([]);
  });

  it('explains a number out of range in Danish and English', () => {
    const [issue] = validateAnswers(Q, { ...started, administrations_per_day: 14 }, { requireComplete: false });
    expect(issue).toEqual({
      questionId: 'administrations_per_day',
      code: 'out_of_range',
      message: { da: 'Angiv et tal fra 1 til 12.', en: 'Enter a number from 1 to 12.' },
    });
  });

  it('gives one coded, bilingual issue per wrong answer', () => {
    const issues = validateAnswers(
      Q,
      {
        medicine_supply: 'capsules',
        administrations_per_day: 2.5,
        time_critical: 'yes',
        can_take_alone: 1,
        bogus: true,
      },
      { requireComplete: false },
    );
    expect(issues.map((issue) => [issue.questionId, issue.code])).toEqual([
      ['medicine_supply', 'unknown_option'],
      ['administrations_per_day', 'not_integer'],
      ['time_critical', 'expected_yes_no'],
      ['can_take_alone', 'expected_yes_no'],
      ['bogus', 'unknown_question'],
    ]);
    expect(issues[0]!.message.da).toBe('Vælg en af de viste muligheder.');
    expect(issues[1]!.message).toEqual({ da: 'Angiv et helt tal.', en: 'Enter a whole number.' });
    expect(issues[2]!.message).toEqual({ da: 'Vælg ja eller nej.', en: 'Choose yes or no.' });
    expect(issues[4]!.message.en).toBe('The question is not part of version 1 of the questionnaire.');
    for (const issue of issues) expect(AnswerIssue.safeParse(issue).success).toBe(true);
  });

  it('does not complain about answers to hidden questions, whatever they hold', () => {
    const answers: Answers = {
      medicine_supply: 'manual',
      administrations_per_day: 1,
      time_critical: false,
      can_take_alone: false,
      must_lock: 'not a boolean',
      dose_packing_possible: 99,
    };
    expect(validateAnswers(Q, answers)).toEqual([]);
  });
});
