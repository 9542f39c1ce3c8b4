import type { EpochMs } from '@medtek/core';
import type { Clock } from './clock.js';

/** Longest single wait: re-checks the clock at least this often (bounds drift after a suspend, and setTimeout's 2^31 cap). */
const MAX_TIMER_DELAY_MS = 60_000;

/**
 * ONE timer for the whole server: it waits for the earliest engine deadline (`engine.nextDeadline()`) and then calls
 * `onDue(now)`, where the owner applies a `tick` and calls `schedule(engine.nextDeadline())` again. Calling
 * `schedule` after every engine apply is cheap: an unchanged deadline touches no timer.
 *
 * With a manual clock there is no timer at all: a jump past the deadline fires `onDue` synchronously, inside
 * `advance`/`set`, so a test or admin request sees the tick's effects as soon as it returns.
 */
export class DeadlineScheduler {
  private armedFor: EpochMs | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firing = false;
  private stopped = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly clock: Clock,
    private readonly onDue: (now: EpochMs) => void,
  ) {
    this.unsubscribe = clock.onJump(() => this.fireIfDue());
  }

  /** The deadline currently waited for, if any. */
  get deadline(): EpochMs | undefined {
    return this.armedFor;
  }

  /** Waits for `deadline` (replacing any earlier wait); undefined disarms. */
  schedule(deadline: EpochMs | undefined): void {
    if (this.stopped || deadline === this.armedFor) return;
    this.armedFor = deadline;
    this.clearTimer();
    if (deadline === undefined) return;
    if (this.clock.realDelayUntil(deadline) === undefined) {
      // Manual clock: only a jump moves time. A deadline already due fires now (unless we are inside onDue,
      // where fireIfDue picks it up after the callback returns).
      if (!this.firing) this.fireIfDue();
      return;
    }
    this.armTimer(deadline);
  }

  /** Disarms for good (graceful shutdown). */
  stop(): void {
    this.stopped = true;
    this.armedFor = undefined;
    this.clearTimer();
    this.unsubscribe();
  }

  private armTimer(deadline: EpochMs): void {
    const delay = Math.min(this.clock.realDelayUntil(deadline) ?? 0, MAX_TIMER_DELAY_MS);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.armedFor === undefined) return;
      if (this.clock.now() >= this.armedFor) this.fireIfDue();
      else this.armTimer(this.armedFor);
    }, delay);
    // The scheduler alone must not keep the process alive (a stopped server exits).
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Fires while the armed deadline is due. Each round needs a strictly later deadline, so an engine that kept
   * returning the same past deadline cannot spin us (it waits for the next jump or timer instead).
   */
  private fireIfDue(): void {
    if (this.firing || this.stopped) return;
    let lastFired: EpochMs | undefined;
    while (this.armedFor !== undefined && this.clock.now() >= this.armedFor) {
      if (lastFired !== undefined && this.armedFor <= lastFired) return;
      lastFired = this.armedFor;
      this.armedFor = undefined;
      this.clearTimer();
      this.firing = true;
      try {
        this.onDue(this.clock.now());
      } finally {
        this.firing = false;
      }
      // onDue called schedule(): with a timer-based clock the timer is armed already; a due deadline loops here.
      if (this.armedFor !== undefined && this.clock.realDelayUntil(this.armedFor) !== undefined) return;
    }
  }
}
