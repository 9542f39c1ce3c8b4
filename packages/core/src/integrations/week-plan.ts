import { z } from 'zod';
import type { DoseSlot } from '../domain/schedule.js';
import type { LocalTime } from '../domain/time-types.js';
import type { DoseContents } from '../domain/vocabulary.js';

/**
 * Dose windows given to imported slots (none of the three sources carries one): the citizen's defaults, narrower for
 * time-critical drugs (e.g. Parkinson's medication). Documented in docs/integrations.md.
 */
export const ImportWindow = z.strictObject({
  earlyMinutes: z.number().int().min(0).max(720).default(30),
  lateMinutes: z.number().int().min(0).max(720).default(60),
  timeCriticalEarlyMinutes: z.number().int().min(0).max(720).default(15),
  timeCriticalLateMinutes: z.number().int().min(0).max(720).default(30),
});
export type ImportWindow = z.infer<typeof ImportWindow>;
export type ImportWindowInput = z.input<typeof ImportWindow>;

const ALL_WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

interface Cell {
  amounts: Map<string, number>;
  timeCritical: boolean;
}

/**
 * What is taken at each (local time, ISO weekday) of a week: the common form of all three sources before it becomes
 * dose slots. Slots repeat weekly, so a source whose doses differ from week to week cannot be represented (the
 * callers refuse it).
 */
export class WeekPlan {
  private readonly cells = new Map<LocalTime, Map<number, Cell>>();

  /** Adds `amount` of `drug` at `time` on each of `weekdays` (amounts of the same drug at the same time add up). */
  add(time: LocalTime, weekdays: readonly number[], drug: string, amount: number, timeCritical: boolean): void {
    let byDay = this.cells.get(time);
    if (byDay === undefined) {
      byDay = new Map();
      this.cells.set(time, byDay);
    }
    for (const weekday of weekdays) {
      let cell = byDay.get(weekday);
      if (cell === undefined) {
        cell = { amounts: new Map(), timeCritical: false };
        byDay.set(weekday, cell);
      }
      cell.amounts.set(drug, (cell.amounts.get(drug) ?? 0) + amount);
      cell.timeCritical ||= timeCritical;
    }
  }

  get isEmpty(): boolean {
    return this.cells.size === 0;
  }

  /** One slot per (time, set of weekdays with identical contents); `weekdays` is omitted when it is every day. */
  toSlots(window: ImportWindow): DoseSlot[] {
    const slots: DoseSlot[] = [];
    for (const time of [...this.cells.keys()].sort()) {
      const byDay = this.cells.get(time)!;
      const groups = new Map<string, { weekdays: number[]; contents: DoseContents; timeCritical: boolean }>();
      for (const weekday of ALL_WEEKDAYS) {
        const cell = byDay.get(weekday);
        if (cell === undefined) continue;
        const contents = contentsOf(cell.amounts);
        const key = `${cell.timeCritical}|${contentsKey(contents)}`;
        const group = groups.get(key);
        if (group === undefined) groups.set(key, { weekdays: [weekday], contents, timeCritical: cell.timeCritical });
        else group.weekdays.push(weekday);
      }
      for (const group of groups.values()) {
        const slot: DoseSlot = {
          time,
          earlyMinutes: group.timeCritical ? window.timeCriticalEarlyMinutes : window.earlyMinutes,
          lateMinutes: group.timeCritical ? window.timeCriticalLateMinutes : window.lateMinutes,
          timeCritical: group.timeCritical,
          contents: group.contents,
        };
        if (group.weekdays.length < ALL_WEEKDAYS.length) slot.weekdays = group.weekdays;
        slots.push(slot);
      }
    }
    return slots;
  }
}

/** Contents in a canonical order (by drug name), so equal doses compare equal. */
export function contentsOf(amounts: ReadonlyMap<string, number>): DoseContents {
  return [...amounts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([drug, amount]) => ({ drug, amount }));
}

export function contentsKey(contents: DoseContents): string {
  return contents.map((item) => `${item.drug}\u0000${item.amount}`).join('\u0001');
}
