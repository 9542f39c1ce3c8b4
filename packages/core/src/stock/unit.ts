import { z } from 'zod';
import { CitizenId, DeviceId, DeviceType, EpochMs, Role, StockState, UserId } from '../domain/vocabulary.js';

const stockIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
/** One physical device unit in the technical service's stock. */
export const StockUnitId = z.string().regex(stockIdPattern);
export type StockUnitId = z.infer<typeof StockUnitId>;
/** A stock location (depot) of the technical service; units keep their home depot while installed. */
export const StockLocationId = z.string().regex(stockIdPattern);
export type StockLocationId = z.infer<typeof StockLocationId>;

export const StockMoveKind = z.enum(['reserve', 'install', 'collect', 'clean', 'repair', 'return_to_stock', 'scrap']);
export type StockMoveKind = z.infer<typeof StockMoveKind>;

/** Free text saying why (required for repair and scrap; applyStockMove refuses without it, with a message). */
const MoveReason = z.string().max(500).optional();

/** A requested move of a unit. Who and when come separately (the actor and the clock). */
export const StockMove = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('reserve'), citizenId: CitizenId, reason: MoveReason }),
  z.strictObject({ kind: z.literal('install'), citizenId: CitizenId, reason: MoveReason }),
  /** Collected from the citizen's home, optionally to another depot than the unit's. */
  z.strictObject({ kind: z.literal('collect'), location: StockLocationId.optional(), reason: MoveReason }),
  z.strictObject({ kind: z.literal('clean'), reason: MoveReason }),
  z.strictObject({ kind: z.literal('repair'), reason: MoveReason }),
  /** Back on the shelf (after cleaning or repair, or cancelling a reservation), optionally at another depot. */
  z.strictObject({ kind: z.literal('return_to_stock'), location: StockLocationId.optional(), reason: MoveReason }),
  z.strictObject({ kind: z.literal('scrap'), reason: MoveReason }),
]);
export type StockMove = z.infer<typeof StockMove>;

/** Who moves a unit; the role decides which moves are allowed. */
export const StockActor = z.strictObject({ userId: UserId, role: Role });
export type StockActor = z.infer<typeof StockActor>;

/** One line of a unit's history: the registration, then one per accepted move. */
export const StockHistoryEntry = z.strictObject({
  move: z.union([z.literal('register'), StockMoveKind]),
  /** Absent for the registration. */
  from: StockState.optional(),
  to: StockState,
  by: UserId,
  at: EpochMs,
  reason: z.string().max(500).optional(),
  citizenId: CitizenId.optional(),
  location: StockLocationId,
});
export type StockHistoryEntry = z.infer<typeof StockHistoryEntry>;

export const StockUnitFields = z.strictObject({
  unitId: StockUnitId,
  deviceType: DeviceType,
  serial: z.string().trim().min(1).max(64),
  /** The device's id on the protocol, when the unit talks to the platform. */
  deviceId: DeviceId.optional(),
  state: StockState,
  location: StockLocationId,
  /** The citizen the unit is reserved for or installed at (only in those states). */
  citizenId: CitizenId.optional(),
  history: z.array(StockHistoryEntry).min(1).max(10_000),
});
