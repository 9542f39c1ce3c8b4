import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AcceleratedClock,
  adjustManualClock,
  ClockAdjustRequest,
  createClock,
  DeadlineScheduler,
  ManualClock,
  RealClock,
} from '../../src/clock/index.js';

const T0 = Date.parse('2026-11-25T07:00:00Z');

describe('clocks', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it('real clock follows the system time', () => {
    const clock = new RealClock();
    expect(clock.now()).toBe(T0);
    vi.advanceTimersByTime(1_500);
    expect(clock.now()).toBe(T0 + 1_500);
    expect(clock.realDelayUntil(T0 + 2_000)).toBe(500);
    expect(clock.realDelayUntil(T0)).toBe(0);
  });

  it('accelerated clock starts at its start instant and runs factor times faster', () => {
    const start = Date.parse('2026-01-01T06:00:00Z');
    const clock = new AcceleratedClock(start, 60);
    expect(clock.now()).toBe(start);
    vi.advanceTimersByTime(1_000);
    expect(clock.now()).toBe(start + 60_000);
    expect(clock.realDelayUntil(start + 60_000 + 3_600_000)).toBe(60_000);
    expect(() => new AcceleratedClock(start, 0)).toThrow(RangeError);
  });

  it('manual clock moves only when told, and never backwards', () => {
    const clock = new ManualClock(T0);
    vi.advanceTimersByTime(10_000);
    expect(clock.now()).toBe(T0);
    expect(clock.advance(5_000)).toBe(T0 + 5_000);
    expect(clock.set(T0 + 60_000)).toBe(T0 + 60_000);
    expect(() => clock.set(T0)).toThrow(/never runs backwards/);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(clock.realDelayUntil()).toBeUndefined();
  });

  it('createClock builds the configured clock', () => {
    expect(createClock({ mode: 'real' }).mode).toBe('real');
    expect(createClock({ mode: 'manual' }).now()).toBe(T0);
    expect(createClock({ mode: 'manual', startAt: 42 }).now()).toBe(42);
    const fast = createClock({ mode: 'accelerated', factor: 10 });
    vi.advanceTimersByTime(100);
    expect(fast.now()).toBe(T0 + 1_000);
  });
});

describe('DeadlineScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it('keeps one timer for the earliest deadline and fires once it is reached', () => {
    const fired: number[] = [];
    const scheduler = new DeadlineScheduler(new RealClock(), (now) => fired.push(now));
    scheduler.schedule(T0 + 1_000);
    expect(vi.getTimerCount()).toBe(1);
    scheduler.schedule(T0 + 500); // the engine's next deadline moved earlier
    expect(vi.getTimerCount()).toBe(1);
    scheduler.schedule(T0 + 500); // unchanged: no timer churn
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(499);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([T0 + 500]);
    expect(scheduler.deadline).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('lets the callback re-arm for the next deadline', () => {
    const fired: number[] = [];
    const deadlines = [T0 + 100, T0 + 250, undefined];
    let index = 0;
    const scheduler = new DeadlineScheduler(new RealClock(), (now) => {
      fired.push(now);
      index += 1;
      scheduler.schedule(deadlines[index]);
    });
    scheduler.schedule(deadlines[0]);
    vi.advanceTimersByTime(1_000);
    expect(fired).toEqual([T0 + 100, T0 + 250]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('disarms on undefined and on stop', () => {
    const onDue = vi.fn();
    const scheduler = new DeadlineScheduler(new RealClock(), onDue);
    scheduler.schedule(T0 + 100);
    scheduler.schedule(undefined);
    vi.advanceTimersByTime(1_000);
    scheduler.schedule(T0 + 2_000);
    scheduler.stop();
    scheduler.schedule(T0 + 3_000);
    vi.advanceTimersByTime(10_000);
    expect(onDue).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits in bounded steps for a far deadline (no setTimeout overflow)', () => {
    const onDue = vi.fn();
    const far = T0 + 40 * 24 * 3_600_000; // beyond setTimeout's 2^31 ms
    new DeadlineScheduler(new RealClock(), onDue).schedule(far);
    vi.advanceTimersByTime(40 * 24 * 3_600_000 - 1);
    expect(onDue).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onDue).toHaveBeenCalledWith(far);
  });

  it('converts deadlines to real delays with an accelerated clock', () => {
    const onDue = vi.fn();
    const clock = new AcceleratedClock(T0, 60);
    new DeadlineScheduler(clock, onDue).schedule(T0 + 3_600_000); // one clock hour = one real minute
    vi.advanceTimersByTime(59_999);
    expect(onDue).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onDue).toHaveBeenCalledTimes(1);
    expect(onDue.mock.calls[0]![0]).toBeGreaterThanOrEqual(T0 + 3_600_000);
  });

  it('with a manual clock, fires due deadlines synchronously inside advance and uses no timer', () => {
    const clock = new ManualClock(T0);
    const fired: number[] = [];
    const deadlines = [T0 + 1_000, T0 + 2_000, T0 + 5_000];
    const scheduler = new DeadlineScheduler(clock, (now) => {
      fired.push(now);
      // The engine processes everything up to `now` in one tick, then reports its next deadline.
      scheduler.schedule(deadlines.find((d) => d > now));
    });
    scheduler.schedule(deadlines[0]);
    expect(vi.getTimerCount()).toBe(0);
    clock.advance(999);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual([T0 + 1_000]);
    clock.advance(3_000); // passes 2 000, lands at 4 000
    expect(fired).toEqual([T0 + 1_000, T0 + 4_000]);
    expect(scheduler.deadline).toBe(T0 + 5_000);
    vi.advanceTimersByTime(60_000);
    expect(fired).toHaveLength(2);
  });

  it('with a manual clock, an already-due deadline fires at once and a stuck engine cannot spin', () => {
    const clock = new ManualClock(T0);
    let calls = 0;
    const scheduler = new DeadlineScheduler(clock, () => {
      calls += 1;
      scheduler.schedule(T0 - 10); // a buggy engine reporting the same past deadline again
    });
    scheduler.schedule(T0 - 10);
    expect(calls).toBe(1);
    clock.advance(1);
    expect(calls).toBe(2);
  });
});

describe('admin clock request', () => {
  it('advances or sets a manual clock', () => {
    const clock = new ManualClock(T0);
    expect(adjustManualClock(clock, ClockAdjustRequest.parse({ advanceMs: 60_000 }))).toEqual({
      ok: true,
      now: T0 + 60_000,
    });
    expect(adjustManualClock(clock, ClockAdjustRequest.parse({ set: '2026-11-25T08:00:00Z' }))).toEqual({
      ok: true,
      now: T0 + 3_600_000,
    });
    expect(adjustManualClock(clock, ClockAdjustRequest.parse({ set: T0 }))).toMatchObject({
      ok: false,
      reason: 'backwards',
    });
  });

  it('refuses to move a real clock and rejects malformed bodies', () => {
    expect(adjustManualClock(new RealClock(), { advanceMs: 1 })).toMatchObject({ ok: false, reason: 'not_manual' });
    expect(ClockAdjustRequest.safeParse({ advanceMs: -5 }).success).toBe(false);
    expect(ClockAdjustRequest.safeParse({ advanceMs: 1, set: 2 }).success).toBe(false);
    expect(ClockAdjustRequest.safeParse({}).success).toBe(false);
  });
});
