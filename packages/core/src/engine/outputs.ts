import { z } from 'zod';
import { Alarm } from '../domain/alarm.js';
import { AuditEntry } from '../domain/audit.js';
import { DeviceView } from '../domain/device.js';
import { Incident } from '../domain/incident.js';
import { DeviceId } from '../domain/vocabulary.js';
import { ErrorCodeSchema, ServerToDeviceFrame } from '../protocol/device-frames.js';
import { RequestId, Seq } from '../protocol/ids.js';

/** What one engine step produced. Objects are fresh copies: the receiver may keep or encode them. */
export const EngineOutput = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('alarm_changed'), alarm: Alarm }),
  z.strictObject({ type: z.literal('device_changed'), device: DeviceView }),
  z.strictObject({ type: z.literal('incident_changed'), incident: Incident }),
  /** A frame the server must send to the device (command or schedule). */
  z.strictObject({ type: z.literal('to_device'), deviceId: DeviceId, frame: ServerToDeviceFrame }),
  z.strictObject({ type: z.literal('audit'), entry: AuditEntry }),
  z.strictObject({
    type: z.literal('command_result'),
    requestId: RequestId,
    ok: z.boolean(),
    code: ErrorCodeSchema.optional(),
    message: z.string().optional(),
  }),
  /** applied: the event took effect; duplicate: seq already applied (ack again); gap: resend from expectedSeq. */
  z.strictObject({
    type: z.literal('event_result'),
    deviceId: DeviceId,
    seq: Seq,
    status: z.enum(['applied', 'duplicate', 'gap']),
    expectedSeq: Seq.optional(),
  }),
]);
export type EngineOutput = z.infer<typeof EngineOutput>;

export interface EngineResult {
  outputs: EngineOutput[];
  /** False when the input changed nothing (a duplicate event, an idle tick): the server need not journal it. */
  journal: boolean;
}
