import { describe, expect, it } from 'vitest';
import {
  CitizenAuditSummary,
  DAY_MS,
  FollowUpRecord,
  Screening,
  TrainingRecord,
  auditTrail,
  submitScreening,
  type Answers,
} from '../../src/index.js';

const t0 = Date.UTC(2026, 0, 12, 10, 0);

const forgetsNoPhone: Answers = {
  medicine_supply: 'pharmacy_dose_roll',
  administrations_per_day: 3,
  time_critical: false,
  can_take_alone: true,
  must_lock: false,
  must_observe: false,
  remembers_unaided: false,
  can_use_smartphone: false,
  can_press_button: true,
  travels: false,
  needs_virtual_visits: false,
  // Hidden by the branching (pharmacy rolls): dropped on submit.
  dose_packing_possible: true,
};

const draft: Screening = {
  screeningId: 'scr-1',
  citizenId: 'cit-7',
  kind: 'initial',
  questionnaire: { id: 'medication-staircase', version: 1 },
  answers: forgetsNoPhone,
  status: 'draft',
  assessedBy: 'nurse-anna',
  assessedAt: t0 - DAY_MS,
};

function submitted(overrides: Partial<Screening> = {}, at = t0): Screening {
  const result = submitScreening({ ...draft, ...overrides }, { assessedBy: 'nurse-anna', assessedAt: at });
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.screening;
}

const training = (overrides: Partial<TrainingRecord>): TrainingRecord =>
  TrainingRecord.parse({
    trainingId: 'tr-1',
    citizenId: 'cit-7',
    audience: 'citizen',
    trainees: [],
    givenBy: 'tech-bo',
    givenAt: t0 + DAY_MS,
    topics: ['device_use'],
    deviceType: 'medido',
    ...overrides,
  });

describe('screening records', () => {
  it('a draft is a valid record without a recommendation; a submitted one carries the recommendation and follow-up', () => {
    expect(Screening.safeParse(draft).success).toBe(true);
    const screening = submitted();
    expect(Screening.safeParse(screening).success).toBe(true);
    expect(screening.status).toBe('submitted');
    expect(screening.recommendation?.step).toBe(2);
    expect(screening.followUpDue).toBe(t0 + 91 * DAY_MS);
    expect(screening.answers).not.toHaveProperty('dose_packing_possible');
    expect(screening.questionnaire).toEqual({ id: 'medication-staircase', version: 1 });
  });

  it('refuses to submit incomplete answers, an unknown version, or a deviation without a justification', () => {
    const incomplete = submitScreening(
      { ...draft, answers: { medicine_supply: 'manual' } },
      { assessedBy: 'nurse-anna', assessedAt: t0 },
    );
    expect(incomplete).toMatchObject({ ok: false, code: 'invalid_answers' });
    const unknown = submitScreening(
      { ...draft, questionnaire: { id: 'medication-staircase', version: 9 } },
      { assessedBy: 'nurse-anna', assessedAt: t0 },
    );
    expect(unknown).toMatchObject({ ok: false, code: 'unknown_questionnaire' });
    const silentDeviation = submitScreening(draft, {
      assessedBy: 'nurse-anna',
      assessedAt: t0,
      decidedStep: 3,
      deviationNote: '  ',
    });
    expect(silentDeviation).toMatchObject({ ok: false, code: 'deviation_needs_note' });
    const explained = submitScreening(draft, {
      assessedBy: 'nurse-anna',
      assessedAt: t0,
      decidedStep: 3,
      deviationNote: 'Pårørende ønsker videokontakt',
    });
    expect(explained.ok && explained.screening.decidedStep).toBe(3);
  });

  it('the schema rejects a submitted screening without recommendation, or a deviation without a note', () => {
    expect(Screening.safeParse({ ...draft, status: 'submitted' }).success).toBe(false);
    expect(Screening.safeParse({ ...submitted(), decidedStep: 4 }).success).toBe(false);
  });

  it('a follow-up that continues must name the next date, after the follow-up', () => {
    const base = {
      followUpId: 'fu-1',
      citizenId: 'cit-7',
      screeningId: 'scr-1',
      performedBy: 'nurse-anna',
      performedAt: t0,
    };
    expect(FollowUpRecord.safeParse({ ...base, outcome: 'continue' }).success).toBe(false);
    expect(FollowUpRecord.safeParse({ ...base, outcome: 'continue', nextDue: t0 }).success).toBe(false);
    expect(FollowUpRecord.safeParse({ ...base, outcome: 'continue', nextDue: t0 + DAY_MS }).success).toBe(true);
    expect(FollowUpRecord.safeParse({ ...base, outcome: 'reassess' }).success).toBe(true);
  });
});

describe('auditTrail', () => {
  it('flags a citizen with no assessment', () => {
    const summary = auditTrail('cit-7', { screenings: [draft], followUps: [], trainings: [] }, t0);
    expect(summary.gaps).toEqual(['no_assessment']);
    expect(summary.draftCount).toBe(1);
    expect(CitizenAuditSummary.safeParse(summary).success).toBe(true);
  });

  it('shows assessment, training on the current technology for citizen and staff, and follow-up status', () => {
    const screening = submitted();
    const records = {
      screenings: [screening, submitted({ citizenId: 'someone-else', screeningId: 'scr-x' })],
      followUps: [],
      trainings: [
        training({}),
        training({ trainingId: 'tr-2', audience: 'staff', trainees: ['ssa-carl'], topics: ['alarms_and_help'] }),
        training({ trainingId: 'tr-3', audience: 'staff', deviceType: 'smila' }),
      ],
    };
    const onTime = auditTrail('cit-7', records, t0 + 30 * DAY_MS);
    expect(onTime.assessmentCount).toBe(1);
    expect(onTime.lastAssessment).toMatchObject({ screeningId: 'scr-1', recommendedStep: 2, decidedStep: 2 });
    expect(onTime.training.citizenSide.map((record) => record.trainingId)).toEqual(['tr-1']);
    expect(onTime.training.staff.map((record) => record.trainingId)).toEqual(['tr-2']);
    expect(onTime.followUpOverdue).toBe(false);
    expect(onTime.gaps).toEqual([]);

    const late = auditTrail('cit-7', records, t0 + 100 * DAY_MS);
    expect(late.followUpOverdue).toBe(true);
    expect(late.overdueDays).toBe(9);
    expect(late.gaps).toEqual(['follow_up_overdue']);

    const untrained = auditTrail('cit-7', { ...records, trainings: [] }, t0);
    expect(untrained.gaps).toEqual(['citizen_not_trained', 'staff_not_trained']);
  });

  it('a later follow-up moves the due date; one calling for re-assessment makes it due at once', () => {
    const screening = submitted();
    const followUp = (outcome: FollowUpRecord['outcome'], nextDue?: number): FollowUpRecord => ({
      followUpId: `fu-${outcome}`,
      citizenId: 'cit-7',
      screeningId: screening.screeningId,
      performedBy: 'nurse-anna',
      performedAt: t0 + 90 * DAY_MS,
      outcome,
      ...(nextDue === undefined ? {} : { nextDue }),
    });
    const continued = auditTrail(
      'cit-7',
      { screenings: [screening], followUps: [followUp('continue', t0 + 180 * DAY_MS)], trainings: [] },
      t0 + 120 * DAY_MS,
    );
    expect(continued.followUpDue).toBe(t0 + 180 * DAY_MS);
    expect(continued.lastFollowUpAt).toBe(t0 + 90 * DAY_MS);
    expect(continued.followUpOverdue).toBe(false);

    const reassess = auditTrail(
      'cit-7',
      { screenings: [screening], followUps: [followUp('reassess')], trainings: [] },
      t0 + 95 * DAY_MS,
    );
    expect(reassess.followUpOverdue).toBe(true);

    const reassessed = submitted(
      { screeningId: 'scr-2', kind: 'reassessment', previousScreeningId: 'scr-1' },
      t0 + 96 * DAY_MS,
    );
    const afterReassessment = auditTrail(
      'cit-7',
      { screenings: [screening, reassessed], followUps: [followUp('reassess')], trainings: [] },
      t0 + 97 * DAY_MS,
    );
    expect(afterReassessment.lastAssessment?.screeningId).toBe('scr-2');
    expect(afterReassessment.followUpOverdue).toBe(false);
    expect(afterReassessment.assessmentCount).toBe(2);
  });
});
