import type { StockActor, StockMove, StockUnit } from '../../src/index.js';
import { applyStockMove, registerStockUnit } from '../../src/index.js';

export const technician: StockActor = { userId: 'tech-bo', role: 'technician' };
export const coordinator: StockActor = { userId: 'nurse-anna', role: 'coordinator' };
export const t0 = Date.UTC(2026, 1, 2, 8, 0);

export function newUnit(unitId = 'u-1', deviceType: StockUnit['deviceType'] = 'medido', location = 'depot-nord') {
  const result = registerStockUnit({ unitId, deviceType, serial: `SN-${unitId}`, location }, technician, t0);
  if (!result.ok) throw new Error(result.code);
  return result.unit;
}

/** Apply moves that must all be accepted. */
export function moved(unit: StockUnit, ...moves: StockMove[]): StockUnit {
  return moves.reduce((current, move, index) => {
    const result = applyStockMove(current, move, technician, t0 + (index + 1) * 60_000);
    if (!result.ok) throw new Error(`${move.kind}: ${result.code}`);
    return result.unit;
  }, unit);
}
