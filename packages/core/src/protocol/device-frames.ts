import { z } from 'zod';
import { ErrorCode, PROTOCOL_VERSION } from './codes.js';
import { DeviceId, DeviceMode, DeviceType, DoseContents, EpochMs, SlotKey } from '../domain/vocabulary.js';
import { DeviceEvent } from './device-events.js';
import { CassetteId, PouchId, RequestId, Seq } from './ids.js';
import { Count, fixedBytes, Percent, ShortText, WindowMs } from './primitives.js';

/**
 * Device channel (`wss …/device`), protocol v1. Every frame is one MessagePack map with a string `t`.
 * Maps are strict: an unknown key is a schema violation, so a new field needs a new protocol version.
 */

export const ProtocolVersion = z.literal(PROTOCOL_VERSION);
/** A boot id: changes every time the device restarts (with `seq` it orders events across reboots). */
export const BootId = z.string().min(1).max(64);

/** What a device can do; the engine checks events and commands against it. */
export const DeviceCapability = z.enum([
  'remind', // beeps / notifies when a dose is due
  'confirm', // the citizen confirms intake (FlexSmart)
  'dispense', // releases pouches or composes doses
  'lock', // medicine locked away until due
  'roll', // loads the pharmacy's dose roll
  'label_reader', // reads pouch labels when a roll is loaded
  'cassettes', // per-drug cassettes (MedimiSmart)
  'video', // two-way video (Smila)
  'battery', // runs on battery when mains power is lost
]);
export type DeviceCapability = z.infer<typeof DeviceCapability>;

// ---- device → server ----

/** First frame: answers the server's challenge. mac = HMAC-SHA256(secret, nonce ‖ utf8(deviceId) ‖ u64be(deviceTime)). */
export const DeviceAuthFrame = z.strictObject({
  t: z.literal('auth'),
  v: ProtocolVersion,
  deviceId: DeviceId,
  deviceTime: EpochMs,
  mac: fixedBytes(32),
});
export type DeviceAuthFrame = z.infer<typeof DeviceAuthFrame>;

/** Second frame, after a successful auth: who the device is and what it can do. */
export const HelloFrame = z.strictObject({
  t: z.literal('hello'),
  deviceType: DeviceType,
  firmware: z.string().min(1).max(32),
  capabilities: z.array(DeviceCapability).max(16),
  bootId: BootId,
  deviceTime: EpochMs,
});
export type HelloFrame = z.infer<typeof HelloFrame>;

/** One cassette's fill level in a heartbeat. */
export const CassetteFill = z.strictObject({ cassetteId: CassetteId, remaining: Count });
export type CassetteFill = z.infer<typeof CassetteFill>;

/** Heartbeat (every 60 s by default): not sequenced, not acknowledged, not replayed. */
export const StatusFrame = z.strictObject({
  t: z.literal('status'),
  deviceTime: EpochMs,
  battery: Percent,
  power: z.enum(['mains', 'battery']),
  signal: Percent,
  mode: DeviceMode.optional(),
  rollRemaining: Count.optional(),
  cassettes: z.array(CassetteFill).max(16).optional(),
});
export type StatusFrame = z.infer<typeof StatusFrame>;

/** A sequenced, journaled, acknowledged device event. */
export const EventFrame = z.strictObject({
  t: z.literal('event'),
  deviceId: DeviceId,
  seq: Seq,
  deviceTime: EpochMs,
  bootId: BootId,
  e: DeviceEvent,
});
export type EventFrame = z.infer<typeof EventFrame>;

/** Buffered events replayed after an outage, oldest first (≤ 64 per frame, seq strictly increasing). */
export const BatchFrame = z.strictObject({
  t: z.literal('batch'),
  events: z.array(EventFrame).min(1).max(64),
});
export type BatchFrame = z.infer<typeof BatchFrame>;

export const DeviceFrame = z.discriminatedUnion('t', [
  DeviceAuthFrame,
  HelloFrame,
  StatusFrame,
  EventFrame,
  BatchFrame,
]);
export type DeviceFrame = z.infer<typeof DeviceFrame>;
export type DeviceFrameType = DeviceFrame['t'];

// ---- server → device ----

/** Sent when the socket opens; the device must answer with `auth` within 5 s. */
export const ChallengeFrame = z.strictObject({
  t: z.literal('challenge'),
  v: ProtocolVersion,
  nonce: fixedBytes(16),
  serverTime: EpochMs,
});
export type ChallengeFrame = z.infer<typeof ChallengeFrame>;

/** Cumulative: every event with seq ≤ upToSeq is durably journaled; the device may drop them from its buffer. */
export const AckFrame = z.strictObject({ t: z.literal('ack'), upToSeq: Seq, serverTime: EpochMs });
export type AckFrame = z.infer<typeof AckFrame>;

/** A gap: resend from `expectedSeq` on (everything after the last acknowledged event). */
export const ResyncFrame = z.strictObject({ t: z.literal('resync'), expectedSeq: Seq });
export type ResyncFrame = z.infer<typeof ResyncFrame>;

/** The error code enum as a schema (values of codes.ts). */
export const ErrorCodeSchema = z.enum(ErrorCode);

/** A rejected frame; `seq` names the event it refers to when there is one. */
export const DeviceErrorFrame = z.strictObject({
  t: z.literal('error'),
  code: ErrorCodeSchema,
  message: ShortText,
  seq: Seq.optional(),
});
export type DeviceErrorFrame = z.infer<typeof DeviceErrorFrame>;

/** One dose slot occurrence with its window and expected contents. */
export const ScheduleSlot = z.strictObject({
  slot: SlotKey,
  earlyMs: WindowMs,
  lateMs: WindowMs,
  contents: DoseContents,
});
export type ScheduleSlot = z.infer<typeof ScheduleSlot>;

/** The citizen's upcoming slots (replaces what the device had for the covered period). */
export const ScheduleFrame = z.strictObject({
  t: z.literal('schedule'),
  revision: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  slots: z.array(ScheduleSlot).max(64),
});
export type ScheduleFrame = z.infer<typeof ScheduleFrame>;

const command = <A extends string>(action: A) =>
  z.strictObject({ t: z.literal('command'), id: RequestId, action: z.literal(action) });

/** Commands to the device; each variant is a flat map discriminated by `action`. */
export const DeviceCommandFrame = z.union([
  command('pause'),
  command('resume'),
  command('lock'),
  command('unlock'),
  /** Invalidate these pouches (a schedule change after packing). */
  z.strictObject({
    t: z.literal('command'),
    id: RequestId,
    action: z.literal('invalidate_pouches'),
    pouchIds: z.array(PouchId).min(1).max(64),
  }),
  /** Invalidate every pouch whose slot lies in [fromSlot, toSlot]. */
  z.strictObject({
    t: z.literal('command'),
    id: RequestId,
    action: z.literal('invalidate_pouches'),
    fromSlot: SlotKey,
    toSlot: SlotKey,
  }),
  z.strictObject({
    t: z.literal('command'),
    id: RequestId,
    action: z.literal('start_video'),
    callId: z.string().min(1).max(64).optional(),
  }),
]);
export type DeviceCommandFrame = z.infer<typeof DeviceCommandFrame>;
export type DeviceCommandAction = DeviceCommandFrame['action'];

export const ServerToDeviceFrame = z.union([
  ChallengeFrame,
  AckFrame,
  ResyncFrame,
  DeviceErrorFrame,
  ScheduleFrame,
  DeviceCommandFrame,
]);
export type ServerToDeviceFrame = z.infer<typeof ServerToDeviceFrame>;
export type ServerToDeviceFrameType = ServerToDeviceFrame['t'];

/** Schemas by `t`, for one lookup per frame in the codec (and for docs tests). */
export const DEVICE_FRAME_SCHEMAS = {
  auth: DeviceAuthFrame,
  hello: HelloFrame,
  status: StatusFrame,
  event: EventFrame,
  batch: BatchFrame,
} as const satisfies Record<DeviceFrameType, z.ZodType>;

export const SERVER_TO_DEVICE_FRAME_SCHEMAS = {
  challenge: ChallengeFrame,
  ack: AckFrame,
  resync: ResyncFrame,
  error: DeviceErrorFrame,
  schedule: ScheduleFrame,
  command: DeviceCommandFrame,
} as const satisfies Record<ServerToDeviceFrameType, z.ZodType>;
