import { Encoder } from '@msgpack/msgpack';
import type { z } from 'zod';
import { ErrorCode, PROTOCOL_VERSION } from './codes.js';
import {
  DEVICE_FRAME_SCHEMAS,
  type DeviceFrame,
  SERVER_TO_DEVICE_FRAME_SCHEMAS,
  type ServerToDeviceFrame,
} from './device-frames.js';
import {
  type ChannelLimits,
  DEVICE_TO_SERVER_LIMITS,
  LIVE_CLIENT_LIMITS,
  LIVE_SERVER_LIMITS,
  SERVER_TO_DEVICE_LIMITS,
} from './limits.js';
import {
  LIVE_CLIENT_FRAME_SCHEMAS,
  LIVE_SERVER_FRAME_SCHEMAS,
  type LiveClientFrame,
  type LiveServerFrame,
} from './live-frames.js';
import { acceptEventFrame, acceptStatusFrame } from './fast-accept.js';
import { decodeScannedMsgpack } from './msgpack-decode.js';
import { scanMsgpack } from './msgpack-scan.js';

/** The codes a decoder can answer with (a subset of the one code table). */
export type DecodeErrorCode =
  | typeof ErrorCode.FrameTooLarge
  | typeof ErrorCode.MalformedMsgpack
  | typeof ErrorCode.LimitExceeded
  | typeof ErrorCode.ExtensionRejected
  | typeof ErrorCode.UnknownFrameType
  | typeof ErrorCode.SchemaViolation
  | typeof ErrorCode.UnsupportedVersion;

export interface DecodeRejection {
  readonly ok: false;
  readonly code: DecodeErrorCode;
  /** For logs and the `error` frame: says what is wrong, never echoes the payload. */
  readonly message: string;
}
export type DecodeResult<F> = { readonly ok: true; readonly frame: F } | DecodeRejection;

/** Anything a WebSocket library hands over: uWS gives an ArrayBuffer, `ws` a Buffer (a Uint8Array). */
export type FrameBytes = Uint8Array | ArrayBuffer;

type SchemaTable = Readonly<Record<string, z.ZodType>>;
/** A sure-accept shortcut for a frame type (fast-accept.ts): the frame zod would return, or undefined to ask zod. */
type FastAccept = (value: Record<string, unknown>) => object | undefined;
type FastAcceptTable = Readonly<Record<string, FastAccept>>;

/** One direction of one channel: its limits and its schemas by `t` (with shortcuts for the hot frame types). */
class Channel<F> {
  constructor(
    readonly name: string,
    private readonly limits: ChannelLimits,
    private readonly schemas: SchemaTable,
    private readonly fastAccept: FastAcceptTable = {},
  ) {}

  decode(input: FrameBytes): DecodeResult<F> {
    let bytes: Uint8Array;
    if (input instanceof Uint8Array) bytes = input;
    else if (input instanceof ArrayBuffer) bytes = new Uint8Array(input);
    else return reject(ErrorCode.MalformedMsgpack, 'frame must be binary');

    if (bytes.length > this.limits.maxFrameBytes) {
      return reject(ErrorCode.FrameTooLarge, `frame of ${bytes.length} bytes (max ${this.limits.maxFrameBytes})`);
    }
    const refused = scanMsgpack(bytes, this.limits);
    if (refused !== undefined) return { ok: false, code: refused.code, message: refused.message };

    // Only scanned bytes reach the decoder, so every allocation is bounded by the channel's limits.
    let value: unknown;
    try {
      value = decodeScannedMsgpack(bytes);
    } catch (error) {
      // Unreachable for bytes that passed the scan, but the codec must never throw.
      return reject(ErrorCode.MalformedMsgpack, `malformed msgpack: ${(error as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) {
      return reject(ErrorCode.SchemaViolation, 'a frame must be a msgpack map');
    }
    const record = value as Record<string, unknown>;
    const type = record.t;
    if (typeof type !== 'string') return reject(ErrorCode.SchemaViolation, 'a frame needs a string `t`');
    const schema = Object.hasOwn(this.schemas, type) ? this.schemas[type] : undefined;
    if (schema === undefined) {
      return reject(
        ErrorCode.UnknownFrameType,
        `unknown frame type for ${this.name}: ${JSON.stringify(type.slice(0, 32))}`,
      );
    }
    if (Object.hasOwn(record, 'v') && typeof record.v === 'number' && record.v !== PROTOCOL_VERSION) {
      return reject(ErrorCode.UnsupportedVersion, `protocol version ${record.v} (supported: ${PROTOCOL_VERSION})`);
    }
    const fast = Object.hasOwn(this.fastAccept, type) ? this.fastAccept[type]!(record) : undefined;
    if (fast !== undefined) return { ok: true, frame: fast as F };
    const parsed = schema.safeParse(value);
    if (!parsed.success) return reject(ErrorCode.SchemaViolation, describeIssue(type, parsed.error.issues));
    return { ok: true, frame: parsed.data as F };
  }
}

function reject(code: DecodeErrorCode, message: string): DecodeRejection {
  return { ok: false, code, message };
}

function describeIssue(type: string, issues: readonly z.core.$ZodIssue[]): string {
  const first = issues[0];
  if (first === undefined) return `invalid \`${type}\` frame`;
  const path = first.path.map(String).join('.');
  const keys = first.code === 'unrecognized_keys' ? `: ${first.keys.slice(0, 4).join(', ')}` : '';
  return `invalid \`${type}\` frame at ${path === '' ? '(root)' : path}: ${first.message}${keys}`.slice(0, 256);
}

const deviceToServer = new Channel<DeviceFrame>('device→server', DEVICE_TO_SERVER_LIMITS, DEVICE_FRAME_SCHEMAS, {
  event: acceptEventFrame,
  status: acceptStatusFrame,
});
const serverToDevice = new Channel<ServerToDeviceFrame>(
  'server→device',
  SERVER_TO_DEVICE_LIMITS,
  SERVER_TO_DEVICE_FRAME_SCHEMAS,
);
const liveClient = new Channel<LiveClientFrame>('widget→server', LIVE_CLIENT_LIMITS, LIVE_CLIENT_FRAME_SCHEMAS);
const liveServer = new Channel<LiveServerFrame>('server→widget', LIVE_SERVER_LIMITS, LIVE_SERVER_FRAME_SCHEMAS);

/** Device → server (`/device`). Never throws. `bin` fields (mac) are views into `bytes`: copy them to keep them. */
export function decodeDeviceFrame(bytes: FrameBytes): DecodeResult<DeviceFrame> {
  return deviceToServer.decode(bytes);
}
/** Server → device (what a device, or the simulator, receives). Never throws. */
export function decodeServerToDeviceFrame(bytes: FrameBytes): DecodeResult<ServerToDeviceFrame> {
  return serverToDevice.decode(bytes);
}
/** Widget → server (`/live`). Never throws. */
export function decodeLiveClientFrame(bytes: FrameBytes): DecodeResult<LiveClientFrame> {
  return liveClient.decode(bytes);
}
/** Server → widget (`/live`). Never throws. */
export function decodeLiveServerFrame(bytes: FrameBytes): DecodeResult<LiveServerFrame> {
  return liveServer.decode(bytes);
}

// One encoder, reused: encode() copies its result out of the shared buffer, so results stay valid.
// ignoreUndefined: an optional field set to `undefined` is left out rather than sent as nil (which the schema rejects).
const encoder = new Encoder({ ignoreUndefined: true });

/**
 * Thrown by an encode function when the frame exceeds the channel's frame limit: the peer would reject it, so this
 * is a bug in the caller (e.g. a snapshot page that should have been smaller), not a runtime condition to ignore.
 */
export class FrameTooLargeError extends RangeError {
  constructor(
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(`encoded frame of ${bytes} bytes exceeds the limit of ${maxBytes}`);
    this.name = 'FrameTooLargeError';
  }
}

function encodeWithin(frame: object, limits: ChannelLimits): Uint8Array {
  const bytes = encoder.encode(frame);
  if (bytes.length > limits.maxFrameBytes) throw new FrameTooLargeError(bytes.length, limits.maxFrameBytes);
  return bytes;
}

/**
 * Encoders do not re-validate (the types do that at compile time, and the server encodes hot paths); a value that
 * breaks a schema range would be rejected by the peer's decoder. Each throws FrameTooLargeError above the limit.
 */
export function encodeDeviceFrame(frame: DeviceFrame): Uint8Array {
  return encodeWithin(frame, DEVICE_TO_SERVER_LIMITS);
}
export function encodeServerToDeviceFrame(frame: ServerToDeviceFrame): Uint8Array {
  return encodeWithin(frame, SERVER_TO_DEVICE_LIMITS);
}
export function encodeLiveClientFrame(frame: LiveClientFrame): Uint8Array {
  return encodeWithin(frame, LIVE_CLIENT_LIMITS);
}
export function encodeLiveServerFrame(frame: LiveServerFrame): Uint8Array {
  return encodeWithin(frame, LIVE_SERVER_LIMITS);
}
