import { Decoder, Encoder } from '@msgpack/msgpack';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeDeviceFrame,
  DEVICE_TO_SERVER_LIMITS,
  encodeDeviceFrame,
  EventFrame,
  LIVE_SERVER_LIMITS,
  StatusFrame,
} from '../../src/index.js';
import { acceptEventFrame, acceptStatusFrame } from '../../src/protocol/fast-accept.js';
import { decodeScannedMsgpack } from '../../src/protocol/msgpack-decode.js';
import { scanMsgpack } from '../../src/protocol/msgpack-scan.js';
import { deriveArbitrary } from './derive-arbitrary.js';

/**
 * The codec's hot path replaces two library calls with faster equivalents; these properties hold them to the
 * originals: the msgpack decoder to @msgpack/msgpack on every byte string the scan accepts, and the frame acceptors to
 * the zod schemas (never accept what zod rejects; when they accept, return exactly zod's output, key order included).
 */

/** A text form that tells apart what deep equality glosses over: key order, -0, NaN, bin offsets. */
function canonical(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Uint8Array) return `bin@${value.byteOffset}:${Buffer.from(value).toString('hex')}`;
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) === Object.prototype ? '' : 'proto!';
    return `${proto}{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`)
      .join(',')}}`;
  }
  return `?${typeof value}`;
}

// The library decoder with the codec's former options. Its shared key cache is left out: for keys that are not valid
// UTF-8 it answers from whatever frame came first, which no decoder can reproduce (zod rejects such keys anyway).
const reference = new Decoder({
  maxStrLength: LIVE_SERVER_LIMITS.maxStrBytes,
  maxBinLength: LIVE_SERVER_LIMITS.maxBinBytes + 4096,
  maxArrayLength: LIVE_SERVER_LIMITS.maxArrayLength,
  maxMapLength: LIVE_SERVER_LIMITS.maxMapSize,
  maxExtLength: 0,
  useBigInt64: false,
  keyDecoder: null,
});

type Outcome = { ok: true; text: string } | { ok: false; message: string };
function run(decode: (bytes: Uint8Array) => unknown, bytes: Uint8Array): Outcome {
  try {
    return { ok: true, text: canonical(decode(bytes)) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

const LIMITS = { ...DEVICE_TO_SERVER_LIMITS, maxFrameBytes: 1 << 20 };

function expectSameDecode(bytes: Uint8Array): void {
  if (scanMsgpack(bytes, LIMITS) !== undefined) return;
  expect(run(decodeScannedMsgpack, bytes)).toEqual(run((input) => reference.decode(input), bytes));
}

const encoder = new Encoder({ ignoreUndefined: true });
/** Values msgpack can carry, with the awkward corners: unicode, long strings, big and negative numbers, floats. */
const valueArb = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ minLength: 190, maxLength: 260 }),
    fc.integer(),
    fc.double(),
    fc.constantFrom(0, -0, 2 ** 32, -(2 ** 31) - 1, 2 ** 53 + 2, -(2 ** 53) - 2, 2 ** 64, NaN, Infinity),
    fc.boolean(),
    fc.constant(null),
    fc.uint8Array({ maxLength: 20 }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 12 }), tie('value'), { maxKeys: 5 }),
  ),
})).value;

const byteMutation = fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }), op: fc.nat(2) });
function mutateBytes(bytes: Uint8Array, mutations: readonly { at: number; value: number; op: number }[]): Uint8Array {
  const out = Array.from(bytes);
  for (const { at, value, op } of mutations) {
    if (out.length === 0) break;
    const index = at % out.length;
    if (op === 0) out[index] = value;
    else if (op === 1) out.splice(index, 0, value);
    else out.splice(index, 1);
  }
  return Uint8Array.from(out);
}

describe('msgpack decoder equals @msgpack/msgpack on scanned bytes', () => {
  it('encoded values, plain and mutated (3,000 cases)', () => {
    fc.assert(
      fc.property(valueArb, fc.array(byteMutation, { maxLength: 3 }), (value, mutations) => {
        let bytes: Uint8Array;
        try {
          bytes = encoder.encode(value);
        } catch {
          return;
        }
        expectSameDecode(bytes);
        expectSameDecode(mutateBytes(bytes, mutations));
      }),
      { numRuns: 3_000 },
    );
  });

  it('raw bytes behind a map header (3,000 cases)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0x81, 0x82, 0x83, 0x91, 0x92, 0xa3),
        fc.uint8Array({ maxLength: 64 }),
        (head, rest) => {
          expectSameDecode(Uint8Array.from([head, ...rest]));
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('invalid UTF-8, overlong "__proto__" keys, 64-bit integers and float32 (regressions)', () => {
    const cases = [
      '81a3e282ac01', // {"€": 1}
      '81a2e28201', // a key with a truncated 3-byte sequence: lenient decode reads on into the value
      '81a5ff80c0e0f001', // invalid lead bytes
      // {"__proto__" spelled with an overlong '_' (c1 9f): 10 bytes, so the scan lets it through}
      '81aac19f5f70726f746f5f5f01',
      'cfffffffffffffffff',
      'd38000000000000000',
      'ca7fc00000',
      'ca80000000',
      'c4020102',
      'da00d2' + '61'.repeat(210),
      'da00d2' + 'ff'.repeat(210),
    ];
    for (const hex of cases) {
      const bytes = Uint8Array.from(Buffer.from(hex, 'hex'));
      expect(scanMsgpack(bytes, LIMITS)).toBeUndefined();
      expectSameDecode(bytes);
    }
  });
});

/** Replace, delete or add a field somewhere in a frame (top level or inside `e` / arrays). */
const awkward = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 70 }),
  fc.constantFrom('', '😀'.repeat(33), 'a'.repeat(64), 'a'.repeat(65), 'é'.repeat(33), '2026-11-25T08:00\n'),
  fc.constantFrom('dose_due', 'dispensed', 'taken', 'lid_opened', 'event', 'status', 'mains', 'battery', 'active'),
  fc.constantFrom(0, -0, 1, 100, 101, 10_000, 10_001, 0.5, -1, NaN, Infinity, 2 ** 53, 2 ** 53 - 1, 1e-300),
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.constant([{ drug: 'X', amount: 1 }]),
  fc.constant([{ cassetteId: 'A', remaining: 3 }]),
);
const fieldMutation = fc.record({
  path: fc.nat(),
  op: fc.constantFrom('set', 'delete', 'add'),
  key: fc.constantFrom('t', 'kind', 'slot', 'pouchId', 'contents', 'mode', 'cassettes', 'extra', 'drug', 'amount'),
  value: awkward,
});

function objectsIn(value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) for (const item of value) objectsIn(item, out);
  else if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    out.push(value as Record<string, unknown>);
    for (const item of Object.values(value)) objectsIn(item, out);
  }
  return out;
}

type FieldMutation = typeof fieldMutation extends fc.Arbitrary<infer M> ? M : never;

function mutateFrame(frame: unknown, mutations: readonly FieldMutation[]): unknown {
  const copy = structuredClone(frame);
  for (const m of mutations) {
    const objects = objectsIn(copy);
    if (objects.length === 0) break;
    const target = objects[m.path % objects.length]!;
    const keys = Object.keys(target);
    const key = m.op === 'add' ? m.key : (keys[m.path % Math.max(1, keys.length)] ?? m.key);
    if (m.op === 'delete') delete target[key];
    else target[key] = structuredClone(m.value); // constants are shared between runs
  }
  return copy;
}

const doseEvent = fc.constantFrom('dose_due', 'dispensed', 'taken', 'confirmed', 'missed', 'skipped', 'early_release');
const eventFrameArb = fc.oneof(
  deriveArbitrary(EventFrame, { maxArray: 2 }),
  fc
    .record({
      deviceId: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/),
      seq: fc.integer({ min: 1 }),
      kind: doseEvent,
      pouch: fc.option(fc.string({ minLength: 1, maxLength: 64 })),
      contents: fc.option(
        fc.array(
          fc.record({
            drug: fc.string({ minLength: 1, maxLength: 64 }),
            amount: fc.constantFrom(0.5, 1, 2, 100, 0, -0, 100.5, NaN),
          }),
          { maxLength: 3 },
        ),
      ),
    })
    .map(({ deviceId, seq, kind, pouch, contents }) => ({
      t: 'event',
      deviceId,
      seq,
      deviceTime: 1_764_057_600_000,
      bootId: 'b',
      e: {
        kind,
        slot: '2026-11-25T08:00',
        ...(pouch !== null ? { pouchId: pouch } : {}),
        ...(contents !== null && kind === 'dispensed' ? { contents } : {}),
      },
    })),
);
const statusFrameArb = deriveArbitrary(StatusFrame, { maxArray: 2 });

function expectNoMoreThanZod(
  accept: (value: Record<string, unknown>) => object | undefined,
  schema: typeof EventFrame | typeof StatusFrame,
  value: unknown,
): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const fast = accept(value as Record<string, unknown>);
  if (fast === undefined) return false;
  const parsed = schema.safeParse(value);
  expect(parsed.success).toBe(true);
  expect(canonical(fast)).toBe(canonical(parsed.data));
  return true;
}

describe('frame acceptors never accept more than zod, and return what zod returns', () => {
  for (const [name, accept, schema, arb] of [
    ['event', acceptEventFrame, EventFrame, eventFrameArb],
    ['status', acceptStatusFrame, StatusFrame, statusFrameArb],
  ] as const) {
    it(`${name}: valid frames, and frames with fields replaced, removed or added (5,000 cases)`, () => {
      let accepted = 0;
      fc.assert(
        fc.property(arb, fc.array(fieldMutation, { maxLength: 3 }), (frame, mutations) => {
          if (expectNoMoreThanZod(accept, schema, frame)) accepted += 1;
          expectNoMoreThanZod(accept, schema, mutateFrame(frame, mutations));
        }),
        { numRuns: 5_000 },
      );
      expect(accepted).toBeGreaterThan(0); // the shortcut is actually taken
    });
  }

  it('the codec answers the same for hot frames whether or not the shortcut applies', () => {
    const frame = {
      t: 'event' as const,
      deviceId: 'd-1',
      seq: 7,
      deviceTime: 1_764_057_600_000,
      bootId: 'b',
      e: { kind: 'dispensed' as const, slot: '2026-11-25T08:00', contents: [{ drug: 'X', amount: 1 }] },
    };
    const decoded = decodeDeviceFrame(encodeDeviceFrame(frame));
    expect(decoded).toEqual({ ok: true, frame: EventFrame.parse(frame) });
    // keys sent out of schema order: the frame comes back in schema order, as zod returns it
    const reordered = encoder.encode({ e: frame.e, t: 'event', seq: 7, deviceId: 'd-1', deviceTime: 1, bootId: 'b' });
    const result = decodeDeviceFrame(reordered);
    expect(result.ok && Object.keys(result.frame)).toEqual(['t', 'deviceId', 'seq', 'deviceTime', 'bootId', 'e']);
  });
});
