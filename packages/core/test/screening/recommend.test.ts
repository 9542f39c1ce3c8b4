import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  MEDICATION_STAIRCASE_V1 as Q,
  Recommendation,
  recommend,
  type Answers,
  type Questionnaire,
  type RecommendationReasonCode,
} from '../../src/index.js';

const assessedAt = Date.UTC(2026, 2, 2, 9, 30);

/** A citizen who manages alone; each case below changes only what it is about. */
const selfReliant: Answers = {
  medicine_supply: 'pharmacy_dose_roll',
  administrations_per_day: 2,
  time_critical: false,
  can_take_alone: true,
  must_lock: false,
  must_observe: false,
  remembers_unaided: true,
  travels: false,
  needs_virtual_visits: false,
};

function without(answers: Answers, ...ids: string[]): Answers {
  return Object.fromEntries(Object.entries(answers).filter(([id]) => !ids.includes(id)));
}

function recommendation(answers: Answers): Recommendation {
  const result = recommend(Q, answers, assessedAt);
  if (!result.ok) throw new Error(`not ok: ${JSON.stringify(result)}`);
  return result.recommendation;
}

interface Case {
  name: string;
  answers: Answers;
  step: number;
  reasons: RecommendationReasonCode[];
}

const cases: Case[] = [
  { name: 'manages alone', answers: selfReliant, step: 0, reasons: ['manages_alone'] },
  {
    name: 'forgets, has a smartphone',
    answers: { ...selfReliant, remembers_unaided: false, can_use_smartphone: true },
    step: 1,
    reasons: ['reminder_needed'],
  },
  {
    name: 'remembers, but time-critical medicine, has a smartphone',
    answers: { ...selfReliant, time_critical: true, can_use_smartphone: true },
    step: 1,
    reasons: ['time_critical_needs_alarm'],
  },
  {
    name: 'forgets, no smartphone, can press a button',
    answers: { ...selfReliant, remembers_unaided: false, can_use_smartphone: false, can_press_button: true },
    step: 2,
    reasons: ['reminder_needed', 'no_smartphone'],
  },
  {
    name: 'must be locked away',
    answers: { ...without(selfReliant, 'remembers_unaided'), must_lock: true, can_press_button: true },
    step: 2,
    reasons: ['lock_required'],
  },
  {
    name: 'must observe intake',
    answers: { ...selfReliant, must_observe: true, can_press_button: true },
    step: 3,
    reasons: ['observed_intake_required'],
  },
  {
    name: 'locked, manual medicine that cannot be dose-packed',
    answers: {
      ...selfReliant,
      medicine_supply: 'manual',
      must_lock: true,
      can_press_button: true,
      dose_packing_possible: false,
    },
    step: 4,
    reasons: ['lock_required', 'no_dose_pouches'],
  },
  {
    name: 'forgets, no smartphone, manual medicine that cannot be dose-packed',
    answers: {
      ...selfReliant,
      medicine_supply: 'manual',
      remembers_unaided: false,
      can_use_smartphone: false,
      can_press_button: true,
      dose_packing_possible: false,
    },
    step: 4,
    reasons: ['reminder_needed', 'no_smartphone', 'no_dose_pouches'],
  },
  {
    name: 'cannot take the medicine alone',
    answers: {
      medicine_supply: 'pharmacy_dose_roll',
      administrations_per_day: 3,
      time_critical: false,
      can_take_alone: false,
    },
    step: 5,
    reasons: ['cannot_take_alone'],
  },
  {
    name: 'locked, cannot press the button',
    answers: { ...selfReliant, must_lock: true, can_press_button: false },
    step: 5,
    reasons: ['lock_required', 'cannot_press_button'],
  },
  {
    name: 'observed intake, manual medicine that cannot be dose-packed',
    answers: {
      ...selfReliant,
      medicine_supply: 'manual',
      must_observe: true,
      can_press_button: true,
      dose_packing_possible: false,
    },
    step: 5,
    reasons: ['observed_intake_required', 'no_dose_pouches'],
  },
];

describe('recommend (medication-staircase v1)', () => {
  it.each(cases)('$name → step $step', ({ answers, step, reasons }) => {
    const result = recommendation(answers);
    expect(result.step).toBe(step);
    expect(result.reasons.map((reason) => reason.code)).toEqual(reasons);
    for (const reason of result.reasons) {
      expect(reason.text.da.length).toBeGreaterThan(10);
      expect(reason.text.en.length).toBeGreaterThan(10);
      expect(reason.questionIds.length).toBeGreaterThan(0);
    }
    expect(Recommendation.safeParse(result).success).toBe(true);
  });

  it('reaches every step of the staircase', () => {
    const steps = new Set(cases.map((testCase) => recommendation(testCase.answers).step));
    expect([...steps].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('names the device type of the step and the visits it replaces', () => {
    const medido = recommendation(cases[3]!.answers);
    expect(medido.deviceType).toBe('medido');
    expect(medido.visitsAvoidedPerDay).toBe(2);
    const visit = recommendation(cases[8]!.answers);
    expect(visit.deviceType).toBeUndefined();
    expect(visit.visitsAvoidedPerDay).toBe(0);
  });

  it('adds virtual visits on technology steps only, and always with observed intake by video', () => {
    expect(recommendation({ ...cases[1]!.answers, needs_virtual_visits: true }).virtualVisits).toBe(true);
    expect(recommendation(cases[1]!.answers).virtualVisits).toBe(false);
    expect(recommendation(cases[5]!.answers).virtualVisits).toBe(true);
    const step0 = recommendation({ ...selfReliant, needs_virtual_visits: true });
    expect(step0.virtualVisits).toBe(false);
    expect(step0.notes.map((note) => note.code)).toEqual(['virtual_visits_not_on_step']);
  });

  it('gives advice notes without changing the step', () => {
    const switchToPouches = recommendation({
      ...selfReliant,
      medicine_supply: 'manual',
      must_lock: true,
      can_press_button: true,
      dose_packing_possible: true,
      travels: true,
      time_critical: true,
    });
    expect(switchToPouches.step).toBe(2);
    expect(switchToPouches.notes.map((note) => note.code)).toEqual([
      'start_dose_packing',
      'narrow_time_window',
      'plan_travel_mode',
    ]);
  });

  it('sets the follow-up about three months ahead, four weeks for higher-risk answers', () => {
    const standard = recommendation(selfReliant).followUp;
    expect(standard).toEqual({ risk: 'standard', days: 91, due: assessedAt + 91 * DAY_MS, riskFactors: [] });
    const locked = recommendation(cases[4]!.answers).followUp;
    expect(locked.risk).toBe('elevated');
    expect(locked.due).toBe(assessedAt + 28 * DAY_MS);
    expect(locked.riskFactors).toEqual(['must_lock']);
    const manyDoses = recommendation({ ...selfReliant, administrations_per_day: 4 }).followUp;
    expect(manyDoses.riskFactors).toEqual(['administrations_per_day']);
  });

  it('ignores answers to questions the branching hides', () => {
    const withHidden: Answers = { ...cases[8]!.answers, must_lock: true, must_observe: true, travels: 'nonsense' };
    expect(recommendation(withHidden)).toEqual(recommendation(cases[8]!.answers));
  });

  it('refuses incomplete or invalid answers, and unknown questionnaire versions', () => {
    const incomplete = recommend(Q, without(selfReliant, 'remembers_unaided'), assessedAt);
    expect(incomplete).toMatchObject({ ok: false, code: 'invalid_answers' });
    if (!incomplete.ok) expect(incomplete.issues.map((issue) => issue.questionId)).toEqual(['remembers_unaided']);
    const v2: Questionnaire = { ...Q, version: 2 };
    expect(recommend(v2, selfReliant, assessedAt)).toMatchObject({ ok: false, code: 'unknown_questionnaire' });
  });
});
