import { describe, expect, it } from 'vitest';
import {
  MEDICATION_STAIRCASE_V1 as Q,
  effectiveAnswers,
  isComplete,
  nextQuestion,
  visibleQuestions,
  type Answers,
} from '../../src/index.js';

const ids = (answers: Answers) => visibleQuestions(Q, answers).map((question) => question.id);

describe('branching', () => {
  it('starts with the questions that are always asked', () => {
    expect(ids({})).toEqual(['medicine_supply', 'administrations_per_day', 'time_critical', 'can_take_alone']);
    expect(nextQuestion(Q, {})?.id).toBe('medicine_supply');
  });

  it('asks nothing more when the citizen cannot take the medicine alone', () => {
    const answers: Answers = {
      medicine_supply: 'manual',
      administrations_per_day: 4,
      time_critical: false,
      can_take_alone: false,
    };
    expect(ids(answers)).toEqual(['medicine_supply', 'administrations_per_day', 'time_critical', 'can_take_alone']);
    expect(isComplete(Q, answers)).toBe(true);
  });

  it('asks about a smartphone only when no lock or observation is needed and a reminder or alarm is', () => {
    const base: Answers = {
      medicine_supply: 'pharmacy_dose_roll',
      administrations_per_day: 2,
      time_critical: false,
      can_take_alone: true,
      must_lock: false,
      must_observe: false,
    };
    expect(ids({ ...base, remembers_unaided: true })).not.toContain('can_use_smartphone');
    expect(ids({ ...base, remembers_unaided: false })).toContain('can_use_smartphone');
    expect(ids({ ...base, remembers_unaided: true, time_critical: true })).toContain('can_use_smartphone');
    expect(ids({ ...base, remembers_unaided: false, must_lock: true })).not.toContain('can_use_smartphone');
    expect(ids({ ...base, remembers_unaided: false, can_take_alone: false })).not.toContain('can_use_smartphone');
  });

  it('asks about the button only when a dispenser is in question, and about dose-packing only for manual medicine', () => {
    const base: Answers = {
      medicine_supply: 'manual',
      administrations_per_day: 2,
      time_critical: false,
      can_take_alone: true,
      must_lock: false,
      must_observe: false,
      remembers_unaided: false,
    };
    expect(ids({ ...base, can_use_smartphone: true })).not.toContain('can_press_button');
    expect(ids({ ...base, can_use_smartphone: false })).toContain('can_press_button');
    expect(ids({ ...base, can_use_smartphone: false, can_press_button: true })).toContain('dose_packing_possible');
    expect(ids({ ...base, can_use_smartphone: false, can_press_button: false })).not.toContain('dose_packing_possible');
    expect(
      ids({ ...base, medicine_supply: 'pharmacy_dose_roll', can_use_smartphone: false, can_press_button: true }),
    ).not.toContain('dose_packing_possible');
  });

  it('drops answers to hidden questions and invalid answers from the effective answers', () => {
    const answers: Answers = {
      medicine_supply: 'pharmacy_dose_roll',
      administrations_per_day: 40,
      time_critical: false,
      can_take_alone: false,
      must_lock: true,
      travels: true,
    };
    expect(effectiveAnswers(Q, answers)).toEqual({
      medicine_supply: 'pharmacy_dose_roll',
      time_critical: false,
      can_take_alone: false,
    });
    expect(nextQuestion(Q, answers)?.id).toBe('administrations_per_day');
  });

  it('treats a changed answer as hiding the questions that no longer apply', () => {
    const answers: Answers = {
      medicine_supply: 'pharmacy_dose_roll',
      administrations_per_day: 2,
      time_critical: false,
      can_take_alone: true,
      must_lock: false,
      must_observe: false,
      remembers_unaided: false,
      can_use_smartphone: true,
    };
    expect(ids(answers)).toContain('can_use_smartphone');
    expect(ids({ ...answers, must_lock: true })).not.toContain('can_use_smartphone');
    expect(ids({ ...answers, must_lock: true })).not.toContain('remembers_unaided');
  });
});
