import { z } from 'zod';
import { Alarm, AlarmCommand } from '../domain/alarm.js';
import { DeviceView } from '../domain/device.js';
import { Incident } from '../domain/incident.js';
import { StockUnitView } from '../stock/view.js';
import {
  AlarmPriority,
  AlarmState,
  AlarmType,
  CitizenId,
  DeviceId,
  EpochMs,
  Role,
  TeamId,
  UserId,
} from '../domain/vocabulary.js';
import { ErrorCodeSchema, ProtocolVersion } from './device-frames.js';
import { RequestId } from './ids.js';
import { ShortText } from './primitives.js';

/**
 * Live channel (`wss …/live`) between widgets and the server, protocol v1. Same rules as the device channel: one
 * msgpack map per frame, string `t`, strict maps. Payload items are the domain's own schemas (never copied here).
 */

export const LiveTopic = z.enum(['alarms', 'devices', 'stock', 'incidents', 'kpis']);
export type LiveTopic = z.infer<typeof LiveTopic>;

/** Narrows a subscription; every filter is optional and the server intersects it with the user's own teams. */
export const SubscribeFilters = z.strictObject({
  teamIds: z.array(TeamId).max(64).optional(),
  citizenId: CitizenId.optional(),
  deviceId: DeviceId.optional(),
  types: z.array(AlarmType).max(32).optional(),
  priorities: z.array(AlarmPriority).max(3).optional(),
  states: z.array(AlarmState).max(4).optional(),
});
export type SubscribeFilters = z.infer<typeof SubscribeFilters>;

// ---- widget → server ----

/** First frame (and again later to refresh the token without reconnecting): the host portal's access token (JWT). */
export const LiveAuthFrame = z.strictObject({
  t: z.literal('auth'),
  v: ProtocolVersion,
  /** A compact JWS (base64url parts joined by dots): ASCII only, so 4096 characters are 4096 bytes. */
  token: z
    .string()
    .min(1)
    .max(4096)
    .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]*)*$/),
});
export type LiveAuthFrame = z.infer<typeof LiveAuthFrame>;

/** `id` is chosen by the client and names the subscription in snapshots, deltas and unsubscribe. */
export const SubscribeFrame = z.strictObject({
  t: z.literal('subscribe'),
  id: RequestId,
  topic: LiveTopic,
  filters: SubscribeFilters.optional(),
});
export type SubscribeFrame = z.infer<typeof SubscribeFrame>;

export const UnsubscribeFrame = z.strictObject({ t: z.literal('unsubscribe'), id: RequestId });
export type UnsubscribeFrame = z.infer<typeof UnsubscribeFrame>;

/** An operator's action on an alarm; answered by a `result` with the same `id`. */
export const LiveCommandFrame = z.strictObject({ t: z.literal('command'), id: RequestId, command: AlarmCommand });
export type LiveCommandFrame = z.infer<typeof LiveCommandFrame>;

/** Keep-alive and clock check; answered by `pong`. */
export const PingFrame = z.strictObject({ t: z.literal('ping') });
export type PingFrame = z.infer<typeof PingFrame>;

export const LiveClientFrame = z.discriminatedUnion('t', [
  LiveAuthFrame,
  SubscribeFrame,
  UnsubscribeFrame,
  LiveCommandFrame,
  PingFrame,
]);
export type LiveClientFrame = z.infer<typeof LiveClientFrame>;
export type LiveClientFrameType = LiveClientFrame['t'];

// ---- server → widget ----

export const AuthOkFrame = z.strictObject({
  t: z.literal('auth_ok'),
  v: ProtocolVersion,
  user: UserId,
  role: Role,
  teams: z.array(TeamId).max(64),
  serverTime: EpochMs,
  /** When the token expires; send a new `auth` before then. */
  expiresAt: EpochMs.optional(),
});
export type AuthOkFrame = z.infer<typeof AuthOkFrame>;

/** One key performance figure (e.g. acknowledged within limit, per team). */
export const KpiValue = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/),
  teamId: TeamId.optional(),
  value: z.number(),
  unit: z.string().max(16).optional(),
  at: EpochMs,
});
export type KpiValue = z.infer<typeof KpiValue>;

/** The item key a delta removes: alarm id, device id, incident id, stock unit id or KPI name (per topic). */
export const LiveItemKey = z.string().min(1).max(64);

const MAX_ITEMS = 10_000;
const page = { page: z.number().int().min(0).max(100_000), more: z.boolean() };

/** A page of the current state for one subscription; `more: true` means further pages follow (page + 1). */
export const SnapshotFrame = z.discriminatedUnion('topic', [
  z.strictObject({
    t: z.literal('snapshot'),
    sub: RequestId,
    topic: z.literal('alarms'),
    items: z.array(Alarm).max(MAX_ITEMS),
    ...page,
  }),
  z.strictObject({
    t: z.literal('snapshot'),
    sub: RequestId,
    topic: z.literal('devices'),
    items: z.array(DeviceView).max(MAX_ITEMS),
    ...page,
  }),
  z.strictObject({
    t: z.literal('snapshot'),
    sub: RequestId,
    topic: z.literal('incidents'),
    items: z.array(Incident).max(MAX_ITEMS),
    ...page,
  }),
  z.strictObject({
    t: z.literal('snapshot'),
    sub: RequestId,
    topic: z.literal('stock'),
    items: z.array(StockUnitView).max(MAX_ITEMS),
    ...page,
  }),
  z.strictObject({
    t: z.literal('snapshot'),
    sub: RequestId,
    topic: z.literal('kpis'),
    items: z.array(KpiValue).max(MAX_ITEMS),
    ...page,
  }),
]);
export type SnapshotFrame = z.infer<typeof SnapshotFrame>;

/**
 * Changes on a topic. Encoded once per topic and fanned out, so `sub` is absent then; a delta for one subscription
 * only (e.g. after a filter change) carries its `sub`.
 */
const removed = z.array(LiveItemKey).max(MAX_ITEMS);
export const DeltaFrame = z.discriminatedUnion('topic', [
  z.strictObject({
    t: z.literal('delta'),
    sub: RequestId.optional(),
    topic: z.literal('alarms'),
    items: z.array(Alarm).max(MAX_ITEMS),
    removed,
  }),
  z.strictObject({
    t: z.literal('delta'),
    sub: RequestId.optional(),
    topic: z.literal('devices'),
    items: z.array(DeviceView).max(MAX_ITEMS),
    removed,
  }),
  z.strictObject({
    t: z.literal('delta'),
    sub: RequestId.optional(),
    topic: z.literal('incidents'),
    items: z.array(Incident).max(MAX_ITEMS),
    removed,
  }),
  z.strictObject({
    t: z.literal('delta'),
    sub: RequestId.optional(),
    topic: z.literal('stock'),
    items: z.array(StockUnitView).max(MAX_ITEMS),
    removed,
  }),
  z.strictObject({
    t: z.literal('delta'),
    sub: RequestId.optional(),
    topic: z.literal('kpis'),
    items: z.array(KpiValue).max(MAX_ITEMS),
    removed,
  }),
]);
export type DeltaFrame = z.infer<typeof DeltaFrame>;

/** The answer to a `command`. */
export const ResultFrame = z.strictObject({
  t: z.literal('result'),
  id: RequestId,
  ok: z.boolean(),
  code: ErrorCodeSchema.optional(),
  message: ShortText.optional(),
});
export type ResultFrame = z.infer<typeof ResultFrame>;

/** A rejected frame or subscription; `id` names the subscription or command it refers to. */
export const LiveErrorFrame = z.strictObject({
  t: z.literal('error'),
  code: ErrorCodeSchema,
  message: ShortText,
  id: RequestId.optional(),
});
export type LiveErrorFrame = z.infer<typeof LiveErrorFrame>;

export const PongFrame = z.strictObject({ t: z.literal('pong'), serverTime: EpochMs });
export type PongFrame = z.infer<typeof PongFrame>;

export const LiveServerFrame = z.union([
  AuthOkFrame,
  SnapshotFrame,
  DeltaFrame,
  ResultFrame,
  LiveErrorFrame,
  PongFrame,
]);
export type LiveServerFrame = z.infer<typeof LiveServerFrame>;
export type LiveServerFrameType = LiveServerFrame['t'];

export const LIVE_CLIENT_FRAME_SCHEMAS = {
  auth: LiveAuthFrame,
  subscribe: SubscribeFrame,
  unsubscribe: UnsubscribeFrame,
  command: LiveCommandFrame,
  ping: PingFrame,
} as const satisfies Record<LiveClientFrameType, z.ZodType>;

export const LIVE_SERVER_FRAME_SCHEMAS = {
  auth_ok: AuthOkFrame,
  snapshot: SnapshotFrame,
  delta: DeltaFrame,
  result: ResultFrame,
  error: LiveErrorFrame,
  pong: PongFrame,
} as const satisfies Record<LiveServerFrameType, z.ZodType>;
