import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DecodeResult, ErrorCode } from '../../src/index.js';
import { CHANNELS, type ChannelUnderTest, encodeAny } from './channels.js';
import { deriveArbitrary } from './derive-arbitrary.js';
import { DEVICE_SAMPLES, LIVE_CLIENT_SAMPLES, LIVE_SERVER_SAMPLES, SERVER_TO_DEVICE_SAMPLES } from './samples.js';

const DECODE_CODES: readonly string[] = [
  ErrorCode.FrameTooLarge,
  ErrorCode.MalformedMsgpack,
  ErrorCode.LimitExceeded,
  ErrorCode.ExtensionRejected,
  ErrorCode.UnknownFrameType,
  ErrorCode.SchemaViolation,
  ErrorCode.UnsupportedVersion,
];

/** Any result must be a typed frame that its schema accepts, or a typed rejection with a decode code. */
function expectTyped(channel: ChannelUnderTest, bytes: Uint8Array): DecodeResult<unknown> {
  let result: DecodeResult<unknown>;
  try {
    result = channel.decode(bytes);
  } catch (error) {
    throw new Error(`decoder threw on ${Buffer.from(bytes).toString('hex')}`, { cause: error });
  }
  if (result.ok) {
    const type = (result.frame as { t: string }).t;
    expect(channel.schemas[type]!.safeParse(result.frame).success).toBe(true);
  } else {
    expect(DECODE_CODES).toContain(result.code);
    expect(typeof result.message).toBe('string');
    expect(result.message.length).toBeLessThanOrEqual(256);
  }
  return result;
}

/** A valid frame of the channel, encoded: the sample frames plus derived ones. */
function validBytes(channel: ChannelUnderTest, samples: readonly unknown[]): fc.Arbitrary<Uint8Array> {
  const derived = Object.values(channel.schemas).map((schema) => deriveArbitrary(schema, { maxArray: 2 }));
  return fc
    .oneof(fc.constantFrom(...samples), ...derived)
    .map((frame) => {
      try {
        return encodeAny(channel, frame);
      } catch {
        return undefined;
      }
    })
    .filter((bytes): bytes is Uint8Array => bytes !== undefined);
}

/** Structure-aware damage: flip, overwrite, insert, delete or truncate bytes of a valid frame. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let out = Array.from(bytes);
  for (const m of mutations) {
    if (out.length === 0) break;
    const at = m.at % out.length;
    if (m.op === 'flip') out[at] = out[at]! ^ (1 << m.bit);
    else if (m.op === 'set') out[at] = m.value;
    else if (m.op === 'insert') out.splice(at, 0, m.value);
    else if (m.op === 'delete') out.splice(at, 1);
    else out = out.slice(0, at);
  }
  return Uint8Array.from(out);
}

const SAMPLES: Record<string, readonly unknown[]> = {
  'device→server': DEVICE_SAMPLES,
  'server→device': SERVER_TO_DEVICE_SAMPLES,
  'widget→server': LIVE_CLIENT_SAMPLES,
  'server→widget': LIVE_SERVER_SAMPLES,
};

// Regression inputs found while fuzzing or reviewing (keep adding, never remove).
const REGRESSIONS: readonly string[] = [
  '', // empty frame
  'c1', // reserved byte
  'dc0040' + 'dc0040'.repeat(20), // nested array16 headers, deeper than any channel allows
  '81a174d6ff00000001', // {t: timestamp ext}
  '82a174a56576656e74a95f5f70726f746f5f5f80', // {t: "event", __proto__: {}}
  '81a17481a1740a', // {t: {t: 10}}
  'dd7fffffff', // array32 with a huge declared length
  '81a174c0', // {t: nil}
  '80', // {}
];

describe('fuzzing: any bytes give a typed frame or a typed rejection, never a throw', () => {
  for (const channel of CHANNELS) {
    describe(channel.name, () => {
      it('arbitrary bytes (1,000 cases)', () => {
        fc.assert(
          fc.property(fc.uint8Array({ maxLength: 96 }), (bytes) => {
            expectTyped(channel, bytes);
          }),
          { numRuns: 1_000 },
        );
      });

      it('arbitrary msgpack-like bytes starting with a map header (500 cases)', () => {
        const head = fc.constantFrom(0x81, 0x82, 0x83, 0x85, 0x86, 0xde);
        fc.assert(
          fc.property(head, fc.uint8Array({ maxLength: 80 }), (first, rest) => {
            expectTyped(channel, Uint8Array.from([first, ...rest]));
          }),
          { numRuns: 500 },
        );
      });

      it('mutated valid frames (1,000 cases)', () => {
        fc.assert(
          fc.property(
            validBytes(channel, SAMPLES[channel.name]!),
            fc.array(mutation, { minLength: 1, maxLength: 3 }),
            (bytes, mutations) => {
              expectTyped(channel, mutate(bytes, mutations));
            },
          ),
          { numRuns: 1_000 },
        );
      });

      it('regression inputs', () => {
        for (const hex of REGRESSIONS) {
          const result = expectTyped(channel, Uint8Array.from(Buffer.from(hex, 'hex')));
          expect(result.ok).toBe(false);
        }
      });
    });
  }
});
