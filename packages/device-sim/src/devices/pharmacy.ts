import type { PouchLabel, ScheduleSlot } from '@medtek/core';

/**
 * The dose-packing pharmacy: turns schedule occurrences into a roll of labelled pouches (name/CPR are replaced by
 * the pseudonymous citizen id). A roll normally covers 14 days.
 */
export function packRoll(citizenId: string, rollId: string, slots: readonly ScheduleSlot[]): PouchLabel[] {
  return [...slots]
    .sort((a, b) => a.slot.localeCompare(b.slot))
    .map((entry, index) => ({
      pouchId: `${rollId}-${String(index + 1).padStart(3, '0')}`,
      citizenId,
      slot: entry.slot,
      contents: entry.contents.map((item) => ({ ...item })),
    }));
}
