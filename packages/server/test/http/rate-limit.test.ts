import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/http/rate-limit.js';

describe('TokenBucket', () => {
  it('allows a burst, then the sustained rate', () => {
    const bucket = new TokenBucket({ perSecond: 10, burst: 3 }, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, true, false]);
    expect(bucket.take(99)).toBe(false); // 0.99 token refilled
    expect(bucket.take(100)).toBe(true);
    expect(bucket.take(100)).toBe(false);
    // a long pause refills only up to the burst
    expect([1, 2, 3, 4].map(() => bucket.take(60_000))).toEqual([true, true, true, false]);
  });

  it('ignores a clock that goes backwards', () => {
    const bucket = new TokenBucket({ perSecond: 1, burst: 1 }, 1_000);
    expect(bucket.take(1_000)).toBe(true);
    expect(bucket.take(0)).toBe(false);
  });
});
