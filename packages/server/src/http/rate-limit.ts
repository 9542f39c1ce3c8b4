import type { RateLimitConfig } from '../config/schema.js';

/**
 * A token bucket per socket (limits.deviceRate / limits.widgetRate): `burst` frames at once, refilled at
 * `perSecond`. Time is passed in (real milliseconds, e.g. performance.now()), so it is deterministic in tests.
 * Keep it in the socket's user data: it disappears with the socket, nothing to clean up.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: RateLimitConfig,
    now: number,
  ) {
    this.tokens = limit.burst;
    this.last = now;
  }

  /** Takes one token; false means "rate limited" (answer with error `rate_limited`, close 4005 when repeated). */
  take(now: number): boolean {
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.limit.burst, this.tokens + (elapsed * this.limit.perSecond) / 1000);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
