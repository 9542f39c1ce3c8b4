import { z } from 'zod';
import { DeviceType, StockState } from '../domain/vocabulary.js';
import { BilingualText } from '../screening/text.js';
import { StockLocationId } from './unit.js';

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

export { emptyStockCounts, stockLevels, stockWarnings, type CountableStockUnit } from './counting.js';
