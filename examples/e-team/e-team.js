import { connectSession, restClient } from '/shared/dev-session.js';
import { setupLanguageSwitch, currentLanguage, t } from '/shared/language.js';

const ROLE = 'superuser';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PRIORITIES = ['high', 'medium', 'low'];
const COLORS = { high: '#b3261e', medium: '#a15c00', low: '#1f6fb2' };
const PRIORITY_NAMES = { high: ['høj', 'high'], medium: ['middel', 'medium'], low: ['lav', 'low'] };
/** Alarms that mean a dose was not taken (for the adherence figure). */
const DOSE_NOT_TAKEN = new Set(['missed_dose', 'not_confirmed']);

setupLanguageSwitch();
const api = restClient(ROLE);
const session = document.getElementById('session');
await connectSession(session, ROLE, (user) => {
  document.getElementById('user-name').textContent = user.name;
});

/** Schedules change rarely: fetched once per citizen with a device. */
let schedules;
async function loadSchedules() {
  const devices = await api('GET', '/devices');
  const citizenIds = [...new Set((devices.data ?? []).map((d) => d.citizenId).filter(Boolean))];
  const answers = await Promise.all(citizenIds.map((id) => api('GET', `/citizens/${id}/schedules`)));
  return answers.flatMap((answer) => (answer.ok ? answer.data.slice(-1) : []));
}

/** Europe/Copenhagen offset (ms) at `at`, from Intl: the page needs no time-zone library. */
function copenhagenOffset(at) {
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Copenhagen', timeZoneName: 'longOffset' })
    .formatToParts(new Date(at))
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * HOUR + Number(match[3]) * 60_000) : 0;
}

/** Doses due in [from, to): each schedule's slots on each local day, from its validFrom on. */
function dosesDue(from, to) {
  let count = 0;
  for (const schedule of schedules ?? []) {
    const validFrom = Date.parse(`${schedule.validFrom}T00:00:00Z`) - copenhagenOffset(from);
    for (let dayStart = from - DAY; dayStart < to + DAY; dayStart += DAY) {
      const local = new Date(dayStart + copenhagenOffset(dayStart)).toISOString().slice(0, 10);
      for (const slot of schedule.slots) {
        const naive = Date.parse(`${local}T${slot.time}:00Z`);
        const at = naive - copenhagenOffset(naive);
        if (at >= from && at < to && at >= validFrom) count++;
      }
    }
  }
  return count;
}

function formatDuration(ms) {
  if (ms === undefined) return '–';
  const minutes = Math.round(ms / 60_000);
  return minutes < 90 ? `${minutes} min` : `${(minutes / 60).toFixed(1)} ${t('t', 'h')}`;
}

function percent(value) {
  return new Intl.NumberFormat(currentLanguage() === 'en' ? 'en-GB' : 'da-DK', {
    style: 'percent',
    maximumFractionDigits: 0,
  }).format(value);
}

let lastFigures;
async function refresh() {
  const [me, history] = await Promise.all([api('GET', '/me'), api('GET', '/alarms')]);
  if (!me.ok || !history.ok) return;
  schedules ??= await loadSchedules();
  const now = me.data.serverTime;
  const recent = history.data.filter((alarm) => alarm.raisedAt > now - DAY);
  const byPriority = { high: 0, medium: 0, low: 0 };
  for (const alarm of recent) byPriority[alarm.priority]++;
  const acknowledged = recent.filter((a) => a.timeToAcknowledgeMs !== undefined);
  const times = acknowledged.map((a) => a.timeToAcknowledgeMs).sort((a, b) => a - b);
  const median = times.length > 0 ? times[Math.floor(times.length / 2)] : undefined;
  const within = acknowledged.filter((a) => a.timeToAcknowledgeMs <= a.responseLimitMs).length;
  const due = dosesDue(now - DAY, now);
  const notTaken = recent.filter((a) => DOSE_NOT_TAKEN.has(a.type)).length;
  lastFigures = { now, recent, byPriority, median, within, acknowledged: acknowledged.length, due, notTaken };
  render();
}

function render() {
  if (!lastFigures) return;
  const { now, recent, byPriority, median, within, acknowledged, due, notTaken } = lastFigures;
  const lang = currentLanguage();
  for (const priority of PRIORITIES) document.getElementById(`kpi-${priority}`).textContent = byPriority[priority];
  document.getElementById('kpi-adherence').textContent = due > 0 ? percent(Math.max(0, 1 - notTaken / due)) : '–';
  document.getElementById('kpi-tta').textContent = formatDuration(median);
  document.getElementById('kpi-within').textContent = acknowledged > 0 ? percent(within / acknowledged) : '–';
  document.getElementById('server-time').textContent = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'da-DK', {
    timeZone: 'Europe/Copenhagen',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(now));
  document.getElementById('server-time').dateTime = new Date(now).toISOString();
  renderPlot(now, recent);
}

/** A stacked bar per hour; the SVG has a text summary for screen readers. */
function renderPlot(now, alarms) {
  const hours = Array.from({ length: 24 }, () => ({ high: 0, medium: 0, low: 0 }));
  for (const alarm of alarms) {
    const index = 23 - Math.floor((now - alarm.raisedAt) / HOUR);
    if (index >= 0 && index < 24) hours[index][alarm.priority]++;
  }
  const max = Math.max(1, ...hours.map((h) => h.high + h.medium + h.low));
  const width = 480;
  const height = 140;
  const barWidth = width / 24;
  const bars = hours
    .map((hour, i) => {
      let y = height - 18;
      return PRIORITIES.map((priority) => {
        const h = (hour[priority] / max) * (height - 30);
        y -= h;
        return h > 0
          ? `<rect x="${i * barWidth + 2}" y="${y}" width="${barWidth - 4}" height="${h}" fill="${COLORS[priority]}"/>`
          : '';
      }).join('');
    })
    .join('');
  const lang = currentLanguage();
  const label = (key) => PRIORITY_NAMES[key][lang === 'en' ? 1 : 0];
  const summary = t(
    `Alarmer pr. time det seneste døgn: i alt ${alarms.length}, højeste time ${max}.`,
    `Alarms per hour over the last 24 hours: ${alarms.length} in all, busiest hour ${max}.`,
  );
  const legend = PRIORITIES.map(
    (p, i) =>
      `<rect x="${i * 110}" y="${height - 12}" width="12" height="12" fill="${COLORS[p]}"/>` +
      `<text x="${i * 110 + 16}" y="${height - 2}" font-size="12" fill="#243b53">${label(p)}</text>`,
  ).join('');
  document.getElementById('plot').innerHTML =
    `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${summary}">` +
    `<line x1="0" x2="${width}" y1="${height - 18}" y2="${height - 18}" stroke="#627d98"/>${bars}${legend}` +
    `<text x="${width}" y="${height - 2}" font-size="12" fill="#243b53" text-anchor="end">${t('−24 t … nu', '−24 h … now')}</text></svg>`;
}

document.addEventListener('languagechange', render);
// Key figures follow the live list: recompute when an alarm changes, and every few seconds for the clock.
document.getElementById('alarm-list').addEventListener('mt-alarm-acknowledged', () => void refresh());
await refresh();
setInterval(() => void refresh(), 5_000);
