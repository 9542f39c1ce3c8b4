import type { StaircaseStep } from '../domain/vocabulary.js';
import { FOLLOW_UP_DAYS, followUpDueAt } from './follow-up-policy.js';
import type { Answers, QuestionId } from './questionnaire.js';
import type {
  Recommendation,
  RecommendationNote,
  RecommendationNoteCode,
  RecommendationReason,
  RecommendationReasonCode,
} from './recommendation.js';
import { RECOMMENDATION_REASON_CODES } from './recommendation-codes.js';
import { deviceTypeForStep } from './staircase.js';
import type { BilingualText } from './text.js';

/** The recommendation rules of `medication-staircase` v1 (tabled in docs/screening.md). */

const REASONS: Record<RecommendationReasonCode, { text: BilingualText; questionIds: QuestionId[] }> = {
  manages_alone: {
    text: {
      da: 'Borgeren kan selv tage medicinen, husker den til tiden og har ikke brug for lås, observation eller alarm ved en glemt dosis.',
      en: 'The citizen can take the medicine alone, remembers it on time and needs no lock, no observation and no alarm for a missed dose.',
    },
    questionIds: ['can_take_alone', 'must_lock', 'must_observe', 'remembers_unaided', 'time_critical'],
  },
  cannot_take_alone: {
    text: {
      da: 'Borgeren kan ikke selv tage medicinen ud og indtage den; personalet skal give medicinen ved et besøg.',
      en: 'The citizen cannot take the medicine out and swallow it alone; staff must give it at a visit.',
    },
    questionIds: ['can_take_alone'],
  },
  lock_required: {
    text: {
      da: 'Medicinen skal være låst inde, så kun en dispenser med lås eller et besøg kan bruges.',
      en: 'The medicine must be locked away, so only a locking dispenser or a visit will do.',
    },
    questionIds: ['must_lock'],
  },
  observed_intake_required: {
    text: {
      da: 'Personalet skal se borgeren tage medicinen, og det kræver video (Smila) eller et besøg.',
      en: 'Staff must see the citizen take the medicine, which needs video (Smila) or a visit.',
    },
    questionIds: ['must_observe'],
  },
  reminder_needed: {
    text: {
      da: 'Borgeren husker ikke selv medicinen til tiden og har brug for en påmindelse.',
      en: 'The citizen does not remember the medicine on time and needs a reminder.',
    },
    questionIds: ['remembers_unaided'],
  },
  time_critical_needs_alarm: {
    text: {
      da: 'Medicinen er tidskritisk, så en glemt dosis skal give en alarm.',
      en: 'The medicine is time-critical, so a missed dose must raise an alarm.',
    },
    questionIds: ['time_critical'],
  },
  no_smartphone: {
    text: {
      da: 'Borgeren kan ikke bruge en smartphone eller tablet, så FlexSmart-appen kan ikke bruges.',
      en: 'The citizen cannot use a smartphone or tablet, so the FlexSmart app is not an option.',
    },
    questionIds: ['can_use_smartphone'],
  },
  cannot_press_button: {
    text: {
      da: 'Borgeren kan ikke reagere på signalet og trykke på knappen, som dispenserne kræver.',
      en: 'The citizen cannot respond to the signal and press the button that the dispensers require.',
    },
    questionIds: ['can_press_button'],
  },
  no_dose_pouches: {
    text: {
      da: 'Medicinen doseres manuelt og kan ikke overgå til dosisdispensering, så dispensere til dosisposer (MedidoClock, Smila) kan ikke bruges.',
      en: 'The medicine is dispensed manually and cannot be switched to dose-packing, so dose-pouch dispensers (MedidoClock, Smila) cannot be used.',
    },
    questionIds: ['medicine_supply', 'dose_packing_possible'],
  },
};

const NOTES: Record<RecommendationNoteCode, { text: BilingualText; questionIds: QuestionId[] }> = {
  start_dose_packing: {
    text: {
      da: 'Medicinen skal overgå til dosisdispensering: bed lægen om at ordinere det i FMK, før dispenseren tages i brug.',
      en: 'Switch the medicine to dose-packing: ask the doctor to prescribe it in FMK before the dispenser is put into use.',
    },
    questionIds: ['medicine_supply', 'dose_packing_possible'],
  },
  plan_travel_mode: {
    text: {
      da: 'Borgeren er ofte hjemmefra: aftal med e-Teamet, hvordan rejsetilstand eller pause bruges.',
      en: 'The citizen is often away from home: agree with the e-Team how travel mode or pause is used.',
    },
    questionIds: ['travels'],
  },
  narrow_time_window: {
    text: {
      da: 'Tidskritisk medicin: sæt et snævert tidsvindue i doseringsplanen, så en glemt dosis hurtigt giver alarm.',
      en: 'Time-critical medicine: set a narrow time window in the schedule so a missed dose raises an alarm quickly.',
    },
    questionIds: ['time_critical'],
  },
  observed_by_video: {
    text: {
      da: 'e-Teamet observerer indtagelsen over video ved hver dosis.',
      en: 'The e-Team observes the intake over video at each dose.',
    },
    questionIds: ['must_observe'],
  },
  virtual_visits_not_on_step: {
    text: {
      da: 'Virtuelle besøg er ikke en del af trin 0; aftal dem som en særskilt indsats, hvis der stadig er brug for dem.',
      en: 'Virtual visits are not part of step 0; arrange them as a separate service if they are still needed.',
    },
    questionIds: ['needs_virtual_visits'],
  },
};

/** The v1 answers, read with their types; undefined means not asked (hidden) or not answered. */
interface V1Facts {
  supply: unknown;
  perDay: number | undefined;
  timeCritical: boolean | undefined;
  canTakeAlone: boolean | undefined;
  mustLock: boolean | undefined;
  mustObserve: boolean | undefined;
  remembers: boolean | undefined;
  smartphone: boolean | undefined;
  button: boolean | undefined;
  dosePackingPossible: boolean | undefined;
  travels: boolean | undefined;
  virtualVisits: boolean | undefined;
}

function bool(answers: Answers, id: QuestionId): boolean | undefined {
  const value = answers[id];
  return typeof value === 'boolean' ? value : undefined;
}

function facts(answers: Answers): V1Facts {
  const perDay = answers['administrations_per_day'];
  return {
    supply: answers['medicine_supply'],
    perDay: typeof perDay === 'number' ? perDay : undefined,
    timeCritical: bool(answers, 'time_critical'),
    canTakeAlone: bool(answers, 'can_take_alone'),
    mustLock: bool(answers, 'must_lock'),
    mustObserve: bool(answers, 'must_observe'),
    remembers: bool(answers, 'remembers_unaided'),
    smartphone: bool(answers, 'can_use_smartphone'),
    button: bool(answers, 'can_press_button'),
    dosePackingPossible: bool(answers, 'dose_packing_possible'),
    travels: bool(answers, 'travels'),
    virtualVisits: bool(answers, 'needs_virtual_visits'),
  };
}

interface StepCheck {
  /** The step meets every need the answers state. */
  eligible: boolean;
  /** The needs that rule it out, named only from answers actually given. */
  codes: RecommendationReasonCode[];
}

/**
 * Whether a step meets the needs. Eligibility demands explicit answers (a hidden question never makes a step fit);
 * reason codes come only from explicit answers, so every reason points at something the assessor answered.
 */
function checkStep(step: StaircaseStep, f: V1Facts): StepCheck {
  const codes: RecommendationReasonCode[] = [];
  let eligible = true;
  const need = (met: boolean, failedExplicitly: boolean, code: RecommendationReasonCode): void => {
    if (met) return;
    eligible = false;
    if (failedExplicitly) codes.push(code);
  };
  const pouches = f.supply === 'pharmacy_dose_roll' || f.dosePackingPossible === true;
  if (step === 5) return { eligible: true, codes };
  need(f.canTakeAlone === true, f.canTakeAlone === false, 'cannot_take_alone');
  switch (step) {
    case 0:
      need(f.mustLock === false, f.mustLock === true, 'lock_required');
      need(f.mustObserve === false, f.mustObserve === true, 'observed_intake_required');
      need(f.remembers === true, f.remembers === false, 'reminder_needed');
      need(f.timeCritical === false, f.timeCritical === true, 'time_critical_needs_alarm');
      break;
    case 1:
      need(f.mustLock === false, f.mustLock === true, 'lock_required');
      need(f.mustObserve === false, f.mustObserve === true, 'observed_intake_required');
      need(f.smartphone === true, f.smartphone === false, 'no_smartphone');
      break;
    case 2:
      need(f.mustObserve === false, f.mustObserve === true, 'observed_intake_required');
      need(f.button === true, f.button === false, 'cannot_press_button');
      need(pouches, f.supply === 'manual' && f.dosePackingPossible === false, 'no_dose_pouches');
      break;
    case 3:
      need(f.button === true, f.button === false, 'cannot_press_button');
      need(pouches, f.supply === 'manual' && f.dosePackingPossible === false, 'no_dose_pouches');
      break;
    case 4:
      need(f.mustObserve === false, f.mustObserve === true, 'observed_intake_required');
      need(f.button === true, f.button === false, 'cannot_press_button');
      break;
  }
  return { eligible, codes };
}

const STEPS: readonly StaircaseStep[] = [0, 1, 2, 3, 4, 5];

function reason(code: RecommendationReasonCode): RecommendationReason {
  const { text, questionIds } = REASONS[code];
  return { code, text, questionIds: [...questionIds] };
}

function note(code: RecommendationNoteCode): RecommendationNote {
  const { text, questionIds } = NOTES[code];
  return { code, text, questionIds: [...questionIds] };
}

/** v1 rules on effective, complete, valid answers (the dispatcher in recommend.ts guarantees that). */
export function recommendV1(answers: Answers, assessedAt: number): Omit<Recommendation, 'questionnaire'> {
  const f = facts(answers);
  let step: StaircaseStep = 5;
  const excluded = new Set<RecommendationReasonCode>();
  for (const candidate of STEPS) {
    const check = checkStep(candidate, f);
    if (check.eligible) {
      step = candidate;
      break;
    }
    for (const code of check.codes) excluded.add(code);
  }
  // Reasons in a fixed order (the enum's), so equal answers always give equal recommendations.
  const reasons =
    step === 0
      ? [reason('manages_alone')]
      : RECOMMENDATION_REASON_CODES.filter((code) => excluded.has(code)).map(reason);

  const withTechnology = step >= 1 && step <= 4;
  const notes: RecommendationNote[] = [];
  if ((step === 2 || step === 3) && f.supply === 'manual' && f.dosePackingPossible === true) {
    notes.push(note('start_dose_packing'));
  }
  if (withTechnology && f.timeCritical === true) notes.push(note('narrow_time_window'));
  if (step === 3 && f.mustObserve === true) notes.push(note('observed_by_video'));
  if (withTechnology && f.travels === true) notes.push(note('plan_travel_mode'));
  if (step === 0 && f.virtualVisits === true) notes.push(note('virtual_visits_not_on_step'));

  const riskFactors: QuestionId[] = [];
  if (f.timeCritical === true) riskFactors.push('time_critical');
  if (f.mustLock === true) riskFactors.push('must_lock');
  if (f.mustObserve === true) riskFactors.push('must_observe');
  if ((f.perDay ?? 0) >= 4) riskFactors.push('administrations_per_day');
  const risk = riskFactors.length > 0 ? 'elevated' : 'standard';
  const days = FOLLOW_UP_DAYS[risk];

  const deviceType = deviceTypeForStep(step);
  return {
    step,
    ...(deviceType ? { deviceType } : {}),
    reasons,
    virtualVisits: withTechnology && (f.virtualVisits === true || (step === 3 && f.mustObserve === true)),
    notes,
    followUp: { risk, days, due: followUpDueAt(assessedAt, days), riskFactors },
    visitsAvoidedPerDay: step === 5 ? 0 : (f.perDay ?? 0),
  };
}
