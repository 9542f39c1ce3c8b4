import type { EventFrame, StatusFrame } from './device-frames.js';

/**
 * Hand-written acceptors for the two frames every device sends all day (`event` for the common dose kinds, `status`).
 * Each answers either a frame — only when the zod schema would accept the value, and equal to what zod would return
 * (a fresh object, keys in schema order) — or undefined, meaning "not sure": the codec then runs the zod schema, which
 * has the final word and the error message. So these may decline anything unusual but must never accept more than
 * the schemas; a property test holds them to that on random and mutated values.
 */

// The same patterns as the schemas (domain/vocabulary.ts): DeviceId and SlotKey.
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const SLOT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

type Value = Record<string, unknown>;

const isRecord = (value: unknown): value is Value =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/**
 * A string of 1…max characters as zod counts them (code points): sure when 1 ≤ UTF-16 units ≤ max (a code point is
 * one or two units); anything longer is left to zod.
 */
const isText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length >= 1 && value.length <= max;

const isSafeIntIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;

const isId = (value: unknown): value is string => typeof value === 'string' && ID_PATTERN.test(value);
const isSlot = (value: unknown): value is string => typeof value === 'string' && SLOT_PATTERN.test(value);

/** Every key of `value` is one of `allowed` (strict objects); counts them. */
function ownKeyCount(value: Value, allowed: ReadonlySet<string>): number {
  let count = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key) || !allowed.has(key)) return -1;
    count += 1;
  }
  return count;
}

const EVENT_KEYS: ReadonlySet<string> = new Set(['t', 'deviceId', 'seq', 'deviceTime', 'bootId', 'e']);
const SLOT_EVENT_KEYS: ReadonlySet<string> = new Set(['kind', 'slot', 'pouchId']);
const DISPENSED_KEYS: ReadonlySet<string> = new Set(['kind', 'slot', 'pouchId', 'contents']);
const DOSE_ITEM_KEYS: ReadonlySet<string> = new Set(['drug', 'amount']);
const SLOT_EVENT_KINDS: ReadonlySet<string> = new Set([
  'dose_due',
  'taken',
  'confirmed',
  'not_confirmed',
  'missed',
  'early_release',
  'skipped',
]);

/** EventFrame (device-frames.ts) for the slot events and `dispensed`; undefined for anything else. */
export function acceptEventFrame(value: Value): EventFrame | undefined {
  if (ownKeyCount(value, EVENT_KEYS) !== 6) return undefined;
  const { t, deviceId, seq, deviceTime, bootId, e } = value;
  if (t !== 'event' || !isId(deviceId) || !isSafeIntIn(seq, 1, Number.MAX_SAFE_INTEGER)) return undefined;
  if (!isSafeIntIn(deviceTime, 0, Number.MAX_SAFE_INTEGER) || !isText(bootId, 64) || !isRecord(e)) return undefined;
  const event = acceptDoseEvent(e);
  if (event === undefined) return undefined;
  return { t, deviceId, seq, deviceTime, bootId, e: event };
}

function acceptDoseEvent(value: Value): EventFrame['e'] | undefined {
  const { kind, slot, pouchId, contents } = value;
  const dispensed = kind === 'dispensed';
  if (!dispensed && !(typeof kind === 'string' && SLOT_EVENT_KINDS.has(kind))) return undefined;
  const count = ownKeyCount(value, dispensed ? DISPENSED_KEYS : SLOT_EVENT_KEYS);
  if (count < 2 || !('kind' in value) || !isSlot(slot)) return undefined;
  if ('pouchId' in value && !isText(pouchId, 64)) return undefined;
  const event: Value = { kind, slot };
  if ('pouchId' in value) event.pouchId = pouchId;
  if ('contents' in value) {
    const items = acceptDoseContents(contents);
    if (items === undefined) return undefined;
    event.contents = items;
  }
  return event as EventFrame['e'];
}

/** DoseContents (domain/vocabulary.ts): ≤ 16 × { drug: 1–64 characters, amount: 0 < n ≤ 100 }. */
function acceptDoseContents(value: unknown): Value[] | undefined {
  if (!Array.isArray(value) || value.length > 16) return undefined;
  const items: Value[] = [];
  for (let index = 0; index < value.length; index += 1) {
    if (!(index in value)) return undefined;
    const item: unknown = value[index];
    if (!isRecord(item) || ownKeyCount(item, DOSE_ITEM_KEYS) !== 2) return undefined;
    const { drug, amount } = item;
    if (!isText(drug, 64) || typeof amount !== 'number' || !(amount > 0 && amount <= 100)) return undefined;
    items.push({ drug, amount });
  }
  return items;
}

const STATUS_KEYS: ReadonlySet<string> = new Set([
  't',
  'deviceTime',
  'battery',
  'power',
  'signal',
  'mode',
  'rollRemaining',
  'cassettes',
]);
const CASSETTE_FILL_KEYS: ReadonlySet<string> = new Set(['cassetteId', 'remaining']);

/** StatusFrame (device-frames.ts); undefined when unsure. */
export function acceptStatusFrame(value: Value): StatusFrame | undefined {
  if (ownKeyCount(value, STATUS_KEYS) < 5) return undefined;
  const { t, deviceTime, battery, power, signal, mode, rollRemaining, cassettes } = value;
  if (t !== 'status' || !isSafeIntIn(deviceTime, 0, Number.MAX_SAFE_INTEGER)) return undefined;
  if (!isSafeIntIn(battery, 0, 100) || !isSafeIntIn(signal, 0, 100)) return undefined;
  if (power !== 'mains' && power !== 'battery') return undefined;
  if (!('battery' in value && 'signal' in value && 'power' in value)) return undefined;
  const status: Value = { t, deviceTime, battery, power, signal };
  if ('mode' in value) {
    if (mode !== 'active' && mode !== 'paused' && mode !== 'travel') return undefined;
    status.mode = mode;
  }
  if ('rollRemaining' in value) {
    if (!isSafeIntIn(rollRemaining, 0, 10_000)) return undefined;
    status.rollRemaining = rollRemaining;
  }
  if ('cassettes' in value) {
    if (!Array.isArray(cassettes) || cassettes.length > 16) return undefined;
    const fills: Value[] = [];
    for (let index = 0; index < cassettes.length; index += 1) {
      if (!(index in cassettes)) return undefined;
      const fill: unknown = cassettes[index];
      if (!isRecord(fill) || ownKeyCount(fill, CASSETTE_FILL_KEYS) !== 2) return undefined;
      const { cassetteId, remaining } = fill;
      if (!isText(cassetteId, 32) || !isSafeIntIn(remaining, 0, 10_000)) return undefined;
      fills.push({ cassetteId, remaining });
    }
    status.cassettes = fills;
  }
  return status as StatusFrame;
}
