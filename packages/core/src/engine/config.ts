import { z } from 'zod';
import { MAX_SHELVE_MS } from '../domain/alarm.js';

const MINUTE = 60_000;

/** Engine tuning. Every field has a documented default (docs/alarms.md); the server reads overrides from its config. */
export const EngineConfig = z.strictObject({
  /** Expected heartbeat (status frame) interval; a device is offline after `offlineAfterIntervals` of silence. */
  heartbeatIntervalMs: z.number().int().min(1000).default(60_000),
  offlineAfterIntervals: z.number().min(1).max(10).default(1.5),
  /** While a device is silent at the end of a dose window, the missed-dose decision waits this long for a replay. */
  missedDoseGraceMs: z
    .number()
    .int()
    .min(0)
    .default(15 * MINUTE),
  /** |device clock − server clock| above this raises clock_skew. */
  clockSkewLimitMs: z
    .number()
    .int()
    .min(1000)
    .default(5 * MINUTE),
  /** Battery percent at or above which an open battery_low alarm clears (hysteresis above the device's own threshold). */
  batteryRecoveredPercent: z.number().int().min(1).max(100).default(30),
  /** Sequence gaps in a row (without an applied event between) that raise device_fault. */
  gapFaultThreshold: z.number().int().min(1).default(3),
  /** Mass offline: this many offline alarms of one team within the window open an incident… */
  massOfflineMinDevices: z.number().int().min(2).default(3),
  /** …or this fraction of the team's devices (at least 2), whichever is lower. */
  massOfflineMinFraction: z.number().min(0).max(1).default(0.2),
  massOfflineWindowMs: z
    .number()
    .int()
    .min(1000)
    .default(5 * MINUTE),
  /** Automatic escalation stops at this level. */
  maxEscalationLevel: z.number().int().min(0).max(100).default(3),
  /** Upper bound for shelving. */
  maxShelveMs: z.number().int().min(1).max(MAX_SHELVE_MS).default(MAX_SHELVE_MS),
  /** Closed alarms and settled doses older than this are dropped from memory at the nightly housekeeping. */
  retentionMs: z
    .number()
    .int()
    .min(MINUTE)
    .default(7 * 24 * 60 * MINUTE),
  /** Dose occurrences are materialised for today and this many following days. */
  scheduleHorizonDays: z.number().int().min(1).max(14).default(2),
});
export type EngineConfig = z.infer<typeof EngineConfig>;
export type EngineConfigInput = z.input<typeof EngineConfig>;
