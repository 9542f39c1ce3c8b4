/**
 * Slot keys are Europe/Copenhagen wall-clock times (`2026-11-25T08:00`). The device converts them to instants the way
 * DESIGN §4 says: on a fall-back day the first occurrence; in the spring-forward gap, one hour later in wall-clock terms.
 */
const ZONE = 'Europe/Copenhagen';
const HOUR = 3_600_000;

const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The local slot key (minute precision) of an instant. */
export function epochToSlot(epochMs: number): string {
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The instant a slot key is due. */
export function slotToEpoch(slot: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(slot);
  if (!match) throw new RangeError(`not a slot key: ${slot}`);
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  // Copenhagen is UTC+2 (summer) or UTC+1 (winter): try the earlier instant first (first occurrence on fall-back).
  for (const offsetHours of [2, 1]) {
    const candidate = asUtc - offsetHours * HOUR;
    if (epochToSlot(candidate) === slot) return candidate;
  }
  // The spring-forward gap: 02:30 does not exist; it is due at 03:30 summer time, i.e. asUtc − 1 h.
  return asUtc - HOUR;
}

/** The local date (`YYYY-MM-DD`) of an instant. */
export function epochToLocalDate(epochMs: number): string {
  return epochToSlot(epochMs).slice(0, 10);
}

/** Slot key for a local date and `HH:MM` time. */
export function slotOf(localDate: string, time: string): string {
  return `${localDate}T${time}`;
}

/** The local date `days` after `localDate` (calendar arithmetic, DST-safe). */
export function addDays(localDate: string, days: number): string {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return date.toISOString().slice(0, 10);
}
