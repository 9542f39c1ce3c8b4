import type { Locale } from './locale.js';

/** All times are shown in the municipality's time zone, whatever the viewer's computer says. */
export const TIME_ZONE = 'Europe/Copenhagen';

const BCP47: Record<Locale, string> = { da: 'da-DK', en: 'en-GB' };

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(locale: Locale, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `d:${locale}:${key}`;
  let format = cache.get(id) as Intl.DateTimeFormat | undefined;
  if (format === undefined) {
    format = new Intl.DateTimeFormat(BCP47[locale], { timeZone: TIME_ZONE, ...options });
    cache.set(id, format);
  }
  return format;
}

function numberFormat(locale: Locale, key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `n:${locale}:${key}`;
  let format = cache.get(id) as Intl.NumberFormat | undefined;
  if (format === undefined) {
    format = new Intl.NumberFormat(BCP47[locale], options);
    cache.set(id, format);
  }
  return format;
}

/** `14:05` */
export function formatTime(epochMs: number, locale: Locale): string {
  return dateFormat(locale, 'time', { hour: '2-digit', minute: '2-digit' }).format(epochMs);
}

/** `25. nov. 2026 14:05` / `25 Nov 2026, 14:05` */
export function formatDateTime(epochMs: number, locale: Locale): string {
  return dateFormat(locale, 'datetime', { dateStyle: 'medium', timeStyle: 'short' }).format(epochMs);
}

/**
 * Compact, for table cells: `14.05` today, `25. nov. 14.05` this year, else with the year (`25. nov. 2025 14.05`).
 * "Today" is the calendar day in Copenhagen at `now`.
 */
export function formatShortDateTime(epochMs: number, locale: Locale, now: number): string {
  const day = dateFormat(locale, 'iso-day', { year: 'numeric', month: '2-digit', day: '2-digit' });
  const [a, b] = [day.format(epochMs), day.format(now)];
  if (a === b) return formatTime(epochMs, locale);
  const sameYear = dateFormat(locale, 'year', { year: 'numeric' });
  if (sameYear.format(epochMs) === sameYear.format(now)) {
    return dateFormat(locale, 'short-datetime', {
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    }).format(epochMs);
  }
  return formatDateTime(epochMs, locale);
}

/** `25. nov. 2026` */
export function formatDate(epochMs: number, locale: Locale): string {
  return dateFormat(locale, 'date', { dateStyle: 'medium' }).format(epochMs);
}

export function formatNumber(value: number, locale: Locale): string {
  return numberFormat(locale, 'int', { maximumFractionDigits: 0 }).format(value);
}

/** `87 %` (Danish puts a space before the sign) */
export function formatPercent(percent: number, locale: Locale): string {
  return numberFormat(locale, 'pct', { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100);
}

/**
 * A duration for humans, coarse on purpose: `45 sek.`, `12 min.`, `3 t. 5 min.`, `2 d. 4 t.` (Danish) /
 * `45 sec`, `12 min`, `3 hr, 5 min`, `2 days, 4 hr` (English).
 */
export function formatDuration(ms: number, locale: Locale): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const unit = (value: number, name: 'second' | 'minute' | 'hour' | 'day'): string =>
    numberFormat(locale, `u:${name}`, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  const join = (a: string, b: string): string => (locale === 'da' ? `${a} ${b}` : `${a}, ${b}`);
  if (totalSeconds < 60) return unit(totalSeconds, 'second');
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return unit(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 24)
    return minutes % 60 === 0 ? unit(hours, 'hour') : join(unit(hours, 'hour'), unit(minutes % 60, 'minute'));
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? unit(days, 'day') : join(unit(days, 'day'), unit(hours % 24, 'hour'));
}
