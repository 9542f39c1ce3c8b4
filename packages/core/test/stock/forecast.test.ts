import { describe, expect, it } from 'vitest';
import {
  StockForecast,
  forecastStock,
  stockLevels,
  stockWarnings,
  submitScreening,
  toStockUnitView,
  type Answers,
  type Screening,
  type StockThreshold,
} from '../../src/index.js';
import { moved, newUnit, t0 } from './fixtures.js';

const lockedAnswers: Answers = {
  medicine_supply: 'pharmacy_dose_roll',
  administrations_per_day: 3,
  time_critical: false,
  can_take_alone: true,
  must_lock: true,
  must_observe: false,
  can_press_button: true,
  travels: false,
  needs_virtual_visits: false,
};

/** A submitted screening recommending MedidoClock (step 2) for the citizen. */
function medidoScreening(citizenId: string, assessedAt = t0): Screening {
  const result = submitScreening(
    {
      screeningId: `scr-${citizenId}-${assessedAt}`,
      citizenId,
      kind: 'initial',
      questionnaire: { id: 'medication-staircase', version: 1 },
      answers: lockedAnswers,
      status: 'draft',
      assessedBy: 'nurse-anna',
      assessedAt,
    },
    { assessedBy: 'nurse-anna', assessedAt },
  );
  if (!result.ok) throw new Error(result.code);
  return result.screening;
}

const thresholds: StockThreshold[] = [
  { deviceType: 'medido', location: 'depot-nord', minimum: 2 },
  { deviceType: 'smila', location: 'depot-nord', minimum: 1 },
];

describe('stock levels and thresholds', () => {
  it('counts units per type, location and state, and warns below the minimum of units in stock', () => {
    const units = [
      newUnit('m1'),
      moved(newUnit('m2'), { kind: 'reserve', citizenId: 'c1' }),
      newUnit('m3', 'medido', 'depot-syd'),
    ];
    const levels = stockLevels(units, thresholds);
    expect(levels.map((level) => [level.deviceType, level.location, level.counts.in_stock, level.shortBy])).toEqual([
      ['medido', 'depot-nord', 1, 1],
      ['medido', 'depot-syd', 1, 0],
      ['smila', 'depot-nord', 0, 1],
    ]);
    const warnings = stockWarnings(units, thresholds);
    expect(warnings.map((warning) => warning.message)).toEqual([
      {
        da: 'MedidoClock: 1 på lager i depot-nord, minimum er 2.',
        en: 'MedidoClock: 1 in stock at depot-nord, the minimum is 2.',
      },
      { da: 'Smila: 0 på lager i depot-nord, minimum er 1.', en: 'Smila: 0 in stock at depot-nord, the minimum is 1.' },
    ]);
  });
});

describe('forecastStock', () => {
  it('counts citizens whose technology is not yet installed or reserved as pending demand, and flags a shortfall', () => {
    const units = [
      newUnit('m1'),
      moved(newUnit('m2'), { kind: 'reserve', citizenId: 'c-reserved' }),
      moved(
        newUnit('m3'),
        { kind: 'reserve', citizenId: 'c-installed' },
        { kind: 'install', citizenId: 'c-installed' },
      ),
      moved(
        newUnit('m4'),
        { kind: 'reserve', citizenId: 'x' },
        { kind: 'install', citizenId: 'x' },
        { kind: 'collect' },
      ),
    ];
    const screenings = [
      medidoScreening('c-installed'),
      medidoScreening('c-reserved'),
      medidoScreening('c-new-1'),
      medidoScreening('c-new-2'),
    ];
    const forecast = forecastStock(units, screenings, thresholds);
    expect(StockForecast.safeParse(forecast).success).toBe(true);
    const medido = forecast.lines.find((line) => line.deviceType === 'medido');
    expect(medido).toEqual({
      deviceType: 'medido',
      onShelf: 2,
      reserved: 1,
      inPipeline: 1,
      pendingDemand: 2,
      pendingCitizenIds: ['c-new-1', 'c-new-2'],
      projected: -1,
      shortfall: 1,
      minimumTotal: 2,
      belowMinimumAfterDemand: true,
    });
    expect(forecast.shortfalls).toEqual(['medido']);
    expect(forecast.lines.map((line) => line.deviceType)).toEqual(['flexsmart', 'medido', 'smila', 'medimi']);
  });

  it("uses each citizen's latest submitted screening and ignores drafts and non-technology steps", () => {
    const older = medidoScreening('c1', t0);
    const newer: Screening = {
      ...medidoScreening('c1', t0 + 1000),
      decidedStep: 5,
      deviationNote: 'Borgeren ønsker fortsat besøg',
    };
    const draft: Screening = { ...medidoScreening('c2'), status: 'draft' };
    const forecast = forecastStock([newUnit('m1')], [newer, older, draft]);
    expect(forecast.lines.every((line) => line.pendingDemand === 0)).toBe(true);
    expect(forecastStock([newUnit('m1')], [older, draft]).lines[1]?.pendingCitizenIds).toEqual(['c1']);
  });
});

describe('on live views', () => {
  it('levels, warnings and forecast work on StockUnitView items as on full units', () => {
    const units = [newUnit('m1'), moved(newUnit('m2'), { kind: 'reserve', citizenId: 'c1' })];
    const views = units.map(toStockUnitView);
    expect(stockLevels(views, thresholds)).toEqual(stockLevels(units, thresholds));
    expect(stockWarnings(views, thresholds)).toEqual(stockWarnings(units, thresholds));
    const screenings = [medidoScreening('c2')];
    expect(forecastStock(views, screenings, thresholds)).toEqual(forecastStock(units, screenings, thresholds));
  });
});
