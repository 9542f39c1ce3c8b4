/** The recommendation's reason and note codes as plain data (the zod enums in recommendation.ts are built from them). */

/** Why the recommended step is needed: each code names the need that ruled out the less intrusive steps. */
export const RECOMMENDATION_REASON_CODES = [
  'manages_alone',
  'cannot_take_alone',
  'lock_required',
  'observed_intake_required',
  'reminder_needed',
  'time_critical_needs_alarm',
  'no_smartphone',
  'cannot_press_button',
  'no_dose_pouches',
] as const;

/** Advice that goes with the step without changing it. */
export const RECOMMENDATION_NOTE_CODES = [
  'start_dose_packing',
  'plan_travel_mode',
  'narrow_time_window',
  'observed_by_video',
  'virtual_visits_not_on_step',
] as const;
