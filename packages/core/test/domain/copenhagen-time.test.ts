import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addLocalDays,
  copenhagenOffsetMs,
  copenhagenToEpoch,
  epochToCopenhagen,
  localWeekday,
  nextCopenhagenMidnight,
  slotInstant,
} from '../../src/domain/copenhagen-time.js';

const iso = (at: number) => new Date(at).toISOString();

describe('Europe/Copenhagen wall-clock time', () => {
  it('maps an ordinary winter and summer slot to CET and CEST', () => {
    expect(iso(copenhagenToEpoch('2026-01-15', '08:00'))).toBe('2026-01-15T07:00:00.000Z');
    expect(iso(copenhagenToEpoch('2026-07-15', '08:00'))).toBe('2026-07-15T06:00:00.000Z');
  });

  it('shifts a 02:30 slot on the spring-forward day (2026-03-29) one hour later, to 03:30 CEST', () => {
    const at = copenhagenToEpoch('2026-03-29', '02:30');
    expect(iso(at)).toBe('2026-03-29T01:30:00.000Z');
    expect(epochToCopenhagen(at)).toEqual({ date: '2026-03-29', time: '03:30', weekday: 7 });
    // 01:59 is still CET, 03:00 already CEST: exactly one real minute apart.
    expect(copenhagenToEpoch('2026-03-29', '03:00') - copenhagenToEpoch('2026-03-29', '01:59')).toBe(60_000);
  });

  it('takes the first occurrence of a 02:30 slot on the fall-back day (2026-10-25)', () => {
    const at = copenhagenToEpoch('2026-10-25', '02:30');
    expect(iso(at)).toBe('2026-10-25T00:30:00.000Z');
    expect(epochToCopenhagen(at).time).toBe('02:30');
    // one hour later the wall clock shows 02:30 again (CET)
    expect(epochToCopenhagen(at + 3_600_000).time).toBe('02:30');
    expect(slotInstant('2026-10-25T02:30')).toBe(at);
  });

  it('days around the changes have 23 and 25 hours', () => {
    expect(
      nextCopenhagenMidnight(copenhagenToEpoch('2026-03-29', '00:00')) - copenhagenToEpoch('2026-03-29', '00:00'),
    ).toBe(23 * 3_600_000);
    expect(
      nextCopenhagenMidnight(copenhagenToEpoch('2026-10-25', '00:00')) - copenhagenToEpoch('2026-10-25', '00:00'),
    ).toBe(25 * 3_600_000);
  });

  it('agrees with the platform time-zone database for any instant 2000–2037', () => {
    const formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Copenhagen',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2037, 11, 31) }), (at) => {
        const parts = Object.fromEntries(formatter.formatToParts(at).map((part) => [part.type, part.value]));
        const local = epochToCopenhagen(at);
        expect(local.date).toBe(`${parts.year}-${parts.month}-${parts.day}`);
        expect(local.time).toBe(`${parts.hour}:${parts.minute}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips every existing wall-clock minute (local → instant → local)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2037, 11, 31) }), (at) => {
        const minute = at - (at % 60_000);
        const local = epochToCopenhagen(minute);
        const back = copenhagenToEpoch(local.date, local.time);
        // the second occurrence of a fall-back hour maps to the first one, an hour earlier
        expect([minute, minute - 3_600_000]).toContain(back);
        expect(copenhagenOffsetMs(minute)).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('steps local dates across month and year ends and knows the weekday', () => {
    expect(addLocalDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addLocalDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(localWeekday('2026-03-29')).toBe(7);
    expect(localWeekday('2026-03-30')).toBe(1);
  });
});
