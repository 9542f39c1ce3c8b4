import type { DeviceType, StockState } from '../domain/vocabulary.js';
import { STAIRCASE, stepForDeviceType } from '../screening/staircase.js';
import { STOCK_STATE_NAMES } from './messages.js';
import type { StockUnit } from './stock-unit.js';
import type { StockCounts, StockLevel, StockThreshold, StockWarning } from './thresholds.js';

// Counting as plain code, apart from the zod schemas in thresholds.ts, so the stock board bundles without zod.
// Device types are ordered by their staircase step (the same order as the DeviceType enum).

/** What counting needs from a unit: full `StockUnit`s and live `StockUnitView`s both fit. */
export type CountableStockUnit = Pick<StockUnit, 'deviceType' | 'location' | 'state' | 'citizenId'>;

/** Every stock state, in lifecycle order (the keys of the complete state-name table). */
const STOCK_STATES = Object.keys(STOCK_STATE_NAMES) as StockState[];

export function emptyStockCounts(): StockCounts {
  return Object.fromEntries(STOCK_STATES.map((state) => [state, 0])) as StockCounts;
}

const key = (deviceType: string, location: string) => `${deviceType}\u0000${location}`;

/**
 * Units per (device type, location) and state, with the threshold check: below minimum when fewer units are
 * `in_stock` (reserved ones are promised away) than the minimum. Sorted by device type, then location.
 */
export function stockLevels(units: readonly CountableStockUnit[], thresholds: readonly StockThreshold[]): StockLevel[] {
  const levels = new Map<string, { deviceType: DeviceType; location: string; counts: StockCounts }>();
  const levelFor = (deviceType: DeviceType, location: string) => {
    const id = key(deviceType, location);
    let level = levels.get(id);
    if (!level) {
      level = { deviceType, location, counts: emptyStockCounts() };
      levels.set(id, level);
    }
    return level;
  };
  for (const unit of units) levelFor(unit.deviceType, unit.location).counts[unit.state] += 1;
  const minimums = new Map<string, number>();
  for (const threshold of thresholds) {
    levelFor(threshold.deviceType, threshold.location);
    minimums.set(key(threshold.deviceType, threshold.location), threshold.minimum);
  }
  return [...levels.values()]
    .map((level) => {
      const minimum = minimums.get(key(level.deviceType, level.location));
      const shortBy = minimum === undefined ? 0 : Math.max(0, minimum - level.counts.in_stock);
      return {
        ...level,
        ...(minimum === undefined ? {} : { minimum }),
        belowMinimum: shortBy > 0,
        shortBy,
      };
    })
    .sort(
      (a, b) =>
        stepForDeviceType(a.deviceType) - stepForDeviceType(b.deviceType) ||
        (a.location < b.location ? -1 : a.location > b.location ? 1 : 0),
    );
}

/** A warning for every (device type, location) below its minimum. */
export function stockWarnings(
  units: readonly CountableStockUnit[],
  thresholds: readonly StockThreshold[],
): StockWarning[] {
  return stockLevels(units, thresholds)
    .filter((level) => level.belowMinimum && level.minimum !== undefined)
    .map((level) => {
      const minimum = level.minimum ?? 0;
      const available = level.counts.in_stock;
      const name = STAIRCASE[stepForDeviceType(level.deviceType)]?.name ?? {
        da: level.deviceType,
        en: level.deviceType,
      };
      return {
        code: 'below_minimum' as const,
        deviceType: level.deviceType,
        location: level.location,
        available,
        minimum,
        message: {
          da: `${name.da}: ${available} på lager i ${level.location}, minimum er ${minimum}.`,
          en: `${name.en}: ${available} in stock at ${level.location}, the minimum is ${minimum}.`,
        },
      };
    });
}
