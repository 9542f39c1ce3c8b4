import type { EpochMs } from '@medtek/core';

export type ClockMode = 'real' | 'accelerated' | 'manual';

/**
 * The server's notion of "now". The engine receives this time as an input; the DeadlineScheduler turns engine
 * deadlines (in clock time) into real timer delays.
 */
export interface Clock {
  readonly mode: ClockMode;
  now(): EpochMs;
  /** Real milliseconds until the clock reads `at` (0 if already passed); undefined when only a manual jump moves time. */
  realDelayUntil(at: EpochMs): number | undefined;
  /** Called after every jump of a manual clock (advance/set); real and accelerated clocks never jump. */
  onJump(listener: (now: EpochMs) => void): () => void;
}

const noJumps = (): (() => void) => () => undefined;

export class RealClock implements Clock {
  readonly mode = 'real';
  now(): EpochMs {
    return Date.now();
  }
  realDelayUntil(at: EpochMs): number {
    return Math.max(0, at - Date.now());
  }
  onJump = noJumps;
}

/**
 * Demo mode: starts at `startAt` and runs `factor` times faster than real time. Devices learn this time from the
 * `serverTime` of challenges and acks, so simulated dispensers follow it.
 */
export class AcceleratedClock implements Clock {
  readonly mode = 'accelerated';
  private readonly realStart: number;

  constructor(
    private readonly startAt: EpochMs,
    readonly factor: number,
    private readonly realNow: () => number = Date.now,
  ) {
    if (!(factor > 0) || !Number.isFinite(factor))
      throw new RangeError(`acceleration factor must be > 0, got ${factor}`);
    this.realStart = realNow();
  }

  now(): EpochMs {
    return Math.floor(this.startAt + (this.realNow() - this.realStart) * this.factor);
  }

  realDelayUntil(at: EpochMs): number {
    return Math.max(0, Math.ceil((at - this.now()) / this.factor));
  }

  onJump = noJumps;
}

/**
 * Tests and vendor conformance runs: time stands still until `advance` or `set` moves it (the authenticated admin
 * request POST /api/v1/admin/clock). It never runs backwards: journaled engine inputs must have monotonic time.
 */
export class ManualClock implements Clock {
  readonly mode = 'manual';
  private current: EpochMs;
  private readonly listeners = new Set<(now: EpochMs) => void>();

  constructor(startAt: EpochMs) {
    if (!Number.isSafeInteger(startAt) || startAt < 0)
      throw new RangeError(`start instant must be epoch ms, got ${startAt}`);
    this.current = startAt;
  }

  now(): EpochMs {
    return this.current;
  }

  realDelayUntil(): undefined {
    return undefined;
  }

  onJump(listener: (now: EpochMs) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Moves time forward by `ms` (≥ 0) and fires due deadlines synchronously. Returns the new time. */
  advance(ms: number): EpochMs {
    if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`advance needs a whole number of ms ≥ 0, got ${ms}`);
    return this.set(this.current + ms);
  }

  /** Sets the time to `at` (not earlier than now) and fires due deadlines synchronously. Returns the new time. */
  set(at: EpochMs): EpochMs {
    if (!Number.isSafeInteger(at) || at < this.current) {
      throw new RangeError(`the manual clock never runs backwards: ${at} is before ${this.current}`);
    }
    this.current = at;
    for (const listener of [...this.listeners]) listener(at);
    return at;
  }
}
