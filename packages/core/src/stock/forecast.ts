import { z } from 'zod';
import { CitizenId, DeviceType } from '../domain/vocabulary.js';
import type { Screening } from '../screening/records.js';
import { screeningStep } from '../screening/records.js';
import { deviceTypeForStep } from '../screening/staircase.js';
import type { CountableStockUnit, StockThreshold } from './thresholds.js';

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

/** Each citizen's latest submitted screening (by assessment time, ties by id so input order never matters). */
function latestSubmitted(screenings: readonly Screening[]): Map<string, Screening> {
  const latest = new Map<string, Screening>();
  for (const screening of screenings) {
    if (screening.status !== 'submitted') continue;
    const current = latest.get(screening.citizenId);
    if (
      !current ||
      screening.assessedAt > current.assessedAt ||
      (screening.assessedAt === current.assessedAt && screening.screeningId > current.screeningId)
    ) {
      latest.set(screening.citizenId, screening);
    }
  }
  return latest;
}

/**
 * Demand against supply per device type: pending demand comes from screenings whose step's technology is not yet
 * installed (or reserved) for that citizen; a shortfall is flagged when the shelf cannot cover it.
 */
export function forecastStock(
  units: readonly CountableStockUnit[],
  screenings: readonly Screening[],
  thresholds: readonly StockThreshold[] = [],
): StockForecast {
  const covered = new Set<string>();
  for (const unit of units) {
    if ((unit.state === 'installed' || unit.state === 'reserved') && unit.citizenId !== undefined) {
      covered.add(`${unit.deviceType}\u0000${unit.citizenId}`);
    }
  }
  const pending = new Map<DeviceType, CitizenId[]>(DeviceType.options.map((type) => [type, []]));
  for (const screening of latestSubmitted(screenings).values()) {
    const step = screeningStep(screening);
    const deviceType = step === undefined ? undefined : deviceTypeForStep(step);
    if (!deviceType || covered.has(`${deviceType}\u0000${screening.citizenId}`)) continue;
    pending.get(deviceType)?.push(screening.citizenId);
  }
  const lines = DeviceType.options.map((deviceType): StockForecastLine => {
    const ofType = units.filter((unit) => unit.deviceType === deviceType);
    const count = (...states: CountableStockUnit['state'][]) =>
      ofType.filter((unit) => states.includes(unit.state)).length;
    const onShelf = count('in_stock', 'reserved');
    const reserved = count('reserved');
    const pendingCitizenIds = [...(pending.get(deviceType) ?? [])].sort();
    const projected = onShelf - reserved - pendingCitizenIds.length;
    const minimumTotal = thresholds
      .filter((threshold) => threshold.deviceType === deviceType)
      .reduce((sum, threshold) => sum + threshold.minimum, 0);
    return {
      deviceType,
      onShelf,
      reserved,
      inPipeline: count('collected', 'cleaning', 'repair'),
      pendingDemand: pendingCitizenIds.length,
      pendingCitizenIds,
      projected,
      shortfall: Math.max(0, -projected),
      minimumTotal,
      belowMinimumAfterDemand: projected < minimumTotal,
    };
  });
  return { lines, shortfalls: lines.filter((line) => line.shortfall > 0).map((line) => line.deviceType) };
}
