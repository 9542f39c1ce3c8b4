import { z } from 'zod';
import { type Clock, ManualClock } from './clock.js';

/**
 * Body of POST /api/v1/admin/clock (administrators only, manual clock only): move time forward by `advanceMs`, or
 * set it to `set` (epoch ms or ISO 8601 with offset; never earlier than now).
 */
export const ClockAdjustRequest = z.union([
  z.strictObject({
    advanceMs: z
      .number()
      .int()
      .min(0)
      .max(366 * 24 * 3_600_000),
  }),
  z.strictObject({
    set: z.union([
      z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      z.iso.datetime({ offset: true }).transform((text) => Date.parse(text)),
    ]),
  }),
]);
export type ClockAdjustRequest = z.infer<typeof ClockAdjustRequest>;

export type ClockAdjustResult =
  { ok: true; now: number } | { ok: false; reason: 'not_manual' | 'backwards'; message: string };

/** Applies an admin clock request; due deadlines fire synchronously before this returns. */
export function adjustManualClock(clock: Clock, request: ClockAdjustRequest): ClockAdjustResult {
  if (!(clock instanceof ManualClock)) {
    return {
      ok: false,
      reason: 'not_manual',
      message: `the server runs a ${clock.mode} clock; only a manual clock can be moved`,
    };
  }
  if ('set' in request && request.set < clock.now()) {
    return { ok: false, reason: 'backwards', message: `the manual clock never runs backwards (now ${clock.now()})` };
  }
  const now = 'set' in request ? clock.set(request.set) : clock.advance(request.advanceMs);
  return { ok: true, now };
}
