import {
  forbiddenMoveMessage,
  illegalMoveMessage,
  isLegalMove,
  MOVES_NEEDING_REASON,
  RESERVED_FOR_OTHER_MESSAGE,
  reasonRequiredMessage,
  roleMayMove,
  SCRAPPED_MESSAGE,
  type BilingualText,
  type Role,
  type StockMove,
  type StockRefusalCode,
  type StockUnitView,
} from '@medtek/core';

export interface MoveRefusal {
  code: StockRefusalCode;
  message: BilingualText;
}

/**
 * The board's own check before it sends a move: core's rules and refusal texts, in the order `applyStockMove`
 * applies them, so the user hears at once what the server would answer. The answer to the request still decides
 * (the board sees only the unit's view, e.g. not a reservation made a second ago elsewhere).
 */
export function checkStockMove(unit: StockUnitView, move: StockMove, role: Role | undefined): MoveRefusal | undefined {
  if (unit.state === 'scrapped') return { code: 'unit_scrapped', message: SCRAPPED_MESSAGE };
  if (!isLegalMove(move.kind, unit.state)) {
    return { code: 'illegal_move', message: illegalMoveMessage(unit.state, move.kind) };
  }
  if (role !== undefined && !roleMayMove(role, move.kind, unit.state)) {
    return { code: 'forbidden_role', message: forbiddenMoveMessage(move.kind) };
  }
  if (move.kind === 'install' && move.citizenId !== unit.citizenId) {
    return { code: 'reserved_for_other_citizen', message: RESERVED_FOR_OTHER_MESSAGE };
  }
  if (MOVES_NEEDING_REASON.includes(move.kind) && (move.reason ?? '').trim() === '') {
    return { code: 'reason_required', message: reasonRequiredMessage(move.kind) };
  }
  return undefined;
}
