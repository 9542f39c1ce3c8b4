// Screenshots of every widget with realistic data, in Danish and in English, from the BUILT bundle (dist/widgets.js:
// this also proves the bundle runs in Chromium, which the wtr tests on the sources do not). Writes PNGs to
// test-output/screenshots/ (gitignored) for a person to look at. Run `pnpm --filter @medtek/widgets screenshots`.
//
// The page feeds the widgets through LiveSession.receiveFrame (a stand-in server answering each subscribe with a
// snapshot), so the pictures do not depend on what a server happens to hold.
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
/* global window, document, requestAnimationFrame -- the evaluate callbacks run in the page */
import puppeteer from 'puppeteer-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const out = join(root, 'test-output', 'screenshots');
mkdirSync(out, { recursive: true });

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Realistic data, relative to `now`. */
function pageData(now) {
  const alarm = (id, patch) => ({
    id,
    type: 'missed_dose',
    priority: 'medium',
    state: 'unack_active',
    acknowledged: false,
    cleared: false,
    teamId: 'hjemmepleje-nord',
    raisedAt: now - 5 * MINUTE,
    updatedAt: now - 5 * MINUTE,
    comments: [],
    suppressed: false,
    escalationLevel: 0,
    responseLimitMs: 15 * MINUTE,
    ...patch,
  });
  const alarms = [
    alarm('al-101', {
      type: 'wrong_citizen',
      priority: 'high',
      citizenId: 'cit-0412',
      deviceId: 'medido-1187',
      raisedAt: now - 22 * MINUTE,
      detail: 'Dosisrulle til en anden borger er lagt i',
    }),
    alarm('al-102', {
      type: 'help_requested',
      priority: 'high',
      citizenId: 'cit-0977',
      deviceId: 'smila-0031',
      raisedAt: now - 3 * MINUTE,
    }),
    alarm('al-103', {
      type: 'missed_dose',
      citizenId: 'cit-0218',
      deviceId: 'medido-1022',
      slot: '2026-11-25T08:00',
      raisedAt: now - 48 * MINUTE,
    }),
    alarm('al-104', {
      type: 'missed_dose',
      citizenId: 'cit-0533',
      deviceId: 'flexsmart-2291',
      state: 'ack_active',
      acknowledged: true,
      assignee: 'mette.k',
      raisedAt: now - 35 * MINUTE,
      comments: [{ at: now - 30 * MINUTE, by: 'mette.k', text: 'Ringer til borgeren' }],
    }),
    alarm('al-105', {
      type: 'device_offline',
      deviceId: 'medido-1301',
      incidentId: 'inc-7',
      teamId: 'hjemmepleje-syd',
      raisedAt: now - 12 * MINUTE,
      priority: 'medium',
    }),
    alarm('al-106', {
      type: 'device_offline',
      deviceId: 'medido-1302',
      incidentId: 'inc-7',
      teamId: 'hjemmepleje-syd',
      raisedAt: now - 12 * MINUTE,
      priority: 'medium',
    }),
    alarm('al-107', {
      type: 'device_offline',
      deviceId: 'smila-0040',
      incidentId: 'inc-7',
      teamId: 'hjemmepleje-syd',
      raisedAt: now - 11 * MINUTE,
      priority: 'medium',
    }),
    alarm('al-108', {
      type: 'battery_low',
      priority: 'low',
      deviceId: 'medimi-0007',
      citizenId: 'cit-0661',
      raisedAt: now - 2 * HOUR,
    }),
    alarm('al-109', {
      type: 'roll_low',
      priority: 'low',
      deviceId: 'medido-1022',
      citizenId: 'cit-0218',
      raisedAt: now - 70 * MINUTE,
      escalationLevel: 1,
    }),
  ];
  const incidents = [
    {
      id: 'inc-7',
      cause: 'network_outage',
      teamId: 'hjemmepleje-syd',
      alarmIds: ['al-105', 'al-106', 'al-107'],
      citizenIds: ['cit-0101', 'cit-0102', 'cit-0103'],
      openedAt: now - 12 * MINUTE,
      updatedAt: now - 11 * MINUTE,
      state: 'open',
    },
  ];
  const device = (deviceId, patch) => ({
    deviceId,
    type: 'medido',
    teamId: 'hjemmepleje-nord',
    online: true,
    connected: true,
    lastContactAt: now - 40_000,
    battery: 86,
    power: 'mains',
    fill: { pouchesLeft: 24 },
    mode: 'active',
    locked: false,
    nextDose: { slot: '2026-11-25T12:00', dueAt: now + 2 * HOUR },
    clockOffsetMs: 0,
    lastSeq: 120,
    updatedAt: now,
    ...patch,
  });
  const devices = [
    device('medido-1022', { citizenId: 'cit-0218', fill: { pouchesLeft: 4 } }),
    device('medido-1187', { citizenId: 'cit-0412', locked: true, mode: 'paused' }),
    device('medido-1301', {
      citizenId: 'cit-0101',
      online: false,
      connected: false,
      lastContactAt: now - 14 * MINUTE,
      teamId: 'hjemmepleje-syd',
    }),
    device('smila-0031', { type: 'smila', citizenId: 'cit-0977', battery: 64, fill: { pouchesLeft: 31 } }),
    device('flexsmart-2291', {
      type: 'flexsmart',
      citizenId: 'cit-0533',
      battery: undefined,
      power: 'unknown',
      fill: {},
    }),
    device('medimi-0007', {
      type: 'medimi',
      citizenId: 'cit-0661',
      battery: 14,
      power: 'battery',
      fill: {
        cassettes: [
          { cassetteId: 'K1', remaining: 22 },
          { cassetteId: 'K2', remaining: 5 },
        ],
      },
    }),
    device('medido-1410', { citizenId: 'cit-0720', mode: 'travel', nextDose: undefined }),
  ];
  const unit = (unitId, patch) => ({
    unitId,
    deviceType: 'medido',
    serial: `MC-${unitId.toUpperCase()}`,
    state: 'in_stock',
    location: 'aarhus-nord',
    since: now - 3 * 24 * HOUR,
    lastMove: { move: 'return_to_stock', by: 'tekniker.bo', at: now - 3 * 24 * HOUR },
    ...patch,
  });
  const stock = [
    unit('m-0101'),
    unit('m-0102', { state: 'reserved', citizenId: 'cit-0720', since: now - 26 * HOUR }),
    unit('m-0103', { state: 'installed', citizenId: 'cit-0218', since: now - 40 * 24 * HOUR }),
    unit('m-0104', { state: 'installed', citizenId: 'cit-0412', since: now - 12 * 24 * HOUR }),
    unit('m-0105', { state: 'cleaning', since: now - 5 * HOUR }),
    unit('m-0201', { location: 'aarhus-syd' }),
    unit('m-0202', { location: 'aarhus-syd' }),
    unit('m-0203', { state: 'repair', location: 'aarhus-syd', since: now - 2 * 24 * HOUR }),
    unit('s-0031', { deviceType: 'smila', serial: 'SM-0031', state: 'installed', citizenId: 'cit-0977' }),
    unit('s-0032', { deviceType: 'smila', serial: 'SM-0032' }),
    unit('x-0007', { deviceType: 'medimi', serial: 'MS-0007', state: 'installed', citizenId: 'cit-0661' }),
    unit('x-0008', { deviceType: 'medimi', serial: 'MS-0008', state: 'collected', since: now - 20 * HOUR }),
    unit('x-0002', { deviceType: 'medimi', serial: 'MS-0002', state: 'scrapped', since: now - 90 * 24 * HOUR }),
  ];
  const thresholds = [
    { deviceType: 'medido', location: 'aarhus-nord', minimum: 3 },
    { deviceType: 'medido', location: 'aarhus-syd', minimum: 2 },
    { deviceType: 'smila', location: 'aarhus-nord', minimum: 1 },
    { deviceType: 'medimi', location: 'aarhus-nord', minimum: 1 },
  ];
  const screening = (citizenId, step) => ({
    screeningId: `scr-${citizenId}`,
    citizenId,
    kind: 'initial',
    questionnaire: { id: 'medication-staircase', version: 1 },
    answers: {},
    status: 'submitted',
    assessedBy: 'sygeplejerske.anna',
    assessedAt: now - 24 * HOUR,
    decidedStep: step,
    deviationNote: 'Vurderet ved besøg',
    followUpDue: now + 90 * 24 * HOUR,
  });
  const screenings = [
    screening('cit-0801', 2),
    screening('cit-0802', 2),
    screening('cit-0803', 4),
    screening('cit-0804', 3),
  ];
  return { alarms, incidents, devices, stock, thresholds, screenings };
}

/** The scenes: what to put on the page and what to do before the picture. */
const SCENES = [
  { name: 'alarm-list', width: 1200, height: 900, tag: 'mt-alarm-list', select: 'al-101' },
  { name: 'alarm-list-incident', width: 1200, height: 900, tag: 'mt-alarm-list', expandIncident: true },
  { name: 'device-status-fleet', width: 1200, height: 700, tag: 'mt-device-status' },
  {
    name: 'device-status-one',
    width: 640,
    height: 520,
    tag: 'mt-device-status',
    attributes: { 'device-id': 'medimi-0007' },
  },
  { name: 'stock-board', width: 1200, height: 1500, tag: 'mt-stock-board', selectUnit: 'm-0203' },
  { name: 'screening-question', width: 800, height: 700, tag: 'mt-screening-wizard', draftAt: 'must_lock' },
  { name: 'screening-result', width: 800, height: 1500, tag: 'mt-screening-wizard', result: true },
];

const PAGE = `<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>Medtek widgets</title>
<style>body { margin: 16px; background: #eef1f4; font-family: Georgia, serif; }</style></head>
<body><main id="host"></main>
<script type="module">
  import { LiveSession } from '/widgets.js';
  window.LiveSession = LiveSession;
  window.ready = true;
</script></body></html>`;

const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path === '/') {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    return;
  }
  try {
    const body = readFileSync(join(dist, path.replace(/^\/+/, '')));
    const type = extname(path) === '.js' ? 'text/javascript' : 'application/json';
    response.writeHead(200, { 'content-type': type }).end(body);
  } catch {
    response.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--font-render-hinting=none'],
});
const errors = [];
try {
  for (const lang of ['da', 'en']) {
    for (const scene of SCENES) {
      const page = await browser.newPage();
      page.on('pageerror', (error) => errors.push(`${scene.name}/${lang}: ${error.message}`));
      await page.setViewport({ width: scene.width, height: scene.height });
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction(() => window.ready === true);
      await page.evaluate(
        async (scene, lang, data) => {
          document.documentElement.lang = lang;
          const role = scene.tag === 'mt-stock-board' || scene.tag === 'mt-device-status' ? 'technician' : 'superuser';
          const session = new window.LiveSession({
            server: 'ws://127.0.0.1:9/live',
            token: 'screenshot',
            autoConnect: false,
            onSend: (frame) => {
              if (frame.t !== 'subscribe') return;
              const items = data[frame.topic] ?? [];
              queueMicrotask(() =>
                session.receiveFrame({ t: 'snapshot', sub: frame.id, topic: frame.topic, items, page: 0, more: false }),
              );
            },
          });
          session.receiveFrame({
            t: 'auth_ok',
            v: 1,
            user: 'anna.e-team',
            role,
            teams: ['hjemmepleje-nord', 'hjemmepleje-syd'],
            serverTime: Date.now(),
          });
          const element = document.createElement(scene.tag);
          for (const [name, value] of Object.entries(scene.attributes ?? {})) element.setAttribute(name, value);
          if (scene.tag !== 'mt-screening-wizard') element.session = session;
          if (scene.tag === 'mt-stock-board') {
            element.thresholds = data.thresholds;
            element.screenings = data.screenings;
          }
          const answers = {
            medicine_supply: 'pharmacy_dose_roll',
            administrations_per_day: 3,
            time_critical: false,
            can_take_alone: true,
            must_lock: true,
            must_observe: false,
            can_press_button: true,
            travels: true,
            needs_virtual_visits: false,
          };
          if (scene.draftAt !== undefined) {
            const partial = Object.fromEntries(Object.entries(answers).slice(0, 4));
            element.draft = { answers: partial, currentQuestionId: scene.draftAt };
          }
          if (scene.result) element.draft = { answers, currentQuestionId: 'needs_virtual_visits' };
          document.getElementById('host').append(element);
          await element.updateComplete;
          await new Promise((resolve) => setTimeout(resolve, 50));
          await element.updateComplete;
          if (scene.select) element.select(scene.select);
          if (scene.expandIncident) element.shadowRoot.querySelector('button[aria-expanded]')?.click();
          if (scene.selectUnit) {
            element.selectUnit(scene.selectUnit);
            await element.updateComplete;
            const scrap = [...element.shadowRoot.querySelectorAll('label.choice input')].at(-1);
            scrap?.click();
            await element.updateComplete;
            element.shadowRoot.querySelector('form.move button[type=submit]')?.click();
          }
          if (scene.result) element.shadowRoot.querySelector('form button[type=submit]')?.click();
          await element.updateComplete;
          // Let the virtualizer lay out its rows.
          await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        },
        scene,
        lang,
        pageData(Date.now()),
      );
      const file = join(out, `${scene.name}.${lang}.png`);
      const element = await page.$('#host > *');
      await element.screenshot({ path: file });
      console.log(`wrote ${file}`);
      await page.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
if (errors.length > 0) {
  console.error(`page errors:\n${errors.join('\n')}`);
  process.exit(1);
}
