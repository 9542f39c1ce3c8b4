import { Decoder, Encoder } from '@msgpack/msgpack';
import type { EngineInput, EpochMs } from '@medtek/core';

/** One journal record: an engine input with the instant it was applied at. Replaying it reproduces the state. */
export interface JournalRecord {
  readonly now: EpochMs;
  readonly input: EngineInput;
}

// Journal payloads are our own, checksummed records: replay decodes them without schema validation (speed matters:
// a year of records must replay in seconds). Instances are reused; both are synchronous.
const encoder = new Encoder({ ignoreUndefined: true });
const decoder = new Decoder();

export function encodeJournalRecord(now: EpochMs, input: EngineInput): Uint8Array {
  return encoder.encode([now, input]);
}

export function decodeJournalRecord(payload: Uint8Array): JournalRecord {
  const [now, input] = decoder.decode(payload) as [EpochMs, EngineInput];
  return { now, input };
}
