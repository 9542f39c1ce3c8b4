import type { Schedule } from '../domain/schedule.js';
import {
  addLocalDays,
  copenhagenToEpoch,
  epochToCopenhagen,
  localWeekday,
  parseSlotKey,
  slotKeyOf,
} from '../domain/copenhagen-time.js';
import type { LocalDate } from '../domain/time-types.js';
import type { CitizenId, DoseContents, SlotKey } from '../domain/vocabulary.js';
import type { DoseStatus } from './state.js';
import type { ScheduleFrame } from '../protocol/device-frames.js';
import type { EngineCore } from './core.js';
import { doseKey } from './core.js';
import type { DoseState } from './state.js';

const MINUTE = 60_000;

/** Two doses are equal when they hold the same drugs in the same amounts, in any order. */
export function sameContents(a: DoseContents, b: DoseContents): boolean {
  if (a.length !== b.length) return false;
  if (a.length === 1) return a[0]!.drug === b[0]!.drug && a[0]!.amount === b[0]!.amount;
  const key = (contents: DoseContents) =>
    contents
      .map((item) => `${item.drug}\u0000${item.amount}`)
      .sort()
      .join('\u0001');
  return key(a) === key(b);
}

/** The schedule version that applies on a local date. */
export function scheduleOn(core: EngineCore, citizenId: CitizenId, date: LocalDate): Schedule | undefined {
  const versions = core.schedules.get(citizenId);
  if (versions === undefined) return undefined;
  for (let index = versions.length - 1; index >= 0; index -= 1) {
    const version = versions[index]!;
    if (version.validFrom <= date) return version;
  }
  return undefined;
}

/** The schedule slot that applies at a slot key, if the schedule has one on that date. */
function scheduleSlotAt(schedule: Schedule | undefined, slot: SlotKey) {
  if (schedule === undefined) return undefined;
  const { date, time } = parseSlotKey(slot);
  if (date < schedule.validFrom) return undefined;
  const weekday = localWeekday(date);
  return schedule.slots.find(
    (candidate) =>
      candidate.time === time && (candidate.weekdays === undefined || candidate.weekdays.includes(weekday)),
  );
}

/** The contents the current schedule expects at a slot, or undefined when the slot is not scheduled. */
export function expectedContents(core: EngineCore, citizenId: CitizenId, slot: SlotKey): DoseContents | undefined {
  return scheduleSlotAt(scheduleOn(core, citizenId, slot.slice(0, 10)), slot)?.contents;
}

function newDose(citizenId: CitizenId, slot: SlotKey, schedule: Schedule): DoseState | undefined {
  const scheduled = scheduleSlotAt(schedule, slot);
  if (scheduled === undefined) return undefined;
  const { date, time } = parseSlotKey(slot);
  const dueAt = copenhagenToEpoch(date, time);
  return {
    citizenId,
    slot,
    dueAt,
    windowStart: dueAt - scheduled.earlyMinutes * MINUTE,
    windowEnd: dueAt + scheduled.lateMinutes * MINUTE,
    timeCritical: scheduled.timeCritical,
    contents: scheduled.contents,
    status: 'pending',
  };
}

/** The dose occurrence of a slot, created on demand from the schedule (undefined if the slot is not scheduled). */
export function doseFor(core: EngineCore, citizenId: CitizenId, slot: SlotKey): DoseState | undefined {
  const key = doseKey(citizenId, slot);
  const existing = core.doses.get(key);
  if (existing !== undefined) return existing;
  const schedule = scheduleOn(core, citizenId, slot.slice(0, 10));
  if (schedule === undefined) return undefined;
  const dose = newDose(citizenId, slot, schedule);
  if (dose !== undefined) {
    core.doses.set(key, dose);
    forgetNextDose(core, citizenId);
  }
  return dose;
}

/** Create the pending occurrences of [from, to] whose window has not ended; arm their missed-dose deadlines. */
export function materialize(core: EngineCore, citizenId: CitizenId, from: LocalDate, to: LocalDate): void {
  if (!core.deviceByCitizen.has(citizenId)) return;
  for (let date = from; date <= to; date = addLocalDays(date, 1)) {
    const schedule = scheduleOn(core, citizenId, date);
    if (schedule === undefined) continue;
    for (const scheduled of schedule.slots) {
      const slot = slotKeyOf(date, scheduled.time);
      const key = doseKey(citizenId, slot);
      if (core.doses.has(key)) continue;
      const dose = newDose(citizenId, slot, schedule);
      if (dose === undefined || dose.windowEnd <= core.now) continue;
      core.doses.set(key, dose);
      forgetNextDose(core, citizenId);
      core.changed = true;
      core.deadlines.schedule('dose', key, dose.windowEnd);
    }
  }
}

/**
 * Drop the citizen's pending occurrences that have not ended (before re-materialising a new schedule). Pending
 * occurrences exist only within the materialised horizon, so probe those keys instead of scanning every dose.
 */
export function dropPendingDoses(core: EngineCore, citizenId: CitizenId): void {
  const times = new Set<string>();
  for (const version of core.schedules.get(citizenId) ?? [])
    for (const scheduled of version.slots) times.add(scheduled.time);
  const from = addLocalDays(today(core), -1);
  for (let day = 0; day <= core.config.scheduleHorizonDays + 2; day += 1) {
    const date = addLocalDays(from, day);
    for (const time of times) {
      const key = doseKey(citizenId, slotKeyOf(date, time));
      const dose = core.doses.get(key);
      if (dose !== undefined && dose.status === 'pending' && dose.windowEnd > core.now) {
        core.doses.delete(key);
        forgetNextDose(core, citizenId);
        core.changed = true;
      }
    }
  }
}

/** Today's local date; memoised per `now` (device views ask for it on every change). */
let todayMemo = { at: Number.NaN, date: '' };
export function today(core: EngineCore): LocalDate {
  if (todayMemo.at !== core.now) todayMemo = { at: core.now, date: epochToCopenhagen(core.now).date };
  return todayMemo.date;
}

/** Materialise today … today + horizon for a citizen. */
export function materializeCitizen(core: EngineCore, citizenId: CitizenId): void {
  const from = today(core);
  materialize(core, citizenId, from, addLocalDays(from, core.config.scheduleHorizonDays));
}

/** Today … today + horizon as local dates; memoised per day (asked on every device view). */
let horizonMemo = { from: '', days: -1, dates: [] as LocalDate[] };
function horizonDates(core: EngineCore): LocalDate[] {
  const from = today(core);
  const days = core.config.scheduleHorizonDays;
  if (horizonMemo.from !== from || horizonMemo.days !== days) {
    const dates: LocalDate[] = [];
    for (let day = 0; day <= days; day += 1) dates.push(addLocalDays(from, day));
    horizonMemo = { from, days, dates };
  }
  return horizonMemo.dates;
}

/** A dose of the citizen was created or removed: its memoised next dose must be computed again. */
function forgetNextDose(core: EngineCore, citizenId: CitizenId): void {
  const memo = core.nextDoseMemo.get(citizenId);
  if (memo !== undefined) memo.valid = false;
}

/**
 * Every status change of a dose goes through here. No dose ever becomes pending again, so the memoised next dose of
 * its citizen is stale only when it was this dose.
 */
export function setDoseStatus(core: EngineCore, dose: DoseState, status: DoseStatus): void {
  dose.status = status;
  const memo = core.nextDoseMemo.get(dose.citizenId);
  if (memo?.dose === dose) memo.valid = false;
}

/**
 * The next pending dose whose window has not ended (device views ask on every change). Memoised per citizen: with
 * the same local date and a later `now`, candidates can only drop out (their window ends, or they settle, which
 * setDoseStatus sees), so the answer stands while it is still pending and open. Dose creation and removal invalidate
 * the answer; schedule changes (registry) and the nightly tick drop the whole memo, including the probe keys.
 */
export function nextDoseOf(core: EngineCore, citizenId: CitizenId): DoseState | undefined {
  const date = today(core);
  let memo = core.nextDoseMemo.get(citizenId);
  if (memo !== undefined && memo.valid && memo.date === date && memo.at <= core.now) {
    const dose = memo.dose;
    if (dose === undefined || (dose.status === 'pending' && dose.windowEnd > core.now)) return dose;
  }
  if (memo === undefined) {
    memo = { at: core.now, date, dose: undefined, valid: false, keysDate: '', keys: [] };
    core.nextDoseMemo.set(citizenId, memo);
  }
  if (memo.keysDate !== date) {
    memo.keys = horizonDoseKeys(core, citizenId);
    memo.keysDate = date;
  }
  memo.at = core.now;
  memo.date = date;
  memo.dose = computeNextDose(core, memo.keys);
  memo.valid = true;
  return memo.dose;
}

/** Per horizon date, the dose keys of the slots its schedule version has (the same for the whole local day). */
function horizonDoseKeys(core: EngineCore, citizenId: CitizenId): string[][] {
  return horizonDates(core).map((date) => {
    const schedule = scheduleOn(core, citizenId, date);
    return schedule === undefined
      ? []
      : schedule.slots.map((scheduled) => doseKey(citizenId, slotKeyOf(date, scheduled.time)));
  });
}

function computeNextDose(core: EngineCore, keysByDate: readonly (readonly string[])[]): DoseState | undefined {
  let next: DoseState | undefined;
  // Occurrences live in `doses` keyed by citizen|slot; the horizon is short, so probe the materialised dates in order.
  for (const keys of keysByDate) {
    if (next !== undefined) break;
    for (const key of keys) {
      const dose = core.doses.get(key);
      if (dose === undefined || dose.status !== 'pending' || dose.windowEnd <= core.now) continue;
      if (next === undefined || dose.dueAt < next.dueAt) next = dose;
    }
  }
  return next;
}

/** The schedule frame for the citizen's device: the upcoming pending occurrences (≤ 64). */
export function scheduleFrame(core: EngineCore, citizenId: CitizenId, revision: number): ScheduleFrame {
  const slots: ScheduleFrame['slots'] = [];
  {
    const from = today(core);
    for (let day = 0; day <= core.config.scheduleHorizonDays; day += 1) {
      const date = addLocalDays(from, day);
      const schedule = scheduleOn(core, citizenId, date);
      for (const scheduled of schedule?.slots ?? []) {
        const dose = core.doses.get(doseKey(citizenId, slotKeyOf(date, scheduled.time)));
        if (dose === undefined || dose.status !== 'pending' || slots.length >= 64) continue;
        slots.push({
          slot: dose.slot,
          earlyMs: dose.dueAt - dose.windowStart,
          lateMs: dose.windowEnd - dose.dueAt,
          contents: dose.contents,
        });
      }
    }
  }
  slots.sort((a, b) => (a.slot < b.slot ? -1 : a.slot > b.slot ? 1 : 0));
  return { t: 'schedule', revision, slots };
}
