import { recordChecksum } from './checksum.js';

/**
 * On-disk format. A journal is a directory of segment files named after the position of their first record
 * (20 decimal digits, so names sort in position order). Each record is framed as
 * `length u32 LE | checksum u32 LE | payload`, where checksum = CRC-32(length bytes ‖ payload).
 */
export const RECORD_HEADER_BYTES = 8;

/** A record's position: 1 for the first record ever appended, increasing by one per record, never reused. */
export type JournalPosition = number;

const SEGMENT_NAME = /^(\d{20})\.seg$/;

export function segmentFileName(firstPosition: JournalPosition): string {
  return `${String(firstPosition).padStart(20, '0')}.seg`;
}

/** The first position encoded in a segment file name, or undefined for any other file. */
export function parseSegmentFileName(name: string): JournalPosition | undefined {
  const match = SEGMENT_NAME.exec(name);
  if (!match) return undefined;
  const position = Number(match[1]);
  return Number.isSafeInteger(position) && position >= 1 ? position : undefined;
}

/** Frames `payload` into `target` at `offset`; returns the offset just past the record. */
export function writeRecord(target: Buffer, offset: number, payload: Uint8Array): number {
  target.writeUInt32LE(payload.length, offset);
  target.writeUInt32LE(recordChecksum(payload), offset + 4);
  target.set(payload, offset + RECORD_HEADER_BYTES);
  return offset + RECORD_HEADER_BYTES + payload.length;
}
