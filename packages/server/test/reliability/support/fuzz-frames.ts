import { encode } from '@msgpack/msgpack';
import fc from 'fast-check';

/** A 5-byte msgpack header declaring a huge array/map/str/bin, optionally followed by a few bytes. */
export const lengthBomb = fc
  .tuple(
    fc.constantFrom(0xdd, 0xdf, 0xdb, 0xc6, 0xdc, 0xde, 0xda),
    fc.integer({ min: 0x1000, max: 0xffffffff }),
    fc.uint8Array({ maxLength: 16 }),
  )
  .map(([marker, length, tail]) => {
    const wide = marker === 0xdd || marker === 0xdf || marker === 0xdb || marker === 0xc6;
    const header = wide
      ? [marker, length >>> 24, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff]
      : [marker, (length >>> 8) & 0xff, length & 0xff];
    return Uint8Array.from([...header, ...tail]);
  });

const encodeSafe = (value: unknown): Uint8Array => {
  try {
    return encode(value);
  } catch {
    return Uint8Array.of(0xc1);
  }
};

/** Byte-level damage to a valid frame: flip, truncate, insert, or overwrite a run. */
const mutated = (valid: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> =>
  fc
    .tuple(valid, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'cut', 'insert', 'overwrite'))
    .map(([bytes, at, value, how]) => {
      if (bytes.length === 0) return bytes;
      const i = at % bytes.length;
      const copy = Uint8Array.from(bytes);
      switch (how) {
        case 'flip':
          copy[i] = copy[i]! ^ (1 << (value % 8));
          return copy;
        case 'cut':
          return copy.subarray(0, i);
        case 'insert':
          return Uint8Array.from([...copy.subarray(0, i), value, ...copy.subarray(i)]);
        case 'overwrite':
          copy.fill(value, i, i + 4);
          return copy;
      }
    });

/** A valid frame with one field replaced by an arbitrary value, or an extra key, or a key removed. */
const fieldMutated = (valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Uint8Array> =>
  fc
    .tuple(valid, fc.nat(), fc.anything({ maxDepth: 3 }), fc.constantFrom('replace', 'add', 'remove'))
    .map(([frame, at, value, how]) => {
      const keys = Object.keys(frame);
      const key = keys[at % keys.length]!;
      const copy: Record<string, unknown> = { ...frame };
      if (how === 'replace') copy[key] = value;
      else if (how === 'add') copy[`x${at % 7}`] = value;
      else delete copy[key];
      return encodeSafe(copy);
    });

/** Any bytes a hostile or broken client may send on a channel whose valid frames are `valid`. */
export function hostileFrames(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Uint8Array> {
  const validBytes = valid.map(encodeSafe);
  return fc.oneof(
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 96 }) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(encodeSafe) },
    { weight: 2, arbitrary: fc.anything({ maxDepth: 4 }).map(encodeSafe) },
    { weight: 1, arbitrary: lengthBomb },
    { weight: 3, arbitrary: mutated(validBytes) },
    { weight: 3, arbitrary: fieldMutated(valid) },
    { weight: 2, arbitrary: validBytes },
  );
}

const slot = fc.constantFrom('2026-11-25T08:00', '2026-11-25T12:00', '2099-13-40T99:99');

/** Structurally valid device frames (any device id, seq, event), as a hostile device would build them. */
export function deviceFrames(deviceId: string): fc.Arbitrary<Record<string, unknown>> {
  const id = fc.oneof(fc.constant(deviceId), fc.constantFrom('dev-b1', 'dev-unknown'));
  const event = fc.record({
    t: fc.constant('event'),
    deviceId: id,
    seq: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: -2, max: 2 ** 53 + 2 })),
    deviceTime: fc.nat(),
    bootId: fc.constant('boot-fuzz'),
    e: fc.oneof(
      fc.record({ kind: fc.constantFrom('dose_due', 'taken', 'dispensed', 'missed'), slot }),
      fc.record({ kind: fc.constantFrom('help_requested', 'lid_opened', 'roll_empty', 'power_lost') }),
      fc.record({ kind: fc.constant('battery_low'), battery: fc.integer({ min: -5, max: 120 }) }),
    ),
  });
  return fc.oneof(
    event,
    fc.record({ t: fc.constant('batch'), events: fc.array(event, { maxLength: 70 }) }),
    fc.record({
      t: fc.constant('status'),
      deviceTime: fc.nat(),
      battery: fc.integer({ min: 0, max: 100 }),
      power: fc.constantFrom('mains', 'battery'),
      signal: fc.integer({ min: 0, max: 100 }),
    }),
    fc.record({
      t: fc.constant('hello'),
      deviceType: fc.constantFrom('medido', 'smila', 'toaster'),
      firmware: fc.string({ maxLength: 40 }),
      capabilities: fc.array(fc.constantFrom('remind', 'dispense', 'teleport'), { maxLength: 3 }),
      bootId: fc.string({ minLength: 1, maxLength: 8 }),
      deviceTime: fc.nat(),
    }),
    fc.record({
      t: fc.constant('auth'),
      v: fc.constantFrom(1, 2),
      deviceId: id,
      deviceTime: fc.nat(),
      mac: fc.uint8Array({ minLength: 0, maxLength: 40 }),
    }),
  );
}

/** Structurally valid live (widget) frames. */
export function liveFrames(): fc.Arbitrary<Record<string, unknown>> {
  return fc.oneof(
    fc.record({ t: fc.constant('ping') }),
    fc.record({
      t: fc.constant('subscribe'),
      id: fc.string({ minLength: 1, maxLength: 8 }),
      topic: fc.constantFrom('alarms', 'devices', 'incidents', 'stock', 'kpis', 'secrets'),
      filters: fc.record({ teamIds: fc.array(fc.constantFrom('team-a', 'team-b', 'team-x'), { maxLength: 3 }) }),
    }),
    fc.record({ t: fc.constant('unsubscribe'), id: fc.string({ minLength: 1, maxLength: 8 }) }),
    fc.record({
      t: fc.constant('command'),
      id: fc.string({ minLength: 1, maxLength: 8 }),
      command: fc.record({
        action: fc.constantFrom('acknowledge', 'resolve', 'shelve', 'comment', 'explode'),
        alarmId: fc.constantFrom('al-1', 'al-2', 'al-999'),
      }),
    }),
    fc.record({ t: fc.constant('auth'), v: fc.constant(1), token: fc.string({ maxLength: 200 }) }),
  );
}
