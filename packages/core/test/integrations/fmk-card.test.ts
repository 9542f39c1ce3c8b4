import { describe, expect, it } from 'vitest';
import { scheduleFromFmkCard } from '../../src/index.js';
import { at, CPR, fmkCard } from './fixtures.js';

const target = { citizenId: 'c-carl', cpr: CPR, now: at('2026-11-25', '10:00') };

describe('FMK dose-dispensing card import', () => {
  it('maps pouches to weekly slots from today, with packing info; pn pouches are left out with a warning', () => {
    const result = scheduleFromFmkCard(fmkCard(), { ...target, timeCriticalDrugs: ['furosemid 40 mg'] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // both periods have the same doses: one version from today
    expect(result.schedules).toHaveLength(1);
    const [schedule] = result.schedules;
    expect(schedule).toMatchObject({
      citizenId: 'c-carl',
      validFrom: '2026-11-25',
      source: 'fmk',
      packing: { packedUntil: '2026-12-06', changeDeadline: at('2026-12-02', '12:00') },
    });
    expect(schedule?.slots).toEqual([
      {
        time: '08:00',
        earlyMinutes: 15,
        lateMinutes: 30,
        timeCritical: true,
        contents: [
          { drug: 'Furosemid 40 mg', amount: 1 },
          { drug: 'Metformin 500 mg', amount: 1 },
        ],
        weekdays: [1, 4],
      },
      {
        time: '08:00',
        earlyMinutes: 30,
        lateMinutes: 60,
        timeCritical: false,
        contents: [{ drug: 'Metformin 500 mg', amount: 1 }],
        weekdays: [2, 3, 5, 6, 7],
      },
      {
        time: '20:00',
        earlyMinutes: 30,
        lateMinutes: 60,
        timeCritical: false,
        contents: [{ drug: 'Simvastatin 20 mg', amount: 1 }],
      },
    ]);
    expect(result.warnings).toEqual(['periods.0.pouches.28: pn pouch left out of the schedule']);
  });

  it('gives one version per period when the pending period differs (a change before its deadline)', () => {
    const card = fmkCard();
    const pending = card.periods[1]!;
    for (const pouch of pending.pouches)
      if (pouch.time === '20:00') pouch.drugs = [{ name: 'Simvastatin 40 mg', amount: 1 }];
    const result = scheduleFromFmkCard(card, target);
    expect(result.ok && result.schedules.map((schedule) => schedule.validFrom)).toEqual(['2026-11-25', '2026-12-07']);
  });

  it('without a packed period there is no packing info', () => {
    const result = scheduleFromFmkCard(fmkCard({ packed: false }), target);
    expect(result.ok && result.schedules[0]?.packing).toBeUndefined();
  });

  it('refuses a card for another CPR number', () => {
    expect(scheduleFromFmkCard(fmkCard(), { ...target, cpr: '0202501234' })).toEqual({
      ok: false,
      errors: [{ path: 'cpr', message: 'the card belongs to another citizen (CPR differs from the registry)' }],
    });
  });

  it('names the field of invalid input', () => {
    const card = fmkCard() as unknown as { periods: { pouches: { time: string; drugs: { amount: number }[] }[] }[] };
    card.periods[0]!.pouches[3]!.time = '25:00';
    card.periods[1]!.pouches[0]!.drugs[0]!.amount = 0;
    const result = scheduleFromFmkCard(card, target);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((error) => error.path)).toEqual([
      'periods.0.pouches.3.time',
      'periods.1.pouches.0.drugs.0.amount',
    ]);
  });

  it('refuses a bad CPR, a missing format tag and pouches outside the period; then overlapping periods', () => {
    const card = fmkCard();
    const bad = {
      ...card,
      format: undefined,
      cpr: '3113401234',
      periods: [
        { ...card.periods[0]!, pouches: [{ date: '2026-12-24', time: '08:00', drugs: [{ name: 'X', amount: 1 }] }] },
        { ...card.periods[1]!, start: '2026-12-06' },
      ],
    };
    const result = scheduleFromFmkCard(bad, target);
    expect(!result.ok && result.errors.map((error) => error.path).sort()).toEqual([
      'cpr',
      'format',
      'periods.0.pouches.0.date',
    ]);
    // whole-card checks run once the parts are valid
    const overlapping = { ...card, periods: [card.periods[0]!, { ...card.periods[1]!, start: '2026-12-06' }] };
    const second = scheduleFromFmkCard(overlapping, target);
    expect(!second.ok && second.errors).toEqual([{ path: 'periods.1.start', message: 'overlaps the previous period' }]);
  });

  it('refuses doses that do not repeat weekly, naming the pouch', () => {
    const card = fmkCard();
    // Thursday 2026-12-03's evening dose differs from Thursday 2026-11-26's
    const index = card.periods[0]!.pouches.findIndex((pouch) => pouch.date === '2026-12-03' && pouch.time === '20:00');
    card.periods[0]!.pouches[index]!.drugs = [{ name: 'Simvastatin 40 mg', amount: 1 }];
    const result = scheduleFromFmkCard(card, target);
    expect(!result.ok && result.errors).toEqual([
      {
        path: `periods.0.pouches.${index}`,
        message: 'the 20:00 dose on 2026-12-03 differs from 2026-11-26 (same weekday): doses must repeat weekly',
      },
    ]);
  });
});
