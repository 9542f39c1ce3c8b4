/**
 * Decodes one MessagePack value that scanMsgpack() has accepted: lengths, depth, string map keys and the absence of
 * extension types and trailing bytes are already checked, so this is a plain recursive walk with no bounds
 * bookkeeping. The result is the same as @msgpack/msgpack's Decoder with the codec's options (useBigInt64 false):
 * maps become plain objects (keys assigned in order, a repeated key keeps its first position and its last value),
 * arrays become arrays, `bin` a view into `bytes`, 64-bit integers a (possibly rounded) number, strings up to 200
 * bytes decode with the library's lenient UTF-8 rules and longer ones with TextDecoder. A property test holds it
 * equal to the library on scanned bytes. Never call it on bytes the scanner has not accepted.
 */

let bytes: Uint8Array = new Uint8Array(0);
let view: DataView = new DataView(bytes.buffer);
let pos = 0;

export function decodeScannedMsgpack(input: Uint8Array): unknown {
  bytes = input;
  view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  pos = 0;
  const value = decodeValue();
  bytes = EMPTY; // do not keep the caller's buffer alive
  return value;
}

const EMPTY = new Uint8Array(0);

function decodeValue(): unknown {
  const head = bytes[pos++]!;
  if (head <= 0x7f) return head;
  if (head >= 0xe0) return head - 0x100;
  if (head <= 0x8f) return decodeMap(head & 0x0f);
  if (head <= 0x9f) return decodeArray(head & 0x0f);
  if (head <= 0xbf) return decodeString(head & 0x1f);
  let value: unknown;
  switch (head) {
    case 0xc0:
      return null;
    case 0xc2:
      return false;
    case 0xc3:
      return true;
    case 0xc4:
      return decodeBinary(bytes[pos++]!);
    case 0xc5:
      value = view.getUint16(pos);
      pos += 2;
      return decodeBinary(value as number);
    case 0xc6:
      value = view.getUint32(pos);
      pos += 4;
      return decodeBinary(value as number);
    case 0xca:
      value = view.getFloat32(pos);
      pos += 4;
      return value;
    case 0xcb:
      value = view.getFloat64(pos);
      pos += 8;
      return value;
    case 0xcc:
      return bytes[pos++]!;
    case 0xcd:
      value = view.getUint16(pos);
      pos += 2;
      return value;
    case 0xce:
      value = view.getUint32(pos);
      pos += 4;
      return value;
    case 0xcf:
      value = view.getUint32(pos) * 4294967296 + view.getUint32(pos + 4);
      pos += 8;
      return value;
    case 0xd0:
      value = view.getInt8(pos);
      pos += 1;
      return value;
    case 0xd1:
      value = view.getInt16(pos);
      pos += 2;
      return value;
    case 0xd2:
      value = view.getInt32(pos);
      pos += 4;
      return value;
    case 0xd3:
      value = view.getInt32(pos) * 4294967296 + view.getUint32(pos + 4);
      pos += 8;
      return value;
    case 0xd9:
      return decodeString(bytes[pos++]!);
    case 0xda:
      value = view.getUint16(pos);
      pos += 2;
      return decodeString(value as number);
    case 0xdb:
      value = view.getUint32(pos);
      pos += 4;
      return decodeString(value as number);
    case 0xdc:
      value = view.getUint16(pos);
      pos += 2;
      return decodeArray(value as number);
    case 0xdd:
      value = view.getUint32(pos);
      pos += 4;
      return decodeArray(value as number);
    case 0xde:
      value = view.getUint16(pos);
      pos += 2;
      return decodeMap(value as number);
    case 0xdf:
      value = view.getUint32(pos);
      pos += 4;
      return decodeMap(value as number);
    default:
      // 0xc1 and the extension types never pass the scan.
      throw new RangeError(`unexpected msgpack byte 0x${head.toString(16)} after the scan`);
  }
}

function decodeMap(size: number): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  for (let index = 0; index < size; index += 1) {
    const key = decodeValue() as string; // the scan admits only string keys
    // The scan refuses the 9 bytes "__proto__"; lenient UTF-8 (overlong forms) can still spell it. The library throws.
    if (key === '__proto__') throw new RangeError('The key __proto__ is not allowed');
    map[key] = decodeValue();
  }
  return map;
}

function decodeArray(size: number): unknown[] {
  const array = new Array<unknown>(size);
  for (let index = 0; index < size; index += 1) array[index] = decodeValue();
  return array;
}

function decodeBinary(length: number): Uint8Array {
  const start = pos;
  pos += length;
  return bytes.subarray(start, pos);
}

/** The library's threshold: longer strings go through TextDecoder (which replaces invalid UTF-8 with U+FFFD). */
const TEXT_DECODER_THRESHOLD = 200;
const textDecoder = new TextDecoder();
/** Reused code-unit buffer for short strings (decoding is synchronous and never re-entered). */
const units = new Array<number>(TEXT_DECODER_THRESHOLD * 2);

function decodeString(length: number): string {
  const start = pos;
  const end = start + length;
  pos = end;
  if (length > TEXT_DECODER_THRESHOLD) return textDecoder.decode(bytes.subarray(start, end));
  // Pure ASCII (every protocol id, slot and enum value): one code unit per byte.
  let ascii = true;
  for (let index = start; index < end; index += 1) {
    if (bytes[index]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return asciiString(start, length);
  return utf8DecodeLenient(start, end);
}

function asciiString(start: number, length: number): string {
  switch (length) {
    case 0:
      return '';
    case 1:
      return String.fromCharCode(bytes[start]!);
    case 2:
      return String.fromCharCode(bytes[start]!, bytes[start + 1]!);
    case 3:
      return String.fromCharCode(bytes[start]!, bytes[start + 1]!, bytes[start + 2]!);
    case 4:
      return String.fromCharCode(bytes[start]!, bytes[start + 1]!, bytes[start + 2]!, bytes[start + 3]!);
    default:
      units.length = length;
      for (let index = 0; index < length; index += 1) units[index] = bytes[start + index]!;
      return String.fromCharCode.apply(null, units);
  }
}

/** @msgpack/msgpack's utf8DecodeJs, byte for byte: lenient about invalid sequences (no replacement characters). */
function utf8DecodeLenient(start: number, end: number): string {
  let offset = start;
  let count = 0;
  while (offset < end) {
    const byte1 = bytes[offset++]!;
    if ((byte1 & 0x80) === 0) {
      units[count++] = byte1;
    } else if ((byte1 & 0xe0) === 0xc0) {
      const byte2 = bytes[offset++]! & 0x3f;
      units[count++] = ((byte1 & 0x1f) << 6) | byte2;
    } else if ((byte1 & 0xf0) === 0xe0) {
      const byte2 = bytes[offset++]! & 0x3f;
      const byte3 = bytes[offset++]! & 0x3f;
      units[count++] = ((byte1 & 0x1f) << 12) | (byte2 << 6) | byte3;
    } else if ((byte1 & 0xf8) === 0xf0) {
      const byte2 = bytes[offset++]! & 0x3f;
      const byte3 = bytes[offset++]! & 0x3f;
      const byte4 = bytes[offset++]! & 0x3f;
      let unit = ((byte1 & 0x07) << 0x12) | (byte2 << 0x0c) | (byte3 << 0x06) | byte4;
      if (unit > 0xffff) {
        unit -= 0x10000;
        units[count++] = ((unit >>> 10) & 0x3ff) | 0xd800;
        unit = 0xdc00 | (unit & 0x3ff);
      }
      units[count++] = unit;
    } else {
      units[count++] = byte1;
    }
  }
  units.length = count;
  return String.fromCharCode.apply(null, units);
}
