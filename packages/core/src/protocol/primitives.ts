import { z } from 'zod';

/** Field schemas internal to the protocol; each is as tight as the protocol needs (the schema bounds a field). */

/** A fixed-length MessagePack `bin` value (decoded as a Uint8Array). */
export function fixedBytes(length: number) {
  return z.custom<Uint8Array>((value) => value instanceof Uint8Array && value.byteLength === length, {
    message: `expected ${length} bytes (msgpack bin)`,
  });
}

/** Short free text for humans (error messages, tamper details). */
export const ShortText = z.string().max(256);

/** A percentage 0–100 (battery, signal). */
export const Percent = z.number().int().min(0).max(100);

/** A count of pouches or units, bounded well above any real roll or cassette. */
export const Count = z.number().int().min(0).max(10_000);

/** A duration in milliseconds, at most one day (dose windows). */
export const WindowMs = z
  .number()
  .int()
  .min(0)
  .max(24 * 60 * 60 * 1000);
