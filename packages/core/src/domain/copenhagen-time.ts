import type { EpochMs, SlotKey } from './vocabulary.js';
import type { LocalDate, LocalTime } from './time-types.js';

/**
 * Europe/Copenhagen time without I/O or Intl: the EU summer-time rule, which Denmark has followed since 1996.
 * Standard time is CET (UTC+1); summer time CEST (UTC+2) runs from the last Sunday of March 01:00 UTC to the last
 * Sunday of October 01:00 UTC. Pure arithmetic keeps the engine deterministic across ICU versions and fast on the hot
 * path (per-year transition instants are cached).
 *
 * Ambiguous and impossible wall-clock times (what a dose slot at 02:30 means):
 * - spring-forward day (last Sunday of March): 02:00–02:59 does not exist; such a time is shifted one hour later
 *   (02:30 → 03:30 CEST), i.e. the dose is due the same time after the clock change as the wall clock suggests;
 * - fall-back day (last Sunday of October): 02:00–02:59 happens twice; the FIRST occurrence (CEST) is meant.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const CET_OFFSET_MS = HOUR_MS;
const CEST_OFFSET_MS = 2 * HOUR_MS;

/** [summer time start, summer time end) as epoch ms, per year. */
const transitionCache = new Map<number, readonly [number, number]>();

function lastSundayUtc(year: number, monthIndex: number): number {
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0));
  return Date.UTC(year, monthIndex, lastDay.getUTCDate() - lastDay.getUTCDay());
}

function summerTime(year: number): readonly [number, number] {
  let range = transitionCache.get(year);
  if (range === undefined) {
    range = [lastSundayUtc(year, 2) + HOUR_MS, lastSundayUtc(year, 9) + HOUR_MS];
    transitionCache.set(year, range);
  }
  return range;
}

/** Copenhagen's offset from UTC at an instant: 1 h (CET) or 2 h (CEST), in ms. */
export function copenhagenOffsetMs(at: EpochMs): number {
  const year = new Date(at).getUTCFullYear();
  const [start, end] = summerTime(year);
  return at >= start && at < end ? CEST_OFFSET_MS : CET_OFFSET_MS;
}

function parseDate(date: LocalDate): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

/** The wall-clock reading as if it were UTC (ms): the base for offset arithmetic. */
function wallClockMs(date: LocalDate, time: LocalTime): number {
  const [year, month, day] = parseDate(date);
  return Date.UTC(year, month - 1, day, Number(time.slice(0, 2)), Number(time.slice(3, 5)));
}

/**
 * The instant of a Copenhagen wall-clock time. First occurrence on fall-back days; shifted +1 h inside the
 * spring-forward gap (see the module comment).
 */
export function copenhagenToEpoch(date: LocalDate, time: LocalTime): EpochMs {
  const wall = wallClockMs(date, time);
  const asSummer = wall - CEST_OFFSET_MS;
  if (copenhagenOffsetMs(asSummer) === CEST_OFFSET_MS) return asSummer; // earlier candidate first (fall-back rule)
  const asWinter = wall - CET_OFFSET_MS;
  // Either a valid CET time, or a time in the spring-forward gap: wall − 1 h equals "one hour later" in CEST.
  return asWinter;
}

/** A Copenhagen local date and time of day (minute precision) for an instant. */
export interface CopenhagenDateTime {
  date: LocalDate;
  time: LocalTime;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const pad2 = (value: number) => (value < 10 ? `0${value}` : String(value));

export function epochToCopenhagen(at: EpochMs): CopenhagenDateTime {
  const wall = new Date(at + copenhagenOffsetMs(at));
  const date = `${wall.getUTCFullYear()}-${pad2(wall.getUTCMonth() + 1)}-${pad2(wall.getUTCDate())}`;
  const time = `${pad2(wall.getUTCHours())}:${pad2(wall.getUTCMinutes())}`;
  return { date, time, weekday: wall.getUTCDay() === 0 ? 7 : wall.getUTCDay() };
}

/** The slot key (`YYYY-MM-DDTHH:MM`) of a local date and time. */
export function slotKeyOf(date: LocalDate, time: LocalTime): SlotKey {
  return `${date}T${time}`;
}

/** Split a slot key into its local date and time. */
export function parseSlotKey(slot: SlotKey): { date: LocalDate; time: LocalTime } {
  return { date: slot.slice(0, 10), time: slot.slice(11, 16) };
}

/** The instant a slot is due. */
export function slotInstant(slot: SlotKey): EpochMs {
  return copenhagenToEpoch(slot.slice(0, 10), slot.slice(11, 16));
}

/** The local date `days` after `date` (negative goes back). */
export function addLocalDays(date: LocalDate, days: number): LocalDate {
  const [year, month, day] = parseDate(date);
  const shifted = new Date(Date.UTC(year, month - 1, day) + days * DAY_MS);
  return `${shifted.getUTCFullYear()}-${pad2(shifted.getUTCMonth() + 1)}-${pad2(shifted.getUTCDate())}`;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local date. */
export function localWeekday(date: LocalDate): number {
  const [year, month, day] = parseDate(date);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** The instant of the next local midnight strictly after `at`. */
export function nextCopenhagenMidnight(at: EpochMs): EpochMs {
  return copenhagenToEpoch(addLocalDays(epochToCopenhagen(at).date, 1), '00:00');
}
