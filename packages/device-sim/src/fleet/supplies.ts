import {
  addLocalDays,
  epochToCopenhagen,
  slotInstant,
  slotKeyOf,
  type Schedule,
  type ScheduleSlot,
} from '@medtek/core';
import { MedimiSmart } from '../devices/medimi.js';
import { packRoll } from '../devices/pharmacy.js';
import { RollDispenser } from '../devices/roll-dispenser.js';
import { expandSchedule } from '../devices/schedule-occurrences.js';
import type { SimDevice } from '../devices/sim-device.js';

/** Days a dose roll (and a cassette fill) covers: the pharmacy's usual 14. */
export const SUPPLY_DAYS = 14;
/** Staff bring the next roll / refill cassettes when less than this many days are left. */
const RESTOCK_DAYS = 2;

/**
 * What home care and the pharmacy do for a simulated citizen: the device knows the coming 14 days of doses from
 * `now` on (the server's own schedule frames cover only its short horizon), a roll packed for them is loaded, a
 * MedimiSmart gets cassettes for 14 days, and both are restocked before they run out. Slots already due are left
 * out: a restarted fleet must not take a dose the previous run already handled.
 */
export class Supplies {
  private suppliedUntil: string | undefined;
  private rolls = 0;

  /**
   * `includeOpenWindows`: a new device also takes the doses whose window is still open (the fleet started after the
   * due time); a restarted one leaves them, since the previous run may have handled them.
   */
  constructor(
    private readonly device: SimDevice,
    private schedule: Schedule,
    private includeOpenWindows = false,
  ) {}

  /** The schedule changed on the server (fault `schedule_change_after_packing`): later supplies follow it. */
  setSchedule(schedule: Schedule): void {
    this.schedule = schedule;
  }

  /** Restocks when fewer than two days are supplied from `now` (device time); true when it did. */
  restock(now: number): boolean {
    const today = epochToCopenhagen(now).date;
    if (this.suppliedUntil !== undefined && this.suppliedUntil > addLocalDays(today, RESTOCK_DAYS)) return false;
    const from = this.schedule.validFrom > today ? this.schedule.validFrom : today;
    const wall = epochToCopenhagen(now);
    const nowKey = slotKeyOf(wall.date, wall.time);
    const open = this.includeOpenWindows;
    this.includeOpenWindows = false;
    const occurrences = expandSchedule(this.schedule.slots, from, SUPPLY_DAYS).filter((o) =>
      open ? slotInstant(o.slot) + o.lateMs > now : o.slot >= nowKey,
    );
    this.suppliedUntil = addLocalDays(from, SUPPLY_DAYS - 1);
    if (occurrences.length === 0) return false;
    const model = this.device.model;
    model.setSchedule(occurrences);
    if (model instanceof RollDispenser) {
      const rollId = `R-${model.citizenId}-${++this.rolls}`.slice(0, 48);
      model.loadRoll(rollId, packRoll(model.citizenId, rollId, occurrences));
    } else if (model instanceof MedimiSmart) {
      this.fillCassettes(model, occurrences);
    }
    return true;
  }

  private fillCassettes(model: MedimiSmart, occurrences: readonly ScheduleSlot[]): void {
    const needed = new Map<string, number>();
    for (const occurrence of occurrences) {
      for (const item of occurrence.contents) needed.set(item.drug, (needed.get(item.drug) ?? 0) + item.amount);
    }
    let index = 0;
    for (const [drug, units] of needed) {
      index++;
      const left = model.cassetteUnits(drug) ?? 0;
      // A little spare, as a pharmacy would pack; whole units only.
      model.loadCassette({ cassetteId: `K${index}`, drug, units: Math.ceil(left + units * 1.1) });
    }
  }
}
