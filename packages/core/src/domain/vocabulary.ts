import { z } from 'zod';

/**
 * The shared vocabulary of Medtek: identifiers and closed sets that the protocol, the engine, the server and the
 * widgets all use. Each is a zod schema; its TypeScript type is inferred from it, never written twice.
 */

/** Opaque identifiers: short, printable, safe in topics, file names and logs. Never a CPR number. */
const idPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
export const DeviceId = z.string().regex(idPattern);
export type DeviceId = z.infer<typeof DeviceId>;
/** Pseudonymous citizen id (the CPR number lives only where a schedule source needs it). */
export const CitizenId = z.string().regex(idPattern);
export type CitizenId = z.infer<typeof CitizenId>;
export const TeamId = z.string().regex(idPattern);
export type TeamId = z.infer<typeof TeamId>;
export const UserId = z.string().regex(idPattern);
export type UserId = z.infer<typeof UserId>;
export const AlarmId = z.string().regex(idPattern);
export type AlarmId = z.infer<typeof AlarmId>;

/**
 * A dose slot occurrence: the local (Europe/Copenhagen) date and wall-clock time of the dose, e.g. `2026-11-25T08:00`.
 * On a fall-back day the first 02:30 is meant; on a spring-forward day a slot in the skipped hour is due one hour
 * later in wall-clock terms (the engine resolves it to the instant).
 */
export const SlotKey = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
export type SlotKey = z.infer<typeof SlotKey>;

/** Milliseconds since the Unix epoch (UTC), a safe integer. */
export const EpochMs = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export type EpochMs = z.infer<typeof EpochMs>;

/** The four device types on the staircase. */
export const DeviceType = z.enum(['flexsmart', 'medido', 'smila', 'medimi']);
export type DeviceType = z.infer<typeof DeviceType>;

/** Staircase ("indsatstrappe") steps, least intrusive first. */
export const StaircaseStep = z.union([
  z.literal(0), // self-reliant
  z.literal(1), // FlexSmart App
  z.literal(2), // MedidoClock
  z.literal(3), // Smila
  z.literal(4), // MedimiSmart
  z.literal(5), // physical visit
]);
export type StaircaseStep = z.infer<typeof StaircaseStep>;

export const Role = z.enum(['staff', 'technician', 'coordinator', 'superuser', 'administrator']);
export type Role = z.infer<typeof Role>;

/** IEC 60601-1-8 priorities; the risk table in docs/alarms.md maps alarm types to them. */
export const AlarmPriority = z.enum(['high', 'medium', 'low']);
export type AlarmPriority = z.infer<typeof AlarmPriority>;

/**
 * ISA-18.2 states, derived from two independent facts (acknowledged, cleared):
 * unack_active (neither), ack_active (acknowledged), cleared_unack (cleared), closed (both).
 */
export const AlarmState = z.enum(['unack_active', 'ack_active', 'cleared_unack', 'closed']);
export type AlarmState = z.infer<typeof AlarmState>;

export const AlarmType = z.enum([
  'missed_dose',
  'double_dose_attempt',
  'wrong_citizen',
  'wrong_dose',
  'outside_window',
  'not_confirmed',
  'schedule_changed_after_packing',
  'dispense_failed',
  'roll_low',
  'roll_empty',
  'cassette_low',
  'cassette_empty',
  'device_offline',
  'battery_low',
  'power_lost',
  'tamper',
  'help_requested',
  'clock_skew',
  'device_fault',
]);
export type AlarmType = z.infer<typeof AlarmType>;

export const AlarmOutcome = z.enum([
  'dose_taken',
  'dose_given_by_staff',
  'dose_omitted',
  'device_fixed',
  'visit_made',
  'false_alarm',
  'adverse_event',
  'other',
]);
export type AlarmOutcome = z.infer<typeof AlarmOutcome>;

/** Stock unit lifecycle. */
export const StockState = z.enum(['in_stock', 'reserved', 'installed', 'collected', 'cleaning', 'repair', 'scrapped']);
export type StockState = z.infer<typeof StockState>;

/** Service mode of a device: dose alarms are suppressed while paused or travelling. */
export const DeviceMode = z.enum(['active', 'paused', 'travel']);
export type DeviceMode = z.infer<typeof DeviceMode>;

/** A drug in a dose: its name (as printed on the pouch / FMK drug name) and the number of units. */
export const DoseItem = z.strictObject({
  drug: z.string().min(1).max(64),
  amount: z.number().positive().max(100),
});
export type DoseItem = z.infer<typeof DoseItem>;

/** The contents of one dose (a pouch, or a dose composed from cassettes). Medication data: never shown to technicians. */
export const DoseContents = z.array(DoseItem).max(16);
export type DoseContents = z.infer<typeof DoseContents>;

/** What a pharmacy prints on a pouch, as read by a dispenser when a roll is loaded. */
export const PouchLabel = z.strictObject({
  pouchId: z.string().min(1).max(64),
  citizenId: CitizenId,
  slot: SlotKey,
  contents: DoseContents,
});
export type PouchLabel = z.infer<typeof PouchLabel>;
