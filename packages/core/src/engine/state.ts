import { z } from 'zod';
import { Alarm } from '../domain/alarm.js';
import { Citizen } from '../domain/citizen.js';
import { DeviceRecord, PowerSource } from '../domain/device.js';
import { Incident } from '../domain/incident.js';
import { Schedule } from '../domain/schedule.js';
import { Team } from '../domain/team.js';
import { LocalDate } from '../domain/time-types.js';
import { CitizenId, DeviceMode, DoseContents, EpochMs, SlotKey } from '../domain/vocabulary.js';
import { EngineConfig } from './config.js';

/**
 * The engine's internal state, as zod schemas: the same objects are mutated in place at run time and written out
 * as plain JSON by `snapshot()` (validated again on restore).
 */

/** A pouch of the loaded roll, as read from its label. */
export const PouchState = z.strictObject({
  pouchId: z.string().min(1).max(64),
  citizenId: CitizenId,
  slot: SlotKey,
  contents: DoseContents,
  /** Invalidated (wrong citizen, wrong dose, schedule changed after packing): must not be taken. */
  invalid: z.boolean(),
  /** Released already. */
  used: z.boolean(),
});
export type PouchState = z.infer<typeof PouchState>;

export const CassetteState = z.strictObject({
  cassetteId: z.string().min(1).max(32),
  drug: z.string().min(1).max(64),
  remaining: z.number().int().min(0),
  low: z.boolean(),
  empty: z.boolean(),
});
export type CassetteState = z.infer<typeof CassetteState>;

export const DeviceState = z.strictObject({
  record: DeviceRecord,
  lastSeq: z.number().int().min(0),
  bootId: z.string().optional(),
  /** Sequence gaps since the last applied event. */
  gapCount: z.number().int().min(0),
  online: z.boolean(),
  connected: z.boolean(),
  lastContactAt: EpochMs.optional(),
  battery: z.number().int().min(0).max(100).optional(),
  power: PowerSource,
  signal: z.number().int().min(0).max(100).optional(),
  firmware: z.string().optional(),
  mode: DeviceMode,
  travelUntil: EpochMs.optional(),
  locked: z.boolean(),
  clockOffsetMs: z.number().int(),
  rollId: z.string().optional(),
  pouches: z.array(PouchState),
  pouchesLeft: z.number().int().min(0).optional(),
  cassettes: z.array(CassetteState),
  scheduleRevision: z.number().int().min(0),
  updatedAt: EpochMs,
});
export type DeviceState = z.infer<typeof DeviceState>;

export const DoseStatus = z.enum(['pending', 'dispensed', 'taken', 'missed', 'not_confirmed', 'skipped']);
export type DoseStatus = z.infer<typeof DoseStatus>;

/** One occurrence of a dose slot for a citizen. */
export const DoseState = z.strictObject({
  citizenId: CitizenId,
  slot: SlotKey,
  dueAt: EpochMs,
  windowStart: EpochMs,
  windowEnd: EpochMs,
  timeCritical: z.boolean(),
  contents: DoseContents,
  status: DoseStatus,
  /** Set when the device was silent at the end of the window: the missed-dose decision waits until then. */
  missedCheckAt: EpochMs.optional(),
  /** When the status last changed (corrected device time for intakes). */
  statusAt: EpochMs.optional(),
  /** How the intake is known: the device, the app's confirmation, or observed by video. */
  evidence: z.enum(['device', 'app', 'video']).optional(),
});
export type DoseState = z.infer<typeof DoseState>;

export const EngineSnapshot = z.strictObject({
  version: z.literal(1),
  config: EngineConfig,
  counters: z.strictObject({
    alarm: z.number().int().min(0),
    incident: z.number().int().min(0),
    command: z.number().int().min(0),
  }),
  /** Last local date whose dose occurrences are materialised. */
  materializedUntil: LocalDate.optional(),
  /** The next nightly tick (materialise, housekeeping). */
  dayTickAt: EpochMs.optional(),
  /** The instant of the last input that changed the state: queries right after a restore answer for that moment. */
  now: EpochMs.optional(),
  teams: z.array(Team),
  citizens: z.array(Citizen),
  schedules: z.array(Schedule),
  devices: z.array(DeviceState),
  doses: z.array(DoseState),
  alarms: z.array(Alarm),
  incidents: z.array(Incident),
});
export type EngineSnapshot = z.infer<typeof EngineSnapshot>;
