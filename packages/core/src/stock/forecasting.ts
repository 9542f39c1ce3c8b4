import type { CitizenId, DeviceType } from '../domain/vocabulary.js';
import type { Screening } from '../screening/records.js';
import { screeningStep } from '../screening/screening-step.js';
import { STAIRCASE, deviceTypeForStep } from '../screening/staircase.js';
import type { CountableStockUnit } from './counting.js';
import type { StockForecast, StockForecastLine } from './forecast.js';
import type { StockThreshold } from './thresholds.js';

// The forecast as plain code, apart from its zod schemas in forecast.ts (no zod in the stock board's bundle).

/** Device types in staircase order (the DeviceType enum's order). */
const STOCK_DEVICE_TYPES: DeviceType[] = STAIRCASE.flatMap((step) =>
  step.deviceType === undefined ? [] : [step.deviceType],
);

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
  const pending = new Map<DeviceType, CitizenId[]>(STOCK_DEVICE_TYPES.map((type) => [type, []]));
  for (const screening of latestSubmitted(screenings).values()) {
    const step = screeningStep(screening);
    const deviceType = step === undefined ? undefined : deviceTypeForStep(step);
    if (!deviceType || covered.has(`${deviceType}\u0000${screening.citizenId}`)) continue;
    pending.get(deviceType)?.push(screening.citizenId);
  }
  const lines = STOCK_DEVICE_TYPES.map((deviceType): StockForecastLine => {
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
