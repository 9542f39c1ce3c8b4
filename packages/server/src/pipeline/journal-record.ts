import { Decoder, Encoder } from '@msgpack/msgpack';
import type { EngineInput, EpochMs } from '@medtek/core';
import type { ProjectionRecord } from './projection-record.js';

/**
 * One journal record: an engine input with the instant it was applied at (replaying it reproduces the engine's
 * state), or a registry projection record (screenings, stock) that the engine does not see.
 */
export type JournalRecord =
  | { readonly now: EpochMs; readonly input: EngineInput; readonly projection?: undefined }
  | { readonly now: EpochMs; readonly input?: undefined; readonly projection: ProjectionRecord };

// Journal payloads are our own, checksummed records: replay decodes them without schema validation (speed matters:
// a year of records must replay in seconds). Instances are reused; both are synchronous.
const encoder = new Encoder({ ignoreUndefined: true });
const decoder = new Decoder();

export function encodeJournalRecord(now: EpochMs, input: EngineInput): Uint8Array {
  return encoder.encode([now, input]);
}

export function encodeProjectionRecord(now: EpochMs, projection: ProjectionRecord): Uint8Array {
  return encoder.encode([now, null, projection]);
}

export function decodeJournalRecord(payload: Uint8Array): JournalRecord {
  const [now, input, projection] = decoder.decode(payload) as [EpochMs, EngineInput | null, ProjectionRecord?];
  return input === null ? { now, projection: projection! } : { now, input };
}
