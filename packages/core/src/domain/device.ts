import { z } from 'zod';
import { CitizenId, DeviceId, DeviceMode, DeviceType, EpochMs, SlotKey, TeamId } from './vocabulary.js';

/** What each device type can do; the engine's verification depends on it. */
export const DEVICE_CAPABILITIES = {
  /** App: reminds and asks for a confirmation; no lock, no dispensing, no roll. */
  flexsmart: { dispenses: false, roll: false, cassettes: false, lock: false, video: false },
  /** Dose-roll dispenser. */
  medido: { dispenses: true, roll: true, cassettes: false, lock: true, video: false },
  /** Dose-pouch dispenser with two-way video (observed intake). */
  smila: { dispenses: true, roll: true, cassettes: false, lock: true, video: true },
  /** Locked robot composing each dose from per-drug cassettes. */
  medimi: { dispenses: true, roll: false, cassettes: true, lock: true, video: false },
} as const satisfies Record<DeviceType, Record<string, boolean>>;

/** A device as the registry knows it (paired citizen, owning team, heartbeat interval override). */
export const DeviceRecord = z.strictObject({
  deviceId: DeviceId,
  type: DeviceType,
  teamId: TeamId,
  citizenId: CitizenId.optional(),
  /** Expected heartbeat (status frame) interval; defaults to the engine's configured interval. */
  heartbeatIntervalMs: z.number().int().min(1000).max(86_400_000).optional(),
});
export type DeviceRecord = z.infer<typeof DeviceRecord>;

/** One MedimiSmart cassette's fill. The drug name sits only inside `medication` (hidden from technicians). */
export const CassetteView = z.strictObject({
  cassetteId: z.string().min(1).max(32),
  /** Units left in the cassette. */
  remaining: z.number().int().min(0).max(10_000),
  medication: z.strictObject({ drug: z.string().min(1).max(64) }).optional(),
});
export type CassetteView = z.infer<typeof CassetteView>;

export const DeviceFill = z.strictObject({
  /** Dose-roll devices: pouches left on the loaded roll. */
  pouchesLeft: z.number().int().min(0).max(10_000).optional(),
  /** MedimiSmart: per-cassette units left. */
  cassettes: z.array(CassetteView).max(32).optional(),
});
export type DeviceFill = z.infer<typeof DeviceFill>;

export const PowerSource = z.enum(['mains', 'battery', 'unknown']);
export type PowerSource = z.infer<typeof PowerSource>;

/** The live view of one device (topic `devices`). Contains no medication outside the `medication` parts. */
export const DeviceView = z.strictObject({
  deviceId: DeviceId,
  type: DeviceType,
  citizenId: CitizenId.optional(),
  teamId: TeamId,
  /** False after 1.5 heartbeat intervals without any frame; true again on the next frame. */
  online: z.boolean(),
  /** A socket is open right now (the gateway says so); `online` is about frames, not sockets. */
  connected: z.boolean(),
  lastContactAt: EpochMs.optional(),
  /** Battery percent, when the device has reported one. */
  battery: z.number().int().min(0).max(100).optional(),
  power: PowerSource,
  /** Signal strength percent, when reported. */
  signal: z.number().int().min(0).max(100).optional(),
  fill: DeviceFill,
  mode: DeviceMode,
  /** True while the device is locked by the server (wrong citizen, invalidated pouches). */
  locked: z.boolean(),
  nextDose: z.strictObject({ slot: SlotKey, dueAt: EpochMs }).optional(),
  /** Device clock minus server clock, ms (last measured). Dose times are judged on corrected device time. */
  clockOffsetMs: z.number().int(),
  firmware: z.string().max(64).optional(),
  /** Last applied event sequence number (0 before the first). */
  lastSeq: z.number().int().min(0),
  updatedAt: EpochMs,
});
export type DeviceView = z.infer<typeof DeviceView>;
