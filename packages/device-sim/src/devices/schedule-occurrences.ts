import { addLocalDays, localWeekday, slotKeyOf, type DoseSlot, type ScheduleSlot } from '@medtek/core';

const MINUTE = 60_000;

/**
 * Expands a citizen's daily dose slots into dated occurrences for `days` days from `fromDate` (what the pharmacy packs
 * into a roll, and what a device holds before the server sends its own `schedule` frame).
 */
export function expandSchedule(slots: readonly DoseSlot[], fromDate: string, days: number): ScheduleSlot[] {
  const out: ScheduleSlot[] = [];
  for (let day = 0; day < days; day++) {
    const date = addLocalDays(fromDate, day);
    const weekday = localWeekday(date);
    for (const slot of slots) {
      if (slot.weekdays && !slot.weekdays.includes(weekday)) continue;
      out.push({
        slot: slotKeyOf(date, slot.time),
        earlyMs: slot.earlyMinutes * MINUTE,
        lateMs: slot.lateMinutes * MINUTE,
        contents: slot.contents.map((item) => ({ ...item })),
      });
    }
  }
  return out.sort((a, b) => a.slot.localeCompare(b.slot));
}
