import { copenhagenToEpoch, type FmkDoseCardInput } from '../../src/index.js';

export const CPR = '0101401234';
export const at = (date: string, time: string): number => copenhagenToEpoch(date, time);

const METFORMIN = { drugId: '28100636', name: 'Metformin 500 mg', amount: 1 };
const SIMVASTATIN = { name: 'Simvastatin 20 mg', amount: 1 };
const FUROSEMID = { name: 'Furosemid 40 mg', amount: 1 };

function dates(start: string, days: number): string[] {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  return Array.from({ length: days }, (_, i) => new Date(Date.UTC(y, m - 1, d + i)).toISOString().slice(0, 10));
}

/** ISO weekday of a date. */
const weekday = (date: string): number => {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
};

/**
 * A 14-day period from Monday 2026-11-23: Metformin at 08:00 every day, Simvastatin at 20:00 every day, Furosemid at
 * 08:00 on Mondays and Thursdays; `evening` overrides the evening dose.
 */
export function fmkCard(options: { evening?: typeof SIMVASTATIN; packed?: boolean } = {}): FmkDoseCardInput {
  const evening = options.evening ?? SIMVASTATIN;
  const period1 = dates('2026-11-23', 14);
  const period2 = dates('2026-12-07', 14);
  const pouches = (days: string[]) =>
    days.flatMap((date) => [
      { date, time: '08:00', drugs: [METFORMIN, ...([1, 4].includes(weekday(date)) ? [FUROSEMID] : [])] },
      { date, time: '20:00', drugs: [evening] },
    ]);
  // a deep copy without shared objects (structuredClone keeps them shared): tests mutate pouches
  return json({
    format: 'medtek.fmk-dose-card/1' as const,
    cpr: '010140-1234',
    retrievedAt: '2026-11-25T10:00:00+01:00',
    pharmacy: { name: 'Aarhus Løve Apotek', gln: '5790000170609' },
    periods: [
      {
        periodId: 'P-2026-48',
        start: '2026-11-23',
        end: '2026-12-06',
        changeDeadline: '2026-11-18T12:00:00+01:00',
        ...(options.packed === false ? {} : { packedAt: '2026-11-19T06:00:00+01:00' }),
        pouches: [
          ...pouches(period1),
          { date: '2026-11-24', time: '12:00', asNeeded: true, drugs: [{ name: 'Paracetamol 500 mg', amount: 2 }] },
        ],
      },
      {
        periodId: 'P-2026-50',
        start: '2026-12-07',
        end: '2026-12-20',
        changeDeadline: '2026-12-02T12:00:00+01:00',
        pouches: pouches(period2),
      },
    ],
  });
}

const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
