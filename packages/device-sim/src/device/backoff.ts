import type { Random } from '../random.js';

export interface BackoffOptions {
  /** First retry delay cap (local ms). */
  initialMs: number;
  /** Largest delay cap (local ms). */
  maxMs: number;
  /** Growth per failed attempt. */
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, factor: 2 };

/**
 * Exponential backoff with "equal jitter": half the cap is fixed, half random. The fixed half keeps a herd of devices
 * from hammering a recovering server; the random half spreads their reconnects out (reliability.md §5, spike shape).
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: Random): number {
  const cap = Math.min(options.maxMs, options.initialMs * options.factor ** Math.max(0, attempt));
  return cap / 2 + random.next() * (cap / 2);
}
