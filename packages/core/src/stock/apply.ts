import { z } from 'zod';
import type { ErrorCode } from '../protocol/codes.js';
import type { DeviceId, DeviceType, EpochMs } from '../domain/vocabulary.js';
import type { BilingualText } from '../screening/text.js';
import { CITIZEN_STATES, MOVES_NEEDING_REASON, STOCK_TRANSITIONS, isLegalMove, roleMayMove } from './lifecycle.js';
import {
  RESERVED_FOR_OTHER_MESSAGE,
  SCRAPPED_MESSAGE,
  forbiddenMoveMessage,
  illegalMoveMessage,
  reasonRequiredMessage,
} from './messages.js';
import type { StockUnit } from './stock-unit.js';
import type { StockActor, StockHistoryEntry, StockLocationId, StockMove, StockUnitId } from './unit.js';

export const StockRefusalCode = z.enum([
  /** The move does not leave from the unit's current state. */
  'illegal_move',
  /** The unit is scrapped: nothing can happen to it any more. */
  'unit_scrapped',
  /** Installing at another citizen than the one the unit is reserved for. */
  'reserved_for_other_citizen',
  /** Repair and scrap need a reason. */
  'reason_required',
  /** The actor's role may not make this move. */
  'forbidden_role',
]);
export type StockRefusalCode = z.infer<typeof StockRefusalCode>;

export type StockMoveResult =
  { ok: true; unit: StockUnit } | { ok: false; code: StockRefusalCode; message: BilingualText };

/** The protocol error code for a refusal (live `result` frames): a role problem is forbidden, the rest a conflict. */
export function stockRefusalErrorCode(code: StockRefusalCode): ErrorCode {
  return code === 'forbidden_role' ? 'forbidden' : 'conflict';
}

function refuse(code: StockRefusalCode, message: BilingualText): StockMoveResult {
  return { ok: false, code, message };
}

/**
 * Apply one move to a unit at `now` by `actor`. Accepted: a new unit (the input is not mutated) with exactly one more
 * history entry. Refused: a code and a Danish/English message; the caller keeps the unit as it was.
 */
export function applyStockMove(unit: StockUnit, move: StockMove, actor: StockActor, now: EpochMs): StockMoveResult {
  if (unit.state === 'scrapped') return refuse('unit_scrapped', SCRAPPED_MESSAGE);
  if (!isLegalMove(move.kind, unit.state)) return refuse('illegal_move', illegalMoveMessage(unit.state, move.kind));
  if (!roleMayMove(actor.role, move.kind, unit.state)) {
    return refuse('forbidden_role', forbiddenMoveMessage(move.kind));
  }
  if (move.kind === 'install' && move.citizenId !== unit.citizenId) {
    return refuse('reserved_for_other_citizen', RESERVED_FOR_OTHER_MESSAGE);
  }
  const reason = move.reason?.trim() || undefined;
  if (MOVES_NEEDING_REASON.includes(move.kind) && !reason) {
    return refuse('reason_required', reasonRequiredMessage(move.kind));
  }

  const to = STOCK_TRANSITIONS[move.kind].to;
  const citizenId = move.kind === 'reserve' ? move.citizenId : CITIZEN_STATES.includes(to) ? unit.citizenId : undefined;
  const location: StockLocationId =
    (move.kind === 'collect' || move.kind === 'return_to_stock') && move.location ? move.location : unit.location;
  const entry: StockHistoryEntry = {
    move: move.kind,
    from: unit.state,
    to,
    by: actor.userId,
    at: now,
    ...(reason ? { reason } : {}),
    ...(citizenId ? { citizenId } : move.kind === 'collect' && unit.citizenId ? { citizenId: unit.citizenId } : {}),
    location,
  };
  const { citizenId: _previousCitizen, ...rest } = unit;
  const next: StockUnit = {
    ...rest,
    state: to,
    location,
    ...(citizenId ? { citizenId } : {}),
    history: [...unit.history, entry],
  };
  return { ok: true, unit: next };
}

export interface NewStockUnit {
  unitId: StockUnitId;
  deviceType: DeviceType;
  serial: string;
  location: StockLocationId;
  deviceId?: DeviceId;
}

/** Take a new unit into stock (technicians and administrators only). */
export function registerStockUnit(input: NewStockUnit, actor: StockActor, now: EpochMs): StockMoveResult {
  if (actor.role !== 'technician' && actor.role !== 'administrator') {
    return refuse('forbidden_role', {
      da: 'Din rolle giver ikke adgang til at registrere enheder.',
      en: 'Your role may not register units.',
    });
  }
  const unit: StockUnit = {
    unitId: input.unitId,
    deviceType: input.deviceType,
    serial: input.serial.trim(),
    ...(input.deviceId ? { deviceId: input.deviceId } : {}),
    state: 'in_stock',
    location: input.location,
    history: [{ move: 'register', to: 'in_stock', by: actor.userId, at: now, location: input.location }],
  };
  return { ok: true, unit };
}
