import { describe, expect, it } from 'vitest';
import {
  CURRENT_QUESTIONNAIRE,
  MEDICATION_STAIRCASE_V1,
  QUESTIONNAIRES,
  Questionnaire,
  findQuestionnaire,
  hasRecommendationRules,
  questionnaireProblems,
} from '../../src/index.js';

describe('medication-staircase questionnaire', () => {
  it('is a valid, structurally sound questionnaire', () => {
    expect(Questionnaire.safeParse(MEDICATION_STAIRCASE_V1).success).toBe(true);
    expect(questionnaireProblems(MEDICATION_STAIRCASE_V1)).toEqual([]);
  });

  it('has Danish and English texts that differ for every question, help text and option', () => {
    for (const question of MEDICATION_STAIRCASE_V1.questions) {
      expect(question.text.da).not.toBe(question.text.en);
      if (question.help) expect(question.help.da).not.toBe(question.help.en);
      if (question.answer.kind === 'single_choice') {
        for (const option of question.answer.options) expect(option.label.da).not.toBe(option.label.en);
      }
    }
    const lock = MEDICATION_STAIRCASE_V1.questions.find((question) => question.id === 'must_lock');
    expect(lock?.text.da).toBe('Skal medicinen være låst inde?');
  });

  it('covers the screening topics of the design', () => {
    const ids = MEDICATION_STAIRCASE_V1.questions.map((question) => question.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'must_lock',
        'administrations_per_day',
        'must_observe',
        'can_use_smartphone',
        'medicine_supply',
        'can_press_button',
        'travels',
        'needs_virtual_visits',
        'time_critical',
      ]),
    );
  });

  it('finds published versions by id and version, and every published version has rules', () => {
    expect(findQuestionnaire({ id: 'medication-staircase', version: 1 })).toBe(MEDICATION_STAIRCASE_V1);
    expect(findQuestionnaire({ id: 'medication-staircase', version: 2 })).toBeUndefined();
    expect(QUESTIONNAIRES).toContain(CURRENT_QUESTIONNAIRE);
    for (const questionnaire of QUESTIONNAIRES) expect(hasRecommendationRules(questionnaire)).toBe(true);
  });

  it('keeps published version 1 unchanged (edit by publishing a new version instead)', () => {
    expect(MEDICATION_STAIRCASE_V1).toMatchSnapshot();
  });

  it('reports conditions that point forward or at impossible values', () => {
    const broken: Questionnaire = {
      id: 'broken',
      version: 1,
      title: { da: 'Fejl', en: 'Broken' },
      questions: [
        {
          id: 'first',
          text: { da: 'Første?', en: 'First?' },
          answer: { kind: 'yes_no' },
          showWhen: [{ question: 'second', equals: true }],
        },
        {
          id: 'second',
          text: { da: 'Andet?', en: 'Second?' },
          answer: { kind: 'yes_no' },
          showWhen: [{ question: 'first', equals: 'maybe' }],
        },
      ],
    };
    expect(questionnaireProblems(broken)).toHaveLength(2);
  });
});
