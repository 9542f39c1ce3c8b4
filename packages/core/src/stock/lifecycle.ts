import type { Role, StockState } from '../domain/vocabulary.js';
import type { StockMoveKind } from './unit.js';

/**
 * The unit lifecycle: which states each move leaves from, and where it goes. Repair may follow cleaning (a fault
 * found while cleaning) and cleaning may follow repair (hygiene before reuse); a reservation can be cancelled back
 * to stock; scrapped is final.
 */
export const STOCK_TRANSITIONS: Readonly<Record<StockMoveKind, { from: readonly StockState[]; to: StockState }>> = {
  reserve: { from: ['in_stock'], to: 'reserved' },
  install: { from: ['reserved'], to: 'installed' },
  collect: { from: ['installed'], to: 'collected' },
  clean: { from: ['collected', 'repair'], to: 'cleaning' },
  repair: { from: ['collected', 'cleaning', 'in_stock'], to: 'repair' },
  return_to_stock: { from: ['reserved', 'cleaning', 'repair'], to: 'in_stock' },
  scrap: { from: ['in_stock', 'collected', 'cleaning', 'repair'], to: 'scrapped' },
};

/** States in which the unit belongs to a citizen. */
export const CITIZEN_STATES: readonly StockState[] = ['reserved', 'installed'];

/** Moves that must say why. */
export const MOVES_NEEDING_REASON: readonly StockMoveKind[] = ['repair', 'scrap'];

/**
 * Who may move units: technicians and administrators do everything; coordinators reserve for the citizens they
 * screened and may cancel such a reservation; nobody else moves stock.
 */
export function roleMayMove(role: Role, move: StockMoveKind, from: StockState): boolean {
  switch (role) {
    case 'technician':
    case 'administrator':
      return true;
    case 'coordinator':
      return move === 'reserve' || (move === 'return_to_stock' && from === 'reserved');
    case 'staff':
    case 'superuser':
      return false;
  }
}

export function isLegalMove(move: StockMoveKind, from: StockState): boolean {
  return STOCK_TRANSITIONS[move].from.includes(from);
}

/** The moves possible from the unit's state (and allowed for the role, when given), in lifecycle order. */
export function allowedStockMoves(unit: { state: StockState }, role?: Role): StockMoveKind[] {
  return (Object.keys(STOCK_TRANSITIONS) as StockMoveKind[]).filter(
    (move) => isLegalMove(move, unit.state) && (role === undefined || roleMayMove(role, move, unit.state)),
  );
}
