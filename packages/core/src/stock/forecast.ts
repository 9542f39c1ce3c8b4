import { z } from 'zod';
import { CitizenId, DeviceType } from '../domain/vocabulary.js';

export const StockForecastLine = z.strictObject({
  deviceType: DeviceType,
  /** Units on the shelf: in stock plus reserved. */
  onShelf: z.number().int().min(0),
  reserved: z.number().int().min(0),
  /** Collected, cleaning or in repair: may come back to stock later (not counted as available). */
  inPipeline: z.number().int().min(0),
  /** Citizens whose latest screening calls for this type, with no unit of it installed or reserved for them. */
  pendingDemand: z.number().int().min(0),
  pendingCitizenIds: z.array(CitizenId),
  /** onShelf − reserved − pendingDemand. */
  projected: z.number().int(),
  /** Units missing to meet the pending demand (0 when there are enough). */
  shortfall: z.number().int().min(0),
  /** Sum of the type's minimums over all locations. */
  minimumTotal: z.number().int().min(0),
  /** After meeting the demand, fewer units would be left than the minimums ask for. */
  belowMinimumAfterDemand: z.boolean(),
});
export type StockForecastLine = z.infer<typeof StockForecastLine>;

export const StockForecast = z.strictObject({
  lines: z.array(StockForecastLine),
  /** Device types with a shortfall, in staircase order. */
  shortfalls: z.array(DeviceType),
});
export type StockForecast = z.infer<typeof StockForecast>;

export { forecastStock } from './forecasting.js';
