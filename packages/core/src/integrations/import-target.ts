import { z } from 'zod';
import { CitizenId, EpochMs } from '../domain/vocabulary.js';
import { Cpr } from './cpr.js';
import { ImportWindow } from './week-plan.js';

/**
 * Whose schedule an import is, and the import's settings. `cpr` is the CPR number the registry holds for the citizen
 * ("right citizen": a source naming another CPR is refused); `now` decides which days still matter (time is an
 * input: core has no clock).
 */
export const ImportTarget = z.strictObject({
  citizenId: CitizenId,
  cpr: Cpr.optional(),
  now: EpochMs,
  window: ImportWindow.default(ImportWindow.parse({})),
  /** Drug names (case-insensitive, as the source spells them) that are time-critical: narrower window, high priority. */
  timeCriticalDrugs: z.array(z.string().min(1).max(64)).max(200).default([]),
});
export type ImportTarget = z.infer<typeof ImportTarget>;
export type ImportTargetInput = z.input<typeof ImportTarget>;

export function isTimeCritical(target: ImportTarget, drug: string): boolean {
  const name = drug.toLowerCase();
  return target.timeCriticalDrugs.some((critical) => critical.toLowerCase() === name);
}
