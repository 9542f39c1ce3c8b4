import { Encoder } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import {
  type DecodeResult,
  decodeDeviceFrame,
  decodeLiveClientFrame,
  decodeServerToDeviceFrame,
  encodeDeviceFrame,
  ErrorCode,
  FrameTooLargeError,
} from '../../src/index.js';
import { eventFrame } from './samples.js';

// A raw encoder: the tests build frames the typed encoders would not accept.
const raw = new Encoder();
const encodeRaw = (value: unknown) => raw.encode(value);
const bytes = (...values: number[]) => Uint8Array.from(values);

function codeOf(result: DecodeResult<unknown>): string {
  return result.ok ? 'ok' : result.code;
}

describe('device frames are rejected with the right code', () => {
  it('accepts a valid event frame from a Uint8Array and from an ArrayBuffer', () => {
    const encoded = encodeDeviceFrame(eventFrame);
    expect(decodeDeviceFrame(encoded)).toEqual({ ok: true, frame: eventFrame });
    const copy = encoded.slice().buffer;
    expect(decodeDeviceFrame(copy)).toEqual({ ok: true, frame: eventFrame });
  });

  it('frame_too_large above 16 KiB, before looking at the bytes', () => {
    expect(codeOf(decodeDeviceFrame(new Uint8Array(16 * 1024 + 1)))).toBe(ErrorCode.FrameTooLarge);
  });

  it('malformed_msgpack for garbage, truncation, reserved bytes, trailing bytes and empty input', () => {
    const encoded = encodeDeviceFrame(eventFrame);
    expect(codeOf(decodeDeviceFrame(encoded.subarray(0, encoded.length - 1)))).toBe(ErrorCode.MalformedMsgpack);
    expect(codeOf(decodeDeviceFrame(Uint8Array.from([...encoded, 0xc0])))).toBe(ErrorCode.MalformedMsgpack);
    expect(codeOf(decodeDeviceFrame(bytes(0xc1)))).toBe(ErrorCode.MalformedMsgpack);
    expect(codeOf(decodeDeviceFrame(bytes()))).toBe(ErrorCode.MalformedMsgpack);
    expect(codeOf(decodeDeviceFrame('not bytes' as unknown as Uint8Array))).toBe(ErrorCode.MalformedMsgpack);
  });

  it('extension_rejected for any ext type, the timestamp included', () => {
    const timestamp = bytes(0x81, 0xa1, 0x74, 0xd6, 0xff, 0, 0, 0, 1); // {t: Timestamp}
    expect(codeOf(decodeDeviceFrame(timestamp))).toBe(ErrorCode.ExtensionRejected);
    expect(codeOf(decodeDeviceFrame(bytes(0xc7, 0x00, 0x05)))).toBe(ErrorCode.ExtensionRejected); // ext8, empty
    expect(codeOf(decodeDeviceFrame(bytes(0xd4, 0x01, 0x00)))).toBe(ErrorCode.ExtensionRejected); // fixext1
  });

  it('limit_exceeded for long strings, arrays, maps and deep nesting', () => {
    expect(codeOf(decodeDeviceFrame(encodeRaw({ t: 'x'.repeat(1025) })))).toBe(ErrorCode.LimitExceeded);
    expect(codeOf(decodeDeviceFrame(encodeRaw({ t: 'batch', events: new Array(65).fill(0) })))).toBe(
      ErrorCode.LimitExceeded,
    );
    const wide = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 0]));
    expect(codeOf(decodeDeviceFrame(encodeRaw(wide)))).toBe(ErrorCode.LimitExceeded);
    let deep: unknown = 0;
    for (let i = 0; i < 9; i += 1) deep = [deep];
    expect(codeOf(decodeDeviceFrame(encodeRaw(deep)))).toBe(ErrorCode.LimitExceeded);
    expect(codeOf(decodeDeviceFrame(encodeRaw({ t: 'auth', mac: new Uint8Array(4097) })))).toBe(
      ErrorCode.LimitExceeded,
    );
  });

  it('schema_violation when the frame is not a map with a string `t`', () => {
    expect(codeOf(decodeDeviceFrame(encodeRaw([1, 2])))).toBe(ErrorCode.SchemaViolation);
    expect(codeOf(decodeDeviceFrame(encodeRaw(7)))).toBe(ErrorCode.SchemaViolation);
    expect(codeOf(decodeDeviceFrame(encodeRaw({ seq: 1 })))).toBe(ErrorCode.SchemaViolation);
    expect(codeOf(decodeDeviceFrame(encodeRaw({ t: 3 })))).toBe(ErrorCode.SchemaViolation);
  });

  it('unknown_frame_type for a `t` of another channel or of nobody (prototype names included)', () => {
    for (const t of ['ack', 'subscribe', 'toString', 'constructor', 'hasOwnProperty', '']) {
      expect(codeOf(decodeDeviceFrame(encodeRaw({ t })))).toBe(ErrorCode.UnknownFrameType);
    }
  });

  it('unsupported_version for an auth frame of another protocol version', () => {
    const auth = { t: 'auth', v: 2, deviceId: 'd1', deviceTime: 1, mac: new Uint8Array(32) };
    expect(codeOf(decodeDeviceFrame(encodeRaw(auth)))).toBe(ErrorCode.UnsupportedVersion);
    expect(codeOf(decodeDeviceFrame(encodeRaw({ ...auth, v: 1 })))).toBe('ok');
    expect(codeOf(decodeDeviceFrame(encodeRaw({ ...auth, v: '1' })))).toBe(ErrorCode.SchemaViolation);
  });

  it('rejects unknown keys at every level (new fields need a new protocol version)', () => {
    const top = { ...eventFrame, extra: 1 };
    const inner = { ...eventFrame, e: { ...eventFrame.e, extra: 1 } };
    expect(codeOf(decodeDeviceFrame(encodeRaw(top)))).toBe(ErrorCode.SchemaViolation);
    expect(codeOf(decodeDeviceFrame(encodeRaw(inner)))).toBe(ErrorCode.SchemaViolation);
    const result = decodeDeviceFrame(encodeRaw(top));
    expect(result.ok ? '' : result.message).toContain('extra');
  });

  it('rejects a non-string map key and the __proto__ key without touching prototypes', () => {
    // {1: 2}
    expect(codeOf(decodeDeviceFrame(bytes(0x81, 0x01, 0x02)))).toBe(ErrorCode.SchemaViolation);
    // {"t": "event", "__proto__": {"polluted": true}}
    const proto = bytes(
      0x82,
      0xa1,
      0x74,
      0xa5,
      ...new TextEncoder().encode('event'),
      0xa9,
      ...new TextEncoder().encode('__proto__'),
      0x81,
      0xa8,
      ...new TextEncoder().encode('polluted'),
      0xc3,
    );
    expect(codeOf(decodeDeviceFrame(proto))).toBe(ErrorCode.SchemaViolation);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('seq must be a safe integer ≥ 1', () => {
    const withSeq = (seq: unknown) => decodeDeviceFrame(encodeRaw({ ...eventFrame, seq }));
    expect(codeOf(withSeq(1))).toBe('ok');
    expect(codeOf(withSeq(Number.MAX_SAFE_INTEGER))).toBe('ok');
    for (const seq of [0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, 2 ** 64, '1', null]) {
      expect(codeOf(withSeq(seq))).toBe(ErrorCode.SchemaViolation);
    }
    // uint64 2^53 + 1 on the wire (cf 0020000000000001): must not be rounded into a valid seq.
    const encoded = encodeRaw({ ...eventFrame, seq: 0x7fffffff });
    const at = encoded.indexOf(0xce); // uint32 marker of the seq value
    const wire = Uint8Array.from([
      ...encoded.subarray(0, at),
      0xcf,
      0x00,
      0x20,
      0,
      0,
      0,
      0,
      0,
      1,
      ...encoded.subarray(at + 5),
    ]);
    expect(codeOf(decodeDeviceFrame(wire))).toBe(ErrorCode.SchemaViolation);
  });

  it('a batch holds 1 to 64 events', () => {
    const events = (n: number) => Array.from({ length: n }, (_, i) => ({ ...eventFrame, seq: i + 1 }));
    expect(codeOf(decodeDeviceFrame(encodeRaw({ t: 'batch', events: events(64) })))).toBe('ok');
    expect(codeOf(decodeDeviceFrame(encodeRaw({ t: 'batch', events: [] })))).toBe(ErrorCode.SchemaViolation);
  });

  it('roll_loaded carries at most 64 pouch labels', () => {
    const pouch = (i: number) => ({ pouchId: `P${i}`, citizenId: 'c1', slot: '2026-11-25T08:00', contents: [] });
    const roll = (n: number) => ({
      ...eventFrame,
      e: { kind: 'roll_loaded', rollId: 'r1', pouches: Array.from({ length: n }, (_, i) => pouch(i)) },
    });
    expect(codeOf(decodeDeviceFrame(encodeRaw(roll(64))))).toBe('ok');
    expect(codeOf(decodeDeviceFrame(encodeRaw(roll(65))))).toBe(ErrorCode.LimitExceeded);
  });
});

describe('other channels', () => {
  it('a live auth token may be a 4 KiB JWT, but not on the device channel', () => {
    const token = `${'a'.repeat(2000)}.${'b'.repeat(2000)}.${'c'.repeat(90)}`;
    expect(decodeLiveClientFrame(encodeRaw({ t: 'auth', v: 1, token })).ok).toBe(true);
    expect(codeOf(decodeDeviceFrame(encodeRaw({ t: 'auth', v: 1, deviceId: token })))).toBe(ErrorCode.LimitExceeded);
  });

  it('server→device frames are checked too (a device must not trust the server blindly)', () => {
    expect(codeOf(decodeServerToDeviceFrame(encodeRaw({ t: 'ack', upToSeq: 0, serverTime: 1 })))).toBe(
      ErrorCode.SchemaViolation,
    );
    expect(codeOf(decodeServerToDeviceFrame(encodeRaw({ t: 'event' })))).toBe(ErrorCode.UnknownFrameType);
  });

  it('encoding a frame above the channel limit throws FrameTooLargeError', () => {
    const events = Array.from({ length: 64 }, (_, i) => ({
      ...eventFrame,
      seq: i + 1,
      e: { kind: 'tamper' as const, detail: 'x'.repeat(256) },
    }));
    expect(() => encodeDeviceFrame({ t: 'batch', events })).toThrow(FrameTooLargeError);
  });
});
