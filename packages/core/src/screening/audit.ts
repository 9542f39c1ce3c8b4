import { z } from 'zod';
import { CitizenId, EpochMs, StaircaseStep, UserId } from '../domain/vocabulary.js';
import { DAY_MS } from './follow-up-policy.js';
import { QuestionnaireRef } from './questionnaire.js';
import type { Screening } from './records.js';
import {
  FollowUpRecord,
  ScreeningId,
  ScreeningKind,
  TrainingRecord,
  screeningStep,
  type FollowUpRecord as FollowUpRecordType,
  type TrainingRecord as TrainingRecordType,
} from './records.js';
import { deviceTypeForStep } from './staircase.js';

/** What an auditor would flag for a citizen (the three questions of the Norwegian 2024 supervision). */
export const AuditGap = z.enum(['no_assessment', 'citizen_not_trained', 'staff_not_trained', 'follow_up_overdue']);
export type AuditGap = z.infer<typeof AuditGap>;

export const CitizenAuditSummary = z.strictObject({
  citizenId: CitizenId,
  /** Submitted screenings (initial and re-assessments). */
  assessmentCount: z.number().int().min(0),
  /** Drafts never submitted: started but not documented. */
  draftCount: z.number().int().min(0),
  lastAssessment: z
    .strictObject({
      screeningId: ScreeningId,
      kind: ScreeningKind,
      questionnaire: QuestionnaireRef,
      assessedBy: UserId,
      assessedAt: EpochMs,
      recommendedStep: StaircaseStep,
      decidedStep: StaircaseStep,
      deviationNote: z.string().optional(),
    })
    .optional(),
  /** Training for the current step's technology, oldest first. */
  training: z.strictObject({
    citizenSide: z.array(TrainingRecord),
    staff: z.array(TrainingRecord),
  }),
  followUps: z.array(FollowUpRecord),
  lastFollowUpAt: EpochMs.optional(),
  followUpDue: EpochMs.optional(),
  followUpOverdue: z.boolean(),
  /** Whole days past the due date (0 when not overdue). */
  overdueDays: z.number().int().min(0),
  gaps: z.array(AuditGap),
});
export type CitizenAuditSummary = z.infer<typeof CitizenAuditSummary>;

export interface CitizenRecords {
  screenings: readonly Screening[];
  followUps: readonly FollowUpRecordType[];
  trainings: readonly TrainingRecordType[];
}

/** Latest first by time, ties broken by id, so the summary never depends on input order. */
function latest<T>(items: readonly T[], at: (item: T) => number, id: (item: T) => string): T | undefined {
  let best: T | undefined;
  for (const item of items) {
    if (!best || at(item) > at(best) || (at(item) === at(best) && id(item) > id(best))) best = item;
  }
  return best;
}

/**
 * One citizen's assessment, training and follow-up at `now`: the last documented assessment and the step decided,
 * training on the current technology for the citizen's side and for staff, and whether the follow-up is overdue.
 * The follow-up due date comes from the most recent event: a submitted screening's date, or a follow-up's next date
 * (a follow-up that calls for re-assessment makes it due at once; stopping the technology ends the follow-ups).
 */
export function auditTrail(citizenId: CitizenId, records: CitizenRecords, now: EpochMs): CitizenAuditSummary {
  const screenings = records.screenings.filter((screening) => screening.citizenId === citizenId);
  const submitted = screenings.filter((screening) => screening.status === 'submitted' && screening.recommendation);
  const followUps = records.followUps
    .filter((record) => record.citizenId === citizenId)
    .sort((a, b) => a.performedAt - b.performedAt || a.followUpId.localeCompare(b.followUpId));
  const trainings = records.trainings
    .filter((record) => record.citizenId === citizenId)
    .sort((a, b) => a.givenAt - b.givenAt || a.trainingId.localeCompare(b.trainingId));

  const last = latest(
    submitted,
    (screening) => screening.assessedAt,
    (screening) => screening.screeningId,
  );
  const lastFollowUp = followUps.at(-1);
  const step = last ? screeningStep(last) : undefined;
  const deviceType = step === undefined ? undefined : deviceTypeForStep(step);
  const forTechnology = trainings.filter((record) => deviceType !== undefined && record.deviceType === deviceType);
  const citizenSide = forTechnology.filter((record) => record.audience !== 'staff');
  const staff = forTechnology.filter((record) => record.audience === 'staff');

  let followUpDue: number | undefined;
  if (last) {
    const followUpIsNewer = lastFollowUp !== undefined && lastFollowUp.performedAt > last.assessedAt;
    if (!followUpIsNewer) followUpDue = last.followUpDue;
    else if (lastFollowUp.nextDue !== undefined) followUpDue = lastFollowUp.nextDue;
    else if (lastFollowUp.outcome === 'reassess') followUpDue = lastFollowUp.performedAt;
  }
  const followUpOverdue = followUpDue !== undefined && now > followUpDue;
  const overdueDays = followUpOverdue && followUpDue !== undefined ? Math.floor((now - followUpDue) / DAY_MS) : 0;

  const gaps: AuditGap[] = [];
  if (!last) gaps.push('no_assessment');
  if (deviceType !== undefined && citizenSide.length === 0) gaps.push('citizen_not_trained');
  if (deviceType !== undefined && staff.length === 0) gaps.push('staff_not_trained');
  if (followUpOverdue) gaps.push('follow_up_overdue');

  const recommendation = last?.recommendation;
  return {
    citizenId,
    assessmentCount: submitted.length,
    draftCount: screenings.filter((screening) => screening.status === 'draft').length,
    ...(last && recommendation && step !== undefined
      ? {
          lastAssessment: {
            screeningId: last.screeningId,
            kind: last.kind,
            questionnaire: last.questionnaire,
            assessedBy: last.assessedBy,
            assessedAt: last.assessedAt,
            recommendedStep: recommendation.step,
            decidedStep: step,
            ...(last.deviationNote ? { deviationNote: last.deviationNote } : {}),
          },
        }
      : {}),
    training: { citizenSide, staff },
    followUps,
    ...(lastFollowUp ? { lastFollowUpAt: lastFollowUp.performedAt } : {}),
    ...(followUpDue !== undefined ? { followUpDue } : {}),
    followUpOverdue,
    overdueDays,
    gaps,
  };
}
