import { describe, expect, it } from 'vitest';
import { crashCheckPassed } from './crash/checker.js';
import { DEFAULT_CRASH_OPTIONS, runCrashTest } from './crash/crash-run.js';

/**
 * The short crash test (the long one: `pnpm test:crash --kills 20 --rate 10000`). A child-process server is killed
 * with SIGKILL three times and paused twice while 20 simulated dispensers send 400 events/s; the checker then reads
 * the journal files and compares them with what every device saw acknowledged. The fault times vary from run to run;
 * the assertions are invariants that hold for any schedule.
 */
describe('crash test: kill -9 and SIGSTOP under load', () => {
  it('loses no acknowledged event, duplicates none, leaves no holes and derives each alarm once', async () => {
    const report = await runCrashTest({ ...DEFAULT_CRASH_OPTIONS, kills: 3, pauses: 2 });
    const check = report.check;
    expect(check.violations).toEqual([]);
    expect(report.kills).toBe(3);
    expect(report.finalExit).toEqual({ code: 0, signal: null });
    expect(check.acknowledged).toBe(report.eventsRecorded);
    expect(check.journaledEvents).toBe(report.eventsRecorded);
    expect({ lost: check.lost, duplicates: check.duplicates, holes: check.holes }).toEqual({
      lost: 0,
      duplicates: 0,
      holes: 0,
    });
    expect({ corrupted: check.corrupted, unknown: check.unknown, outboxes: check.nonEmptyOutboxes }).toEqual({
      corrupted: 0,
      unknown: 0,
      outboxes: 0,
    });
    expect(check.alarmTriggers).toBeGreaterThan(0);
    expect(check.alarmsDerived).toBe(check.alarmTriggers);
    expect(check.alarmMismatches).toBe(0);
    expect(crashCheckPassed(check)).toBe(true);
  }, 60_000);
});
