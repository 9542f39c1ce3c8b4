import { z } from 'zod';
import { CitizenId, DeviceId, DeviceType, EpochMs, StockState, UserId } from '../domain/vocabulary.js';
import type { StockUnit } from './stock-unit.js';
import { StockLocationId, StockMoveKind, StockUnitId } from './unit.js';

/**
 * A unit as the live `stock` topic sends it: current state and the last move, without the full history (kept
 * small per frame). Stock carries no medication data at all, so technicians may see every field.
 */
export const StockUnitView = z.strictObject({
  unitId: StockUnitId,
  deviceType: DeviceType,
  serial: z.string().min(1).max(64),
  deviceId: DeviceId.optional(),
  state: StockState,
  location: StockLocationId,
  citizenId: CitizenId.optional(),
  /** When the unit entered its current state. */
  since: EpochMs,
  lastMove: z.strictObject({
    move: z.union([z.literal('register'), StockMoveKind]),
    by: UserId,
    at: EpochMs,
    reason: z.string().max(500).optional(),
  }),
});
export type StockUnitView = z.infer<typeof StockUnitView>;

export function toStockUnitView(unit: StockUnit): StockUnitView {
  const last = unit.history[unit.history.length - 1]!;
  return {
    unitId: unit.unitId,
    deviceType: unit.deviceType,
    serial: unit.serial,
    ...(unit.deviceId ? { deviceId: unit.deviceId } : {}),
    state: unit.state,
    location: unit.location,
    ...(unit.citizenId ? { citizenId: unit.citizenId } : {}),
    since: last.at,
    lastMove: { move: last.move, by: last.by, at: last.at, ...(last.reason ? { reason: last.reason } : {}) },
  };
}
