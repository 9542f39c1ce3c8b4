import { z } from 'zod';
import { DoseContents, EpochMs, PouchLabel, SlotKey } from '../domain/vocabulary.js';
import { CassetteId, PouchId } from './ids.js';
import { Count, Percent, ShortText } from './primitives.js';

/**
 * The normalised device events (DESIGN §4): what any of the four device types reports, in one vocabulary.
 * Each is a strict map discriminated by `kind`; unknown keys are rejected (new fields need a protocol version).
 */

const slotEvent = <K extends string>(kind: K) =>
  z.strictObject({ kind: z.literal(kind), slot: SlotKey, pouchId: PouchId.optional() });
const bareEvent = <K extends string>(kind: K) => z.strictObject({ kind: z.literal(kind) });

/** The dose of a slot is due now (the device beeps / reminds). */
export const DoseDueEvent = slotEvent('dose_due');
/** A pouch was released, or (MedimiSmart) a dose composed from cassettes with its `contents`. */
export const DispensedEvent = z.strictObject({
  kind: z.literal('dispensed'),
  slot: SlotKey,
  pouchId: PouchId.optional(),
  contents: DoseContents.optional(),
});
/** The released pouch/dose was removed from the device (taken). */
export const TakenEvent = slotEvent('taken');
/** FlexSmart: the citizen confirmed the intake in the app. */
export const ConfirmedEvent = slotEvent('confirmed');
/** FlexSmart: the reminder ran out without a confirmation, or the citizen answered "not taken". */
export const NotConfirmedEvent = slotEvent('not_confirmed');
/** The device's own window for the slot closed without an intake. */
export const MissedEvent = slotEvent('missed');
/** A pouch was released before its window (allowed only in travel mode). */
export const EarlyReleaseEvent = slotEvent('early_release');
/** The slot was skipped on purpose (e.g. by staff on the device). */
export const SkippedEvent = slotEvent('skipped');
/** Dispensing failed: a jam, an empty roll/cassette, or another fault. */
export const DispenseFailedEvent = z.strictObject({
  kind: z.literal('dispense_failed'),
  slot: SlotKey.optional(),
  reason: z.enum(['jam', 'empty', 'other']),
  cassetteId: CassetteId.optional(),
});
/** Few pouches left on the roll. */
export const RollLowEvent = z.strictObject({ kind: z.literal('roll_low'), remaining: Count });
export const RollEmptyEvent = bareEvent('roll_empty');
/** A roll was loaded; the device read every pouch label (≤ 64 per event). */
export const RollLoadedEvent = z.strictObject({
  kind: z.literal('roll_loaded'),
  rollId: z.string().min(1).max(64),
  pouches: z.array(PouchLabel).min(1).max(64),
});
export const CassetteLowEvent = z.strictObject({
  kind: z.literal('cassette_low'),
  cassetteId: CassetteId,
  remaining: Count,
});
export const CassetteEmptyEvent = z.strictObject({ kind: z.literal('cassette_empty'), cassetteId: CassetteId });
/** MedimiSmart: a cassette with one drug was (re)loaded with `units` units. */
export const CassetteLoadedEvent = z.strictObject({
  kind: z.literal('cassette_loaded'),
  cassetteId: CassetteId,
  drug: z.string().min(1).max(64),
  units: Count,
});
export const LidOpenedEvent = bareEvent('lid_opened');
/** Forced opening or another tamper signal; `detail` is the vendor's short description. */
export const TamperEvent = z.strictObject({ kind: z.literal('tamper'), detail: ShortText.optional() });
export const BatteryLowEvent = z.strictObject({ kind: z.literal('battery_low'), battery: Percent });
export const PowerLostEvent = bareEvent('power_lost');
export const PowerRestoredEvent = bareEvent('power_restored');
export const PausedEvent = bareEvent('paused');
/** Travel mode: early release allowed, dose alarms suppressed, optionally until an instant. */
export const TravelModeEvent = z.strictObject({ kind: z.literal('travel_mode'), until: EpochMs.optional() });
/** Back to active mode after `paused` or `travel_mode`. */
export const ResumedEvent = bareEvent('resumed');
export const HelpRequestedEvent = bareEvent('help_requested');
export const VideoRequestedEvent = bareEvent('video_requested');
export const VideoStartedEvent = z.strictObject({
  kind: z.literal('video_started'),
  callId: z.string().min(1).max(64).optional(),
});
/** Smila: what the e-Team observed during the call (observed intake). */
export const ObservedIntake = z.strictObject({
  slot: SlotKey,
  outcome: z.enum(['taken', 'not_taken', 'unclear']),
});
export type ObservedIntake = z.infer<typeof ObservedIntake>;
export const VideoEndedEvent = z.strictObject({
  kind: z.literal('video_ended'),
  callId: z.string().min(1).max(64).optional(),
  observed: ObservedIntake.optional(),
});

export const DeviceEvent = z.discriminatedUnion('kind', [
  DoseDueEvent,
  DispensedEvent,
  TakenEvent,
  ConfirmedEvent,
  NotConfirmedEvent,
  MissedEvent,
  EarlyReleaseEvent,
  SkippedEvent,
  DispenseFailedEvent,
  RollLowEvent,
  RollEmptyEvent,
  RollLoadedEvent,
  CassetteLowEvent,
  CassetteEmptyEvent,
  CassetteLoadedEvent,
  LidOpenedEvent,
  TamperEvent,
  BatteryLowEvent,
  PowerLostEvent,
  PowerRestoredEvent,
  PausedEvent,
  TravelModeEvent,
  ResumedEvent,
  HelpRequestedEvent,
  VideoRequestedEvent,
  VideoStartedEvent,
  VideoEndedEvent,
]);
export type DeviceEvent = z.infer<typeof DeviceEvent>;
export type DeviceEventKind = DeviceEvent['kind'];
/** The event of one kind, e.g. `DeviceEventOf<'roll_loaded'>`. */
export type DeviceEventOf<K extends DeviceEventKind> = Extract<DeviceEvent, { kind: K }>;

/** Every event kind, in the order above (docs and tests iterate it). */
export const DEVICE_EVENT_KINDS: readonly DeviceEventKind[] = DeviceEvent.options.map(
  (option) => option.shape.kind.value,
);
