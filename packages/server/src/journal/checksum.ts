import zlib from 'node:zlib';

// CRC-32 (IEEE 802.3, the zlib/PNG polynomial). Node ≥ 20.15 ships it natively as zlib.crc32; the table-driven
// fallback computes the identical function so journal files stay readable whichever one a build uses.

const TABLE = buildTable();

function buildTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** Table-driven CRC-32 continuing from `seed` (the CRC of the bytes before `data`). */
export function crc32Portable(data: Uint8Array, seed = 0): number {
  let c = ~seed;
  for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

const nativeCrc32: ((data: Uint8Array, seed?: number) => number) | undefined =
  typeof zlib.crc32 === 'function' ? zlib.crc32 : undefined;

/** CRC-32 of `data` continuing from `seed`; native when the runtime has it. */
export const crc32: (data: Uint8Array, seed?: number) => number = nativeCrc32 ?? crc32Portable;

/** CRC-32 of the 4 little-endian bytes of `value`, without allocating. */
export function crc32OfUint32(value: number): number {
  let c = ~0;
  for (let shift = 0; shift < 32; shift += 8) c = TABLE[(c ^ (value >>> shift)) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/**
 * The checksum stored in a record header: CRC-32 over the record's length field (4 bytes, little-endian) followed
 * by its payload. Covering the length means a zero-filled header (length 0, checksum 0) never reads as a record.
 */
export function recordChecksum(payload: Uint8Array, payloadLength = payload.length): number {
  return crc32(payload, crc32OfUint32(payloadLength));
}
