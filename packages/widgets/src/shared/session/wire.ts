import { Decoder, Encoder } from '@msgpack/msgpack';
import { ErrorCode, LIVE_CLIENT_LIMITS, LIVE_SERVER_LIMITS, scanMsgpack } from '@medtek/core';
import type { LiveClientFrame, LiveServerFrame } from '@medtek/core';

/**
 * The widgets' side of the live codec. Server frames get the protocol's structural checks (size, every length
 * within LIVE_SERVER_LIMITS before allocation, no extensions, a map with a string `t`) but not the zod schema
 * validation of `decodeLiveServerFrame`: the server is trusted (it validated what it sent), and bundling zod plus
 * every domain schema would cost about 28 KB gzipped, half the whole widget budget. See the README for the figures.
 */
const decoder = new Decoder({
  maxStrLength: LIVE_SERVER_LIMITS.maxStrBytes,
  maxBinLength: LIVE_SERVER_LIMITS.maxBinBytes,
  maxArrayLength: LIVE_SERVER_LIMITS.maxArrayLength,
  maxMapLength: LIVE_SERVER_LIMITS.maxMapSize,
  maxExtLength: 0,
});
const encoder = new Encoder({ ignoreUndefined: true });

const SERVER_FRAME_TYPES: ReadonlySet<string> = new Set(['auth_ok', 'snapshot', 'delta', 'result', 'error', 'pong']);

export type WireResult = { ok: true; frame: LiveServerFrame } | { ok: false; code: ErrorCode; message: string };

export function decodeServerFrame(bytes: Uint8Array): WireResult {
  if (bytes.length > LIVE_SERVER_LIMITS.maxFrameBytes) {
    return { ok: false, code: ErrorCode.FrameTooLarge, message: `frame of ${bytes.length} bytes` };
  }
  const refused = scanMsgpack(bytes, LIVE_SERVER_LIMITS);
  if (refused !== undefined) return { ok: false, code: refused.code, message: refused.message };
  let value: unknown;
  try {
    value = decoder.decode(bytes);
  } catch (error) {
    return { ok: false, code: ErrorCode.MalformedMsgpack, message: (error as Error).message };
  }
  const type = typeof value === 'object' && value !== null ? (value as { t?: unknown }).t : undefined;
  if (typeof type !== 'string' || !SERVER_FRAME_TYPES.has(type)) {
    return { ok: false, code: ErrorCode.UnknownFrameType, message: `unknown frame type ${String(type)}` };
  }
  return { ok: true, frame: value as LiveServerFrame };
}

/** Client frames are small and typed at compile time; the server validates them with the full schemas. */
export function encodeClientFrame(frame: LiveClientFrame): Uint8Array {
  const bytes = encoder.encode(frame);
  if (bytes.length > LIVE_CLIENT_LIMITS.maxFrameBytes) throw new RangeError(`live frame of ${bytes.length} bytes`);
  return bytes;
}

/** Encodes a server frame the same way the server does (tests feed these through `LiveSession.receive`). */
export function encodeServerFrame(frame: LiveServerFrame): Uint8Array {
  return encoder.encode(frame);
}
