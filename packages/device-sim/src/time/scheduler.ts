/**
 * Local (monotonic) time and timers for the simulator. Devices run on a Scheduler so that unit tests drive them with
 * a virtual clock (no sleeps) and the fleet drives them with real timers.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Scheduler {
  /** Local monotonic milliseconds (not the server's or the device's wall clock). */
  now(): number;
  /** Runs `callback` once after `delayMs` local milliseconds. */
  setTimer(delayMs: number, callback: () => void): TimerHandle;
}

/** Real timers (fleet, CLI, load). */
export function realScheduler(): Scheduler {
  return {
    now: () => performance.now(),
    setTimer(delayMs, callback) {
      const timer = setTimeout(callback, Math.max(0, delayMs));
      timer.unref?.();
      return { cancel: () => clearTimeout(timer) };
    },
  };
}

interface VirtualTimer {
  at: number;
  order: number;
  callback: () => void;
  cancelled: boolean;
}

/** A virtual clock for deterministic tests: time moves only when `advance` is called. */
export class VirtualScheduler implements Scheduler {
  private current: number;
  private order = 0;
  private timers: VirtualTimer[] = [];

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const timer: VirtualTimer = {
      at: this.current + Math.max(0, delayMs),
      order: this.order++,
      callback,
      cancelled: false,
    };
    this.timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Moves time forward by `ms`, firing every timer due on the way in time order (timers may add timers). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const next = this.nextDue(target);
      if (!next) break;
      this.timers = this.timers.filter((timer) => timer !== next);
      this.current = Math.max(this.current, next.at);
      next.callback();
    }
    this.current = target;
  }

  /** Number of timers still pending (tests use it to check that a stopped device left nothing behind). */
  pendingTimers(): number {
    return this.timers.filter((timer) => !timer.cancelled).length;
  }

  private nextDue(target: number): VirtualTimer | undefined {
    let best: VirtualTimer | undefined;
    for (const timer of this.timers) {
      if (timer.cancelled || timer.at > target) continue;
      if (!best || timer.at < best.at || (timer.at === best.at && timer.order < best.order)) best = timer;
    }
    this.timers = this.timers.filter((timer) => !timer.cancelled);
    return best;
  }
}
