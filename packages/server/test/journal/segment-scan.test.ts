import zlib from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32Portable, recordChecksum } from '../../src/journal/checksum.js';
import { JournalCorruptionError, RECORD_HEADER_BYTES } from '../../src/journal/index.js';
import { writeRecord } from '../../src/journal/format.js';
import { scanSegment } from '../../src/journal/segment-scan.js';

function segmentOf(payloads: Uint8Array[]): Buffer {
  const buffer = Buffer.alloc(payloads.reduce((sum, p) => sum + RECORD_HEADER_BYTES + p.length, 0));
  let offset = 0;
  for (const payload of payloads) offset = writeRecord(buffer, offset, payload);
  return buffer;
}

const three = [Uint8Array.of(1, 2, 3), Uint8Array.of(4), Uint8Array.of(5, 6)];
const goodLength = segmentOf(three).length;
const lastRecordOffset = goodLength - (RECORD_HEADER_BYTES + 2);

function scan(bytes: Uint8Array, isLast = true) {
  const payloads: number[][] = [];
  const result = scanSegment(bytes, '/j/00000000000000000001.seg', isLast, (payload) => payloads.push([...payload]));
  return { ...result, payloads };
}

describe('checksum', () => {
  it('the portable CRC-32 equals zlib.crc32, also when continued from a seed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), (a, b) => {
        expect(crc32Portable(a)).toBe(zlib.crc32(a));
        expect(crc32Portable(b, crc32Portable(a))).toBe(zlib.crc32(Buffer.concat([a, b])));
      }),
      { numRuns: 300 },
    );
    expect(crc32Portable(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('covers the length, so an all-zero header is never a valid empty record', () => {
    expect(recordChecksum(new Uint8Array(0))).not.toBe(0);
  });
});

describe('segment scan', () => {
  it('reads intact records and reports a clean end', () => {
    expect(scan(segmentOf(three))).toEqual({
      recordCount: 3,
      validBytes: goodLength,
      torn: false,
      payloads: [[1, 2, 3], [4], [5, 6]],
    });
  });

  it.each([
    ['a partial header', Buffer.concat([segmentOf(three), Buffer.from([9, 0, 0])])],
    ['a declared length past the end of file', segmentOf(three).subarray(0, goodLength - 1)],
    ['a zero-filled rest', Buffer.concat([segmentOf(three), Buffer.alloc(100)])],
    ['garbage after the last record', Buffer.concat([segmentOf(three), Buffer.from([1, 0, 0, 0, 7, 7, 7, 7, 42])])],
  ])('treats %s in the last segment as a torn tail', (_name, bytes) => {
    const result = scan(bytes);
    expect(result.torn).toBe(true);
    expect(result.validBytes).toBeLessThanOrEqual(goodLength);
    expect(result.payloads).toEqual([[1, 2, 3], [4], [5, 6]].slice(0, result.recordCount));
  });

  it('treats a bad checksum in the last record with nothing intact after it as a torn tail', () => {
    const bytes = segmentOf(three);
    bytes[bytes.length - 1]! ^= 0xff;
    expect(scan(bytes)).toMatchObject({ recordCount: 2, validBytes: lastRecordOffset, torn: true });
  });

  it('refuses a bad checksum followed by an intact record, naming the offset', () => {
    const bytes = segmentOf(three);
    bytes[RECORD_HEADER_BYTES]! ^= 0xff; // payload of record 1
    expect(() => scan(bytes)).toThrow(JournalCorruptionError);
    expect(() => scan(bytes)).toThrow('/j/00000000000000000001.seg is damaged at byte offset 0');
  });

  it('refuses any damage in a sealed segment, even at its end', () => {
    const bytes = segmentOf(three);
    expect(() => scan(bytes.subarray(0, goodLength - 1), false)).toThrow(`byte offset ${lastRecordOffset}`);
    expect(() => scan(Buffer.concat([bytes, Buffer.alloc(8)]), false)).toThrow(`byte offset ${goodLength}`);
  });
});
