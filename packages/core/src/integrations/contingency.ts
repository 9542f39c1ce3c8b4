import { addLocalDays, copenhagenToEpoch, epochToCopenhagen, localWeekday } from '../domain/copenhagen-time.js';
import type { Schedule } from '../domain/schedule.js';
import type { DeviceType, EpochMs, TeamId } from '../domain/vocabulary.js';
import type { EngineSnapshot } from '../engine/state.js';
import { toCsv } from './csv.js';

/**
 * The per-team contingency list ("nødliste"): for the next 72 hours, each citizen's address, dose times, device state
 * and last contact, so staff can visit by hand if the network or the server fails. Computed from an engine snapshot
 * (plain JSON, e.g. the last one saved) so it works while degraded. No medication names: the list is printed.
 */
export interface ContingencyRow {
  citizenId: string;
  name: string;
  address: string;
  staircaseStep: number;
  deviceId?: string;
  deviceType?: DeviceType;
  online?: boolean;
  mode?: 'active' | 'paused' | 'travel';
  locked?: boolean;
  battery?: number;
  lastContactAt?: EpochMs;
  /** Dose instants within the window, ascending. */
  doses: { slot: string; dueAt: EpochMs; timeCritical: boolean }[];
}

export interface ContingencyList {
  teamId: TeamId;
  teamName: string;
  generatedAt: EpochMs;
  /** When the snapshot was taken, if known (the list is only as fresh as the snapshot). */
  snapshotAt?: EpochMs;
  until: EpochMs;
  rows: ContingencyRow[];
}

export type Locale = 'da' | 'en';
const HOUR_MS = 3_600_000;

function versionOn(versions: readonly Schedule[], date: string): Schedule | undefined {
  let found: Schedule | undefined;
  for (const version of versions)
    if (version.validFrom <= date && (found === undefined || version.validFrom >= found.validFrom)) found = version;
  return found;
}

export function contingencyList(
  snapshot: EngineSnapshot,
  teamId: TeamId,
  now: EpochMs,
  options: { hours?: number; snapshotAt?: EpochMs } = {},
): ContingencyList {
  const until = now + (options.hours ?? 72) * HOUR_MS;
  const rows: ContingencyRow[] = [];
  for (const citizen of snapshot.citizens) {
    if (citizen.teamId !== teamId) continue;
    const versions = snapshot.schedules.filter((schedule) => schedule.citizenId === citizen.id);
    const doses: ContingencyRow['doses'] = [];
    const lastDate = epochToCopenhagen(until).date;
    for (let date = epochToCopenhagen(now).date; date <= lastDate; date = addLocalDays(date, 1)) {
      const version = versionOn(versions, date);
      if (version === undefined) continue;
      const weekday = localWeekday(date);
      for (const slot of version.slots) {
        if (slot.weekdays !== undefined && !slot.weekdays.includes(weekday)) continue;
        const dueAt = copenhagenToEpoch(date, slot.time);
        if (dueAt >= now && dueAt < until)
          doses.push({ slot: `${date}T${slot.time}`, dueAt, timeCritical: slot.timeCritical });
      }
    }
    doses.sort((a, b) => a.dueAt - b.dueAt);
    const row: ContingencyRow = {
      citizenId: citizen.id,
      name: citizen.name,
      address: citizen.address,
      staircaseStep: citizen.staircaseStep,
      doses,
    };
    const device = snapshot.devices.find((candidate) => candidate.record.citizenId === citizen.id);
    if (device !== undefined) {
      row.deviceId = device.record.deviceId;
      row.deviceType = device.record.type;
      row.online = device.online;
      row.mode = device.mode;
      row.locked = device.locked;
      if (device.battery !== undefined) row.battery = device.battery;
      if (device.lastContactAt !== undefined) row.lastContactAt = device.lastContactAt;
    }
    rows.push(row);
  }
  rows.sort(
    (a, b) => (a.doses[0]?.dueAt ?? Infinity) - (b.doses[0]?.dueAt ?? Infinity) || a.name.localeCompare(b.name),
  );
  const list: ContingencyList = {
    teamId,
    teamName: snapshot.teams.find((team) => team.id === teamId)?.name ?? teamId,
    generatedAt: now,
    until,
    rows,
  };
  if (options.snapshotAt !== undefined) list.snapshotAt = options.snapshotAt;
  return list;
}

const TEXT = {
  da: {
    title: 'Nødliste — medicin de næste 72 timer',
    team: 'Team',
    generated: 'Dannet',
    snapshot: 'Data fra',
    citizen: 'Borger',
    address: 'Adresse',
    step: 'Trin',
    doses: 'Dosistider',
    device: 'Enhed',
    state: 'Status',
    lastContact: 'Seneste kontakt',
    none: 'ingen',
    online: 'online',
    offline: 'OFFLINE',
    paused: 'pauset',
    travel: 'rejsetilstand',
    locked: 'låst',
    battery: 'batteri',
    critical: 'tidskritisk',
    weekdays: ['man', 'tir', 'ons', 'tor', 'fre', 'lør', 'søn'],
    note: 'Tidskritiske doser er markeret med *. Listen viser ikke medicinnavne: se dosisposen eller medicinlisten i omsorgsjournalen.',
  },
  en: {
    title: 'Contingency list — medication for the next 72 hours',
    team: 'Team',
    generated: 'Generated',
    snapshot: 'Data as of',
    citizen: 'Citizen',
    address: 'Address',
    step: 'Step',
    doses: 'Dose times',
    device: 'Device',
    state: 'State',
    lastContact: 'Last contact',
    none: 'none',
    online: 'online',
    offline: 'OFFLINE',
    paused: 'paused',
    travel: 'travel mode',
    locked: 'locked',
    battery: 'battery',
    critical: 'time-critical',
    weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    note: "Time-critical doses are marked *. The list shows no drug names: see the pouch or the care record's medication list.",
  },
} as const;

/** Local date and time for people: "tir 24.11 08:00" (Europe/Copenhagen, no Intl: the same output everywhere). */
function localStamp(at: EpochMs, locale: Locale): string {
  const local = epochToCopenhagen(at);
  return `${TEXT[locale].weekdays[local.weekday - 1]} ${local.date.slice(8, 10)}.${local.date.slice(5, 7)} ${local.time}`;
}

function deviceState(row: ContingencyRow, locale: Locale): string {
  if (row.deviceId === undefined) return TEXT[locale].none;
  const text = TEXT[locale];
  const parts: string[] = [row.online === true ? text.online : text.offline];
  if (row.mode === 'paused') parts.push(text.paused);
  if (row.mode === 'travel') parts.push(text.travel);
  if (row.locked === true) parts.push(text.locked);
  if (row.battery !== undefined) parts.push(`${text.battery} ${row.battery} %`);
  return parts.join(', ');
}

function doseTimes(row: ContingencyRow, locale: Locale): string {
  return row.doses.map((dose) => `${localStamp(dose.dueAt, locale)}${dose.timeCritical ? '*' : ''}`).join('; ');
}

export function contingencyCsv(list: ContingencyList, locale: Locale = 'da'): string {
  const text = TEXT[locale];
  return toCsv(
    [text.citizen, text.address, text.step, text.doses, text.device, text.state, text.lastContact],
    list.rows.map((row) => [
      row.name,
      row.address,
      row.staircaseStep,
      doseTimes(row, locale),
      row.deviceType ?? '',
      deviceState(row, locale),
      row.lastContactAt === undefined ? '' : localStamp(row.lastContactAt, locale),
    ]),
  );
}

const escapeHtml = (value: string): string =>
  value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** A self-contained printable page (A4 landscape, header row repeated on each page). */
export function contingencyHtml(list: ContingencyList, locale: Locale = 'da'): string {
  const text = TEXT[locale];
  const cell = (value: string) => `<td>${escapeHtml(value)}</td>`;
  const rows = list.rows
    .map((row) =>
      [
        '<tr>',
        `<th scope="row">${escapeHtml(row.name)}</th>`,
        cell(row.address),
        cell(String(row.staircaseStep)),
        `<td>${row.doses.map((dose) => `<span class="dose">${escapeHtml(localStamp(dose.dueAt, locale))}${dose.timeCritical ? `<abbr title="${text.critical}">*</abbr>` : ''}</span>`).join(' ')}</td>`,
        cell(row.deviceType ?? ''),
        `<td class="${row.deviceId !== undefined && row.online !== true ? 'alert' : ''}">${escapeHtml(deviceState(row, locale))}</td>`,
        cell(row.lastContactAt === undefined ? '' : localStamp(row.lastContactAt, locale)),
        '</tr>',
      ].join(''),
    )
    .join('\n');
  const snapshot = list.snapshotAt === undefined ? '' : ` · ${text.snapshot} ${localStamp(list.snapshotAt, locale)}`;
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(`${text.title} · ${list.teamName}`)}</title>
<style>
  body { font: 11pt/1.35 system-ui, sans-serif; color: #000; margin: 1.5rem; }
  h1 { font-size: 15pt; margin: 0 0 .25rem; }
  p.meta { margin: 0 0 .75rem; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border: 1px solid #444; padding: .25rem .4rem; text-align: left; vertical-align: top; }
  thead th { background: #e6e6e6; }
  .dose { white-space: nowrap; display: inline-block; margin-right: .5rem; }
  .alert { font-weight: 700; }
  @page { size: A4 landscape; margin: 12mm; }
  @media print {
    body { margin: 0; font-size: 9.5pt; }
    thead { display: table-header-group; }
    tr { break-inside: avoid; }
  }
</style>
</head>
<body>
<h1>${escapeHtml(text.title)}</h1>
<p class="meta">${text.team}: ${escapeHtml(list.teamName)} · ${text.generated} ${localStamp(list.generatedAt, locale)}${snapshot}</p>
<table>
<thead><tr><th scope="col">${text.citizen}</th><th scope="col">${text.address}</th><th scope="col">${text.step}</th><th scope="col">${text.doses}</th><th scope="col">${text.device}</th><th scope="col">${text.state}</th><th scope="col">${text.lastContact}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p>${escapeHtml(text.note)}</p>
</body>
</html>
`;
}
