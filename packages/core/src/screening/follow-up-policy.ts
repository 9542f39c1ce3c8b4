/** Follow-up intervals: about three months normally, four weeks when the answers show a higher risk. */
export const FOLLOW_UP_DAYS = { standard: 91, elevated: 28 } as const;

export const DAY_MS = 86_400_000;

/**
 * The follow-up instant: whole days after the assessment. Days, not calendar months, so the date is the same
 * everywhere without a time-zone table; the UI shows it as a local date.
 */
export function followUpDueAt(assessedAt: number, days: number): number {
  return assessedAt + days * DAY_MS;
}
