import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/index.js';
import { CHANNELS } from './channels.js';

// Expose the collector for an honest heap measurement (vitest workers do not get --expose-gc).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));

/** 5-byte headers that declare about 4 billion elements or bytes, alone and as the value of `t`. */
const BOMBS: readonly (readonly [string, Uint8Array])[] = [
  ['array32', hex('dd ffffffff')],
  ['map32', hex('df ffffffff')],
  ['str32', hex('db ffffffff')],
  ['bin32', hex('c6 ffffffff')],
  ['ext32', hex('c9 ffffffff 01')],
  ['{t: array32}', hex('81 a174 dd ffffffff')],
  ['{t: map32}', hex('81 a174 df ffffffff')],
  ['{t: str32}', hex('81 a174 db ffffffff')],
  ['{t: bin32}', hex('81 a174 c6 ffffffff')],
  // array16 headers of 64 elements nested 2,000 deep (6 KB): multiplies allocations in a naive decoder.
  ['nested array16 ×2000', hex('dc0040'.repeat(2000))],
  // 64-element arrays nested within the depth limit, each declaring more elements than the frame holds.
  ['nested array16 within depth', hex('dc0040'.repeat(7) + 'c0')],
];

function heapUsedAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('declared-length bombs', () => {
  for (const channel of CHANNELS) {
    it(`${channel.name}: each is rejected with limit_exceeded / malformed_msgpack and no allocation`, () => {
      for (const [name, bytes] of BOMBS) {
        const result = channel.decode(bytes);
        expect(result.ok, name).toBe(false);
        if (!result.ok) {
          const expected = name.startsWith('ext')
            ? ErrorCode.ExtensionRejected
            : name === 'nested array16 within depth'
              ? ErrorCode.MalformedMsgpack // lengths within limits, but the frame cannot hold them
              : ErrorCode.LimitExceeded;
          expect(result.code, name).toBe(expected);
        }
      }
    });
  }

  it('10,000 bomb decodes grow the heap by less than 1 MB', () => {
    // Warm up first, so code compilation and caches are not counted as growth.
    for (const channel of CHANNELS) for (const [, bytes] of BOMBS) channel.decode(bytes);
    const results: unknown[] = [];
    const before = heapUsedAfterGc();
    for (let i = 0; i < 10_000; i += 1) {
      const channel = CHANNELS[i % CHANNELS.length]!;
      const bomb = BOMBS[i % BOMBS.length]![1];
      const result = channel.decode(bomb);
      if (i % 1000 === 0) results.push(result); // keep a few alive, like a caller logging rejections
    }
    const growth = heapUsedAfterGc() - before;
    expect(results).toHaveLength(10);
    expect(growth).toBeLessThan(1_000_000);
  });
});
