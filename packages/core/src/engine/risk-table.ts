import type { AlarmPriority, AlarmType } from '../domain/vocabulary.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export type AlarmReceiver = 'e-team' | 'coordinator' | 'local team' | 'technical service';

/** One row of the risk table: documented in docs/alarms.md (a test keeps the two in step). */
export interface RiskRow {
  priority: AlarmPriority;
  /** Priority when the dose slot is marked time-critical (dose alarms only). */
  timeCriticalPriority?: AlarmPriority;
  /** Acknowledge within this, else the alarm escalates. */
  responseLimitMs: number;
  receiver: AlarmReceiver;
  /** Raised against the citizen (dose safety) or the device (technical). */
  subject: 'citizen' | 'device';
  /** Suppressed while the device is paused or in travel mode. */
  suppressible: boolean;
  reason: string;
}

/** The ONE risk table: priority, response limit, receiver and reason per alarm type. */
export const RISK_TABLE: Readonly<Record<AlarmType, RiskRow>> = {
  missed_dose: {
    priority: 'medium',
    timeCriticalPriority: 'high',
    responseLimitMs: 30 * MINUTE,
    receiver: 'e-team',
    subject: 'citizen',
    suppressible: true,
    reason: 'A dose was not taken by the end of its window; the citizen may need a call or a visit.',
  },
  double_dose_attempt: {
    priority: 'high',
    responseLimitMs: 5 * MINUTE,
    receiver: 'e-team',
    subject: 'citizen',
    suppressible: false,
    reason: 'A second intake of the same slot risks an overdose; immediate contact is needed.',
  },
  wrong_citizen: {
    priority: 'high',
    responseLimitMs: 10 * MINUTE,
    receiver: 'e-team',
    subject: 'citizen',
    suppressible: false,
    reason: "Another citizen's medicine is loaded; the device is locked until the roll is replaced.",
  },
  wrong_dose: {
    priority: 'high',
    responseLimitMs: 10 * MINUTE,
    receiver: 'e-team',
    subject: 'citizen',
    suppressible: false,
    reason: 'Pouch or composed dose differs from the current schedule: a wrong drug or amount may be taken.',
  },
  outside_window: {
    priority: 'medium',
    timeCriticalPriority: 'high',
    responseLimitMs: 30 * MINUTE,
    receiver: 'e-team',
    subject: 'citizen',
    suppressible: true,
    reason: 'A dose was released or taken outside its window; spacing to the next dose may be unsafe.',
  },
  not_confirmed: {
    priority: 'medium',
    timeCriticalPriority: 'high',
    responseLimitMs: 30 * MINUTE,
    receiver: 'e-team',
    subject: 'citizen',
    suppressible: true,
    reason: 'The app got no confirmation (FlexSmart cannot see the intake); a call settles it.',
  },
  schedule_changed_after_packing: {
    priority: 'high',
    responseLimitMs: 60 * MINUTE,
    receiver: 'coordinator',
    subject: 'citizen',
    suppressible: false,
    reason:
      'The prescription changed after the roll was packed; affected pouches are invalidated and the device paused until they are replaced.',
  },
  dispense_failed: {
    priority: 'high',
    responseLimitMs: 15 * MINUTE,
    receiver: 'e-team',
    subject: 'citizen',
    suppressible: false,
    reason: 'The device could not release a due dose (jam, empty); the citizen gets no medicine without help.',
  },
  roll_low: {
    priority: 'low',
    responseLimitMs: 24 * HOUR,
    receiver: 'local team',
    subject: 'device',
    suppressible: false,
    reason: 'Few pouches left; the next roll must be loaded in time.',
  },
  roll_empty: {
    priority: 'medium',
    responseLimitMs: 2 * HOUR,
    receiver: 'local team',
    subject: 'device',
    suppressible: false,
    reason: 'No pouches left: the next dose cannot be given by the device.',
  },
  cassette_low: {
    priority: 'low',
    responseLimitMs: 24 * HOUR,
    receiver: 'local team',
    subject: 'device',
    suppressible: false,
    reason: 'A drug cassette is running low; it must be refilled in time.',
  },
  cassette_empty: {
    priority: 'medium',
    responseLimitMs: 2 * HOUR,
    receiver: 'local team',
    subject: 'device',
    suppressible: false,
    reason: 'A drug cassette is empty: composed doses would lack that drug.',
  },
  device_offline: {
    priority: 'medium',
    responseLimitMs: 30 * MINUTE,
    receiver: 'e-team',
    subject: 'device',
    suppressible: false,
    reason: 'Absence of data: the platform cannot see doses or faults of a silent device (silent-failure risk).',
  },
  battery_low: {
    priority: 'low',
    responseLimitMs: 24 * HOUR,
    receiver: 'technical service',
    subject: 'device',
    suppressible: false,
    reason: 'The device will stop when the battery runs out; plan a change.',
  },
  power_lost: {
    priority: 'medium',
    responseLimitMs: 60 * MINUTE,
    receiver: 'e-team',
    subject: 'device',
    suppressible: false,
    reason: 'Mains power lost: the device runs on battery and the mobile network may fail within hours.',
  },
  tamper: {
    priority: 'medium',
    responseLimitMs: 30 * MINUTE,
    receiver: 'e-team',
    subject: 'device',
    suppressible: false,
    reason: 'Forced opening or tampering: medicine may be reachable outside its window.',
  },
  help_requested: {
    priority: 'medium',
    responseLimitMs: 15 * MINUTE,
    receiver: 'e-team',
    subject: 'citizen',
    suppressible: false,
    reason: 'The citizen pressed help; someone must answer.',
  },
  clock_skew: {
    priority: 'low',
    responseLimitMs: 4 * HOUR,
    receiver: 'technical service',
    subject: 'device',
    suppressible: false,
    reason:
      "The device clock is off by more than the limit; doses are judged on corrected time, but the device's own reminders may be late.",
  },
  device_fault: {
    priority: 'medium',
    responseLimitMs: 2 * HOUR,
    receiver: 'technical service',
    subject: 'device',
    suppressible: false,
    reason: 'The device misbehaves (repeated sequence gaps): events may be lost.',
  },
};
