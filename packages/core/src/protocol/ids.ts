import { z } from 'zod';

/** Protocol-level identifiers and counters that other packages use too (exported from @medtek/core). */

/** A device event sequence number: a safe integer, increasing by one per device, starting at 1. */
export const Seq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
export type Seq = z.infer<typeof Seq>;

/** A client-chosen request id (command ids, subscription ids): printable, short. */
export const RequestId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/);
export type RequestId = z.infer<typeof RequestId>;

/** A pouch id as printed by the pharmacy. */
export const PouchId = z.string().min(1).max(64);
export type PouchId = z.infer<typeof PouchId>;

/** A cassette (MedimiSmart: one drug per cassette) identifier on the device. */
export const CassetteId = z.string().min(1).max(32);
export type CassetteId = z.infer<typeof CassetteId>;
