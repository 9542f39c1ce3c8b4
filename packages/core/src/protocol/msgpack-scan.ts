import { ErrorCode } from './codes.js';
import type { ChannelLimits } from './limits.js';

/** Why a byte string was refused before decoding. */
export interface ScanRejection {
  readonly code:
    | typeof ErrorCode.MalformedMsgpack
    | typeof ErrorCode.LimitExceeded
    | typeof ErrorCode.ExtensionRejected
    | typeof ErrorCode.SchemaViolation;
  readonly message: string;
}

/** Deepest nesting the scanner can track; channel limits are far below it. */
const MAX_SUPPORTED_DEPTH = 32;
// Scratch stacks, reused: scanning is synchronous and never re-entered. remaining[d] = values still expected in the
// container at depth d (a map counts keys and values); isMap[d] = 1 for a map.
const remaining = new Int32Array(MAX_SUPPORTED_DEPTH);
const isMap = new Uint8Array(MAX_SUPPORTED_DEPTH);

// "__proto__" in UTF-8: a map key the protocol never uses and a prototype-pollution vector.
const PROTO_KEY = [0x5f, 0x5f, 0x70, 0x72, 0x6f, 0x74, 0x6f, 0x5f, 0x5f];

/**
 * Walks one MessagePack value without allocating anything but a small counter stack, and checks the protocol's
 * structural rules: every declared length within the channel's limits (checked before the bytes are trusted),
 * nesting depth, no extension types, string map keys (never `__proto__`), exactly one value with no trailing bytes.
 * Only bytes that pass are handed to the real decoder, so its allocations are bounded by these limits.
 * Returns undefined when the bytes are acceptable.
 */
export function scanMsgpack(bytes: Uint8Array, limits: ChannelLimits): ScanRejection | undefined {
  const end = bytes.length;
  const maxDepth = Math.min(limits.maxDepth, MAX_SUPPORTED_DEPTH);
  let depth = 0;
  let pos = 0;

  for (;;) {
    if (pos >= end) return malformed('truncated frame');
    const expectingKey = depth > 0 && isMap[depth - 1] === 1 && remaining[depth - 1]! % 2 === 0;
    const head = bytes[pos]!;
    pos += 1;
    let container = 0; // 1 = array, 2 = map
    let count = 0;
    let skip = 0; // payload bytes of a scalar
    let strLength = -1;
    let binLength = -1;

    if (head <= 0x7f || head >= 0xe0) {
      // positive/negative fixint
    } else if (head <= 0x8f) {
      container = 2;
      count = head & 0x0f;
    } else if (head <= 0x9f) {
      container = 1;
      count = head & 0x0f;
    } else if (head <= 0xbf) {
      strLength = head & 0x1f;
    } else {
      switch (head) {
        case 0xc0: // nil
        case 0xc2: // false
        case 0xc3: // true
          break;
        case 0xc1:
          return malformed('reserved byte 0xc1');
        case 0xc4:
        case 0xc5:
        case 0xc6: {
          const size = head === 0xc4 ? 1 : head === 0xc5 ? 2 : 4;
          if (pos + size > end) return malformed('truncated bin header');
          binLength = readUint(bytes, pos, size);
          pos += size;
          break;
        }
        case 0xc7:
        case 0xc8:
        case 0xc9:
        case 0xd4:
        case 0xd5:
        case 0xd6:
        case 0xd7:
        case 0xd8:
          return { code: ErrorCode.ExtensionRejected, message: 'msgpack extension types are not part of the protocol' };
        case 0xca:
          skip = 4;
          break;
        case 0xcb:
          skip = 8;
          break;
        case 0xcc:
        case 0xd0:
          skip = 1;
          break;
        case 0xcd:
        case 0xd1:
          skip = 2;
          break;
        case 0xce:
        case 0xd2:
          skip = 4;
          break;
        case 0xcf:
        case 0xd3:
          skip = 8;
          break;
        case 0xd9:
        case 0xda:
        case 0xdb: {
          const size = head === 0xd9 ? 1 : head === 0xda ? 2 : 4;
          if (pos + size > end) return malformed('truncated str header');
          strLength = readUint(bytes, pos, size);
          pos += size;
          break;
        }
        case 0xdc:
        case 0xdd: {
          const size = head === 0xdc ? 2 : 4;
          if (pos + size > end) return malformed('truncated array header');
          container = 1;
          count = readUint(bytes, pos, size);
          pos += size;
          break;
        }
        default: {
          // 0xde map16, 0xdf map32
          const size = head === 0xde ? 2 : 4;
          if (pos + size > end) return malformed('truncated map header');
          container = 2;
          count = readUint(bytes, pos, size);
          pos += size;
        }
      }
    }

    if (expectingKey && strLength < 0) {
      return { code: ErrorCode.SchemaViolation, message: 'map keys must be strings' };
    }
    if (strLength >= 0) {
      if (strLength > limits.maxStrBytes) return limit(`string of ${strLength} bytes (max ${limits.maxStrBytes})`);
      if (pos + strLength > end) return malformed('truncated string');
      if (expectingKey && strLength === PROTO_KEY.length && isProtoKey(bytes, pos)) {
        return { code: ErrorCode.SchemaViolation, message: 'the key __proto__ is not allowed' };
      }
      pos += strLength;
    } else if (binLength >= 0) {
      if (binLength > limits.maxBinBytes) return limit(`bin of ${binLength} bytes (max ${limits.maxBinBytes})`);
      if (pos + binLength > end) return malformed('truncated bin');
      pos += binLength;
    } else if (skip > 0) {
      if (pos + skip > end) return malformed('truncated number');
      pos += skip;
    }

    if (container !== 0) {
      if (container === 1 && count > limits.maxArrayLength) {
        return limit(`array of ${count} elements (max ${limits.maxArrayLength})`);
      }
      if (container === 2 && count > limits.maxMapSize) {
        return limit(`map of ${count} entries (max ${limits.maxMapSize})`);
      }
      const values = container === 2 ? count * 2 : count;
      // Every value takes at least one byte: a count the rest of the frame cannot hold is a lie.
      if (values > end - pos) return malformed('container longer than the frame');
      if (values > 0) {
        if (depth >= maxDepth) return limit(`nesting deeper than ${maxDepth}`);
        remaining[depth] = values;
        isMap[depth] = container === 2 ? 1 : 0;
        depth += 1;
        continue;
      }
    }

    // A value is complete: close every container it completes.
    while (depth > 0) {
      const left = remaining[depth - 1]! - 1;
      if (left > 0) {
        remaining[depth - 1] = left;
        break;
      }
      depth -= 1;
    }
    if (depth === 0) {
      return pos === end ? undefined : malformed(`${end - pos} trailing byte(s) after the frame`);
    }
  }
}

function readUint(bytes: Uint8Array, pos: number, size: number): number {
  let value = 0;
  for (let i = 0; i < size; i += 1) value = value * 256 + bytes[pos + i]!;
  return value;
}

function isProtoKey(bytes: Uint8Array, pos: number): boolean {
  for (let i = 0; i < PROTO_KEY.length; i += 1) if (bytes[pos + i] !== PROTO_KEY[i]) return false;
  return true;
}

function malformed(message: string): ScanRejection {
  return { code: ErrorCode.MalformedMsgpack, message: `malformed msgpack: ${message}` };
}

function limit(message: string): ScanRejection {
  return { code: ErrorCode.LimitExceeded, message: `limit exceeded: ${message}` };
}
