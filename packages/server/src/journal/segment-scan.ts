import { recordChecksum } from './checksum.js';
import { JournalCorruptionError } from './errors.js';
import { RECORD_HEADER_BYTES } from './format.js';

/** What a forward scan of one segment found. */
export interface SegmentScan {
  readonly recordCount: number;
  /** Bytes up to the end of the last good record: where appends continue. */
  readonly validBytes: number;
  /** True when bytes after `validBytes` are a torn tail to truncate. */
  readonly torn: boolean;
}

/**
 * End offset of the record at `offset`: positive when intact, negated when complete with a bad checksum,
 * 0 when its header or declared length runs past the end of the bytes.
 */
function recordEnd(bytes: Uint8Array, view: DataView, offset: number): number {
  if (bytes.length - offset < RECORD_HEADER_BYTES) return 0;
  const length = view.getUint32(offset, true);
  const end = offset + RECORD_HEADER_BYTES + length;
  if (end > bytes.length) return 0;
  const payload = bytes.subarray(offset + RECORD_HEADER_BYTES, end);
  return recordChecksum(payload, length) === view.getUint32(offset + 4, true) ? end : -end;
}

/** Follows the length chain from `offset`: is any later record intact? */
function anyIntactRecordFrom(bytes: Uint8Array, view: DataView, offset: number): boolean {
  let end = recordEnd(bytes, view, offset);
  while (end < 0) end = recordEnd(bytes, view, -end);
  return end > 0;
}

/**
 * Scans a segment's bytes forward, calling `onRecord` with a view of each intact record's payload.
 *
 * Torn-tail rules apply only when `isLastSegment` (the only segment that can hold unsynced bytes): a record whose
 * header or declared length runs past the end of the file, or a complete record with a bad checksum that no intact
 * record follows (zero-filled or garbage rest), ends the journal there. Anything else that is not intact — a bad
 * record with intact records after it, or any damage in an earlier segment — throws JournalCorruptionError.
 */
export function scanSegment(
  bytes: Uint8Array,
  filePath: string,
  isLastSegment: boolean,
  onRecord?: (payload: Uint8Array) => void,
): SegmentScan {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = bytes.length;
  let offset = 0;
  let recordCount = 0;
  while (offset < size) {
    // Fast path for intact records: no allocation besides the payload view.
    if (size - offset >= RECORD_HEADER_BYTES) {
      const length = view.getUint32(offset, true);
      const end = offset + RECORD_HEADER_BYTES + length;
      if (end <= size) {
        const payload = bytes.subarray(offset + RECORD_HEADER_BYTES, end);
        if (recordChecksum(payload, length) === view.getUint32(offset + 4, true)) {
          onRecord?.(payload);
          recordCount++;
          offset = end;
          continue;
        }
      }
    }
    const end = recordEnd(bytes, view, offset);
    if (!isLastSegment) {
      throw new JournalCorruptionError(
        filePath,
        offset,
        end === 0 ? 'a record runs past the end of a sealed segment' : 'checksum mismatch in a sealed segment',
      );
    }
    if (end < 0 && anyIntactRecordFrom(bytes, view, -end)) {
      throw new JournalCorruptionError(filePath, offset, 'checksum mismatch in a record followed by intact records');
    }
    return { recordCount, validBytes: offset, torn: true };
  }
  return { recordCount, validBytes: offset, torn: false };
}
