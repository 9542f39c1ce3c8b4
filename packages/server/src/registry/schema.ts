import {
  Citizen,
  CitizenId,
  DeviceId,
  DeviceRecord,
  EngineSnapshot,
  EpochMs,
  FollowUpRecord,
  Role,
  Schedule,
  Screening,
  StockUnit,
  Team,
  TeamId,
  TrainingRecord,
  UserId,
} from '@medtek/core';
import { z } from 'zod';

/** A user known to the registry (the token says who is calling; this is for assignment lists and admin views). */
export const RegistryUser = z.strictObject({
  userId: UserId,
  name: z.string().min(1).max(128),
  role: Role,
  teamIds: z.array(TeamId).max(256),
});
export type RegistryUser = z.infer<typeof RegistryUser>;

/**
 * Credential metadata of a device — never the secret. The secret is HMAC-SHA256(serverKey, deviceId), re-derivable
 * by the server and handed out once at provisioning; `serverKeyId` says which server key it came from.
 */
export const DeviceCredential = z.strictObject({
  provisionedAt: EpochMs,
  provisionedBy: UserId,
  /** First 8 bytes of SHA-256(server key), hex: tells after a key rotation which devices still need a new secret. */
  serverKeyId: z.string().regex(/^[0-9a-f]{16}$/),
  revokedAt: EpochMs.optional(),
});
export type DeviceCredential = z.infer<typeof DeviceCredential>;

export const RegisteredDevice = DeviceRecord.extend({ credential: DeviceCredential });
export type RegisteredDevice = z.infer<typeof RegisteredDevice>;

/** Derived engine state at a journal position: start-up loads it and replays the journal after `journalPosition`. */
export const StateSnapshot = z.strictObject({
  /** Position of the last journal record the snapshot includes. */
  journalPosition: z.number().int().min(0),
  takenAt: EpochMs,
  engine: EngineSnapshot,
});
export type StateSnapshot = z.infer<typeof StateSnapshot>;

/** The registry file (lowdb JSON). Keyed by id so humans can read and diff it. */
export const RegistryData = z.strictObject({
  version: z.literal(1),
  teams: z.record(TeamId, Team),
  users: z.record(UserId, RegistryUser),
  citizens: z.record(CitizenId, Citizen),
  devices: z.record(DeviceId, RegisteredDevice),
  /** Per citizen, ordered by validFrom. */
  schedules: z.record(CitizenId, z.array(Schedule)),
  screenings: z.record(z.string(), Screening),
  followUps: z.record(z.string(), FollowUpRecord),
  trainings: z.record(z.string(), TrainingRecord),
  stockUnits: z.record(z.string(), StockUnit),
  snapshot: StateSnapshot.optional(),
});
export type RegistryData = z.infer<typeof RegistryData>;

export function emptyRegistry(): RegistryData {
  return {
    version: 1,
    teams: {},
    users: {},
    citizens: {},
    devices: {},
    schedules: {},
    screenings: {},
    followUps: {},
    trainings: {},
    stockUnits: {},
  };
}
