import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EpochMs,
  MEDICATION_STAIRCASE_V1 as Q,
  Recommendation,
  effectiveAnswers,
  nextQuestion,
  recommend,
  validateAnswers,
  visibleQuestions,
  type Answers,
} from '../../src/index.js';
import { anyAnswerValue, fullAnswers } from './arbitraries.js';

const ids = (answers: Answers) => visibleQuestions(Q, answers).map((question) => question.id);
const questionIds = Q.questions.map((question) => question.id);
const instant = fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) });

function mustRecommend(answers: Answers, at: number): Recommendation {
  const result = recommend(Q, answers, at);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.issues)}`);
  return result.recommendation;
}

describe('screening properties', () => {
  it('recommend is total and deterministic for any valid answer set, and its output is a valid Recommendation', () => {
    fc.assert(
      fc.property(fullAnswers(Q), instant, (answers, at) => {
        const first = mustRecommend(answers, at);
        const reordered = Object.fromEntries(Object.entries(answers).reverse());
        expect(mustRecommend(reordered, at)).toEqual(first);
        expect(Recommendation.safeParse(first).success).toBe(true);
        expect(EpochMs.safeParse(first.followUp.due).success).toBe(true);
        expect(first.followUp.due).toBeGreaterThan(at);
      }),
    );
  });

  it('every reason and note points at answers the assessor actually gave to visible questions', () => {
    fc.assert(
      fc.property(fullAnswers(Q), (answers) => {
        const recommendation = mustRecommend(answers, 0);
        const effective = effectiveAnswers(Q, answers);
        const cited = [...recommendation.reasons, ...recommendation.notes].flatMap((item) => item.questionIds);
        // manages_alone cites the must_* questions too, which are answered whenever it applies.
        for (const id of cited) expect(Object.keys(effective)).toContain(id);
      }),
    );
  });

  it('answers to hidden questions change nothing', () => {
    fc.assert(
      fc.property(fullAnswers(Q), fullAnswers(Q), (answers, other) => {
        const visible = new Set(ids(answers));
        const mixed: Answers = { ...answers };
        for (const id of questionIds) if (!visible.has(id)) mixed[id] = other[id]!;
        expect(ids(mixed)).toEqual(ids(answers));
        expect(mustRecommend(mixed, 0)).toEqual(mustRecommend(answers, 0));
        expect(mustRecommend(effectiveAnswers(Q, answers), 0)).toEqual(mustRecommend(answers, 0));
      }),
    );
  });

  it('answering more questions never hides a question that was shown', () => {
    fc.assert(
      fc.property(
        fullAnswers(Q),
        fc.array(fc.boolean(), { minLength: questionIds.length, maxLength: questionIds.length }),
        fc.array(fc.boolean(), { minLength: questionIds.length, maxLength: questionIds.length }),
        (answers, keepFirst, keepMore) => {
          const smaller: Answers = {};
          const larger: Answers = {};
          questionIds.forEach((id, index) => {
            if (keepFirst[index]) smaller[id] = answers[id]!;
            if (keepFirst[index] || keepMore[index]) larger[id] = answers[id]!;
          });
          const shownLarger = new Set(ids(larger));
          for (const id of ids(smaller)) expect(shownLarger.has(id)).toBe(true);
        },
      ),
    );
  });

  it('walking the wizard one next question at a time ends with the same recommendation as the full form', () => {
    fc.assert(
      fc.property(fullAnswers(Q), (answers) => {
        const walked: Answers = {};
        for (let steps = 0; steps <= questionIds.length; steps += 1) {
          const question = nextQuestion(Q, walked);
          if (!question) break;
          walked[question.id] = answers[question.id]!;
        }
        expect(nextQuestion(Q, walked)).toBeUndefined();
        expect(mustRecommend(walked, 0)).toEqual(mustRecommend(answers, 0));
      }),
    );
  });

  it('needing more help never moves the citizen down the staircase', () => {
    const moreNeed: [string, boolean][] = [
      ['must_lock', true],
      ['must_observe', true],
      ['remembers_unaided', false],
      ['time_critical', true],
      ['can_take_alone', false],
      ['can_use_smartphone', false],
      ['can_press_button', false],
      ['dose_packing_possible', false],
    ];
    fc.assert(
      fc.property(fullAnswers(Q), fc.constantFrom(...moreNeed), (answers, [id, value]) => {
        const before = mustRecommend(answers, 0).step;
        const after = mustRecommend({ ...answers, [id]: value }, 0).step;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
    );
  });

  it('any answer values: validation never throws, every issue is bilingual, and recommend refuses exactly when issues exist', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...questionIds, 'unknown_one'), anyAnswerValue, { maxKeys: 14 }),
        (answers) => {
          const issues = validateAnswers(Q, answers);
          for (const issue of issues) {
            expect(issue.message.da.length).toBeGreaterThan(0);
            expect(issue.message.en.length).toBeGreaterThan(0);
          }
          expect(recommend(Q, answers, 0).ok).toBe(issues.length === 0);
        },
      ),
    );
  });
});
