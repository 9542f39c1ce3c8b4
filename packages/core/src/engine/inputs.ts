import { z } from 'zod';
import { AlarmCommand } from '../domain/alarm.js';
import { Citizen } from '../domain/citizen.js';
import { DeviceRecord } from '../domain/device.js';
import { Schedule } from '../domain/schedule.js';
import { Team } from '../domain/team.js';
import { Actor } from '../domain/actor.js';
import { CitizenId, DeviceId, EpochMs, Role, TeamId, UserId } from '../domain/vocabulary.js';
import { EventFrame, HelloFrame, StatusFrame } from '../protocol/device-frames.js';
import { RequestId } from '../protocol/ids.js';

/** A change from the registry (REST, schedule import, pairing). */
export const RegistryChange = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('team_upsert'), team: Team }),
  z.strictObject({ kind: z.literal('team_remove'), teamId: TeamId }),
  z.strictObject({ kind: z.literal('citizen_upsert'), citizen: Citizen }),
  z.strictObject({ kind: z.literal('citizen_remove'), citizenId: CitizenId }),
  z.strictObject({ kind: z.literal('device_upsert'), device: DeviceRecord }),
  z.strictObject({ kind: z.literal('device_remove'), deviceId: DeviceId }),
  /** Pair a device with a citizen, or unpair it (citizenId absent). */
  z.strictObject({ kind: z.literal('pairing'), deviceId: DeviceId, citizenId: CitizenId.optional() }),
  /** A new current schedule (FMK/EOJ import or manual edit). */
  z.strictObject({ kind: z.literal('schedule_upsert'), schedule: Schedule }),
  z.strictObject({ kind: z.literal('schedule_remove'), citizenId: CitizenId }),
]);
export type RegistryChange = z.infer<typeof RegistryChange>;

/** Who sends a widget command (the server has authenticated the token). */
export const CommandActor = z.strictObject({ userId: UserId, role: Role, teamIds: z.array(TeamId).max(1000) });
export type CommandActor = z.infer<typeof CommandActor>;

/**
 * Everything the engine reacts to. This is what the journal stores: replaying the journaled inputs, each with its
 * `now`, through a fresh engine reproduces the state exactly.
 */
export const EngineInput = z.discriminatedUnion('type', [
  /** A sequenced device event; `deviceId` is the authenticated device (the server checks `event.deviceId` matches). */
  z.strictObject({ type: z.literal('device_event'), deviceId: DeviceId, event: EventFrame, receivedAt: EpochMs }),
  /** A heartbeat. */
  z.strictObject({ type: z.literal('device_status'), deviceId: DeviceId, status: StatusFrame, receivedAt: EpochMs }),
  /** The device's socket opened (with its hello) or closed. */
  z.strictObject({
    type: z.literal('device_connection'),
    deviceId: DeviceId,
    connected: z.boolean(),
    hello: HelloFrame.optional(),
    receivedAt: EpochMs,
  }),
  z.strictObject({ type: z.literal('command'), actor: CommandActor, requestId: RequestId, command: AlarmCommand }),
  z.strictObject({ type: z.literal('registry'), change: RegistryChange, actor: Actor.optional() }),
  /** The clock: the server sends one at `nextDeadline()`. */
  z.strictObject({ type: z.literal('tick') }),
]);
export type EngineInput = z.infer<typeof EngineInput>;
