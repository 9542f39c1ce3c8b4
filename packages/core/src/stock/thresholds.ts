import { z } from 'zod';
import { DeviceType, StockState } from '../domain/vocabulary.js';
import { STAIRCASE, stepForDeviceType } from '../screening/staircase.js';
import { BilingualText } from '../screening/text.js';
import type { StockUnit } from './stock-unit.js';
import { StockLocationId } from './unit.js';

/** What counting needs from a unit: full `StockUnit`s and live `StockUnitView`s both fit. */
export type CountableStockUnit = Pick<StockUnit, 'deviceType' | 'location' | 'state' | 'citizenId'>;

/** The fewest units of a type that should be on the shelf (in stock, unreserved) at a location. */
export const StockThreshold = z.strictObject({
  deviceType: DeviceType,
  location: StockLocationId,
  minimum: z.number().int().min(0).max(100_000),
});
export type StockThreshold = z.infer<typeof StockThreshold>;

export const StockCounts = z.strictObject(
  Object.fromEntries(StockState.options.map((state) => [state, z.number().int().min(0)])) as Record<
    StockState,
    z.ZodNumber
  >,
);
export type StockCounts = z.infer<typeof StockCounts>;

export const StockLevel = z.strictObject({
  deviceType: DeviceType,
  location: StockLocationId,
  counts: StockCounts,
  minimum: z.number().int().min(0).optional(),
  belowMinimum: z.boolean(),
  /** Units missing to reach the minimum (0 when not below). */
  shortBy: z.number().int().min(0),
});
export type StockLevel = z.infer<typeof StockLevel>;

export const StockWarning = z.strictObject({
  code: z.literal('below_minimum'),
  deviceType: DeviceType,
  location: StockLocationId,
  available: z.number().int().min(0),
  minimum: z.number().int().min(0),
  message: BilingualText,
});
export type StockWarning = z.infer<typeof StockWarning>;

export function emptyStockCounts(): StockCounts {
  return Object.fromEntries(StockState.options.map((state) => [state, 0])) as StockCounts;
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
        DeviceType.options.indexOf(a.deviceType) - DeviceType.options.indexOf(b.deviceType) ||
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
