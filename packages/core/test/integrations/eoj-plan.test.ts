import { describe, expect, it } from 'vitest';
import { scheduleFromEojPlan } from '../../src/index.js';
import { at, CPR } from './fixtures.js';

const target = { citizenId: 'c-eva', cpr: CPR, now: at('2026-11-25', '10:00') };
const plan = {
  format: 'medtek.eoj-plan/1',
  planId: 'cura-4711',
  cpr: CPR,
  validFrom: '2026-11-20',
  drugs: [
    { name: 'Furosemid 40 mg', doses: [{ time: '08:00', amount: 1 }] },
    { name: 'Kaliumklorid 750 mg', doses: [{ time: '08:00', amount: 2, weekdays: [1, 3, 5] }] },
    {
      name: 'Levodopa/benserazid 100/25 mg',
      timeCritical: true,
      doses: [
        { time: '07:00', amount: 1 },
        { time: '13:00', amount: 1 },
      ],
    },
  ],
};

describe('EOJ plan import (manually dispensed medicine)', () => {
  it('maps drugs, times and weekdays to slots from today; time-critical drugs get the narrow window', () => {
    const result = scheduleFromEojPlan(plan, target);
    expect(result).toEqual({
      ok: true,
      warnings: [],
      schedules: [
        {
          citizenId: 'c-eva',
          validFrom: '2026-11-25',
          source: 'eoj',
          slots: [
            {
              time: '07:00',
              earlyMinutes: 15,
              lateMinutes: 30,
              timeCritical: true,
              contents: [{ drug: 'Levodopa/benserazid 100/25 mg', amount: 1 }],
            },
            {
              time: '08:00',
              earlyMinutes: 30,
              lateMinutes: 60,
              timeCritical: false,
              contents: [
                { drug: 'Furosemid 40 mg', amount: 1 },
                { drug: 'Kaliumklorid 750 mg', amount: 2 },
              ],
              weekdays: [1, 3, 5],
            },
            {
              time: '08:00',
              earlyMinutes: 30,
              lateMinutes: 60,
              timeCritical: false,
              contents: [{ drug: 'Furosemid 40 mg', amount: 1 }],
              weekdays: [2, 4, 6, 7],
            },
            {
              time: '13:00',
              earlyMinutes: 15,
              lateMinutes: 30,
              timeCritical: true,
              contents: [{ drug: 'Levodopa/benserazid 100/25 mg', amount: 1 }],
            },
          ],
        },
      ],
    });
  });

  it('honours a custom window and a future start date', () => {
    const result = scheduleFromEojPlan(
      { ...plan, validFrom: '2026-12-01' },
      { ...target, window: { earlyMinutes: 10, lateMinutes: 20 } },
    );
    expect(result.ok && result.schedules[0]?.validFrom).toBe('2026-12-01');
    expect(result.ok && result.schedules[0]?.slots[1]).toMatchObject({ earlyMinutes: 10, lateMinutes: 20 });
  });

  it('names the bad fields', () => {
    const bad = {
      ...plan,
      drugs: [
        { name: '', doses: [{ time: '8:00', amount: 1 }] },
        { name: 'X', doses: [{ time: '08:00', amount: 1, weekdays: [1, 1, 8] }] },
      ],
    };
    const result = scheduleFromEojPlan(bad, target);
    // the duplicate Monday and the weekday 8 are both named
    expect(!result.ok && result.errors.map((error) => error.path).sort()).toEqual([
      'drugs.0.doses.0.time',
      'drugs.0.name',
      'drugs.1.doses.0.weekdays',
      'drugs.1.doses.0.weekdays.2',
    ]);
  });

  it('refuses a plan for another CPR number and unknown fields', () => {
    expect(scheduleFromEojPlan({ ...plan, cpr: '0202501234' }, target)).toMatchObject({
      ok: false,
      errors: [{ path: 'cpr' }],
    });
    expect(scheduleFromEojPlan({ ...plan, note: 'x' }, target)).toMatchObject({ ok: false, errors: [{ path: '' }] });
  });

  it('refuses more than 24 slots a day, naming the schedule field', () => {
    const many = {
      ...plan,
      drugs: Array.from({ length: 25 }, (_, hour) => ({
        name: `Drug ${hour}`,
        doses: [{ time: `${String(hour % 24).padStart(2, '0')}:${hour < 24 ? '00' : '30'}`, amount: 1 }],
      })),
    };
    expect(scheduleFromEojPlan(many, target)).toMatchObject({ ok: false, errors: [{ path: 'schedules.0.slots' }] });
  });
});
