/*
 * A dashboard on the live protocol, without the widgets: the whole client is this file. Frames are MessagePack
 * maps; @medtek/core's codec (built for the browser as /protocol/medtek-protocol.js) encodes ours and decodes and
 * validates the server's — the same code the server runs.
 */
import { decodeLiveServerFrame, encodeLiveClientFrame, PROTOCOL_VERSION } from '/protocol/medtek-protocol.js';
import { devLogin, liveUrl } from '/shared/dev-session.js';
import { currentLanguage, setupLanguageSwitch, t } from '/shared/language.js';

setupLanguageSwitch();
const ROLE = 'superuser';
const PRIORITY_ORDER = { high: 0, medium: 1, low: 2 };
const STATE_NAMES = {
  unack_active: ['aktiv, ikke kvitteret', 'active, unacknowledged'],
  ack_active: ['aktiv, kvitteret', 'active, acknowledged'],
  cleared_unack: ['ophørt, ikke kvitteret', 'cleared, unacknowledged'],
  closed: ['lukket', 'closed'],
};
const PRIORITY_NAMES = { high: ['Høj', 'High'], medium: ['Middel', 'Medium'], low: ['Lav', 'Low'] };

/** Current state, per topic, keyed like the protocol's deltas (alarm id, device id). */
const alarms = new Map();
const devices = new Map();
const frameLog = [];
let connection = 'connecting';
let retryMs = 500;

function send(socket, frame) {
  socket.send(encodeLiveClientFrame(frame));
}

async function connect() {
  const { token } = await devLogin(ROLE);
  const socket = new WebSocket(liveUrl());
  socket.binaryType = 'arraybuffer';
  socket.addEventListener('open', () => {
    // The first frame must authenticate; nothing else is processed before it.
    send(socket, { t: 'auth', v: PROTOCOL_VERSION, token });
  });
  socket.addEventListener('message', (event) => {
    const result = decodeLiveServerFrame(new Uint8Array(event.data));
    if (!result.ok) {
      log(`rejected: ${result.code} ${result.message}`);
      return;
    }
    handle(socket, result.frame);
  });
  socket.addEventListener('close', (event) => {
    connection = 'offline';
    render();
    log(`close ${event.code}`);
    // Reconnect with backoff; the snapshots after re-subscribing replace what we had.
    setTimeout(() => void connect().catch(() => undefined), retryMs);
    retryMs = Math.min(retryMs * 2, 30_000);
  });
}

function handle(socket, frame) {
  log(frame.t === 'snapshot' || frame.t === 'delta' ? `${frame.t} ${frame.topic} (${frame.items.length})` : frame.t);
  switch (frame.t) {
    case 'auth_ok':
      connection = 'online';
      retryMs = 500;
      send(socket, { t: 'subscribe', id: 'alarms', topic: 'alarms' });
      send(socket, { t: 'subscribe', id: 'devices', topic: 'devices' });
      break;
    case 'snapshot': {
      const target = frame.topic === 'alarms' ? alarms : frame.topic === 'devices' ? devices : undefined;
      if (!target) break;
      if (frame.page === 0) target.clear();
      for (const item of frame.items) target.set(keyOf(frame.topic, item), item);
      break;
    }
    case 'delta': {
      const target = frame.topic === 'alarms' ? alarms : frame.topic === 'devices' ? devices : undefined;
      if (!target) break;
      for (const item of frame.items) target.set(keyOf(frame.topic, item), item);
      for (const key of frame.removed) target.delete(key);
      break;
    }
    case 'error':
      log(`error ${frame.code}: ${frame.message}`);
      break;
    default:
      break;
  }
  render();
}

function keyOf(topic, item) {
  return topic === 'alarms' ? item.id : item.deviceId;
}

function log(line) {
  frameLog.unshift(`${new Date().toLocaleTimeString('da-DK')}  ${line}`);
  frameLog.length = Math.min(frameLog.length, 8);
}

function render() {
  const lang = currentLanguage();
  const pick = (pair) => pair[lang === 'en' ? 1 : 0];
  const open = [...alarms.values()].filter((a) => a.state !== 'closed');
  document.getElementById('connection').textContent =
    connection === 'online'
      ? t('forbundet', 'connected')
      : connection === 'offline'
        ? t('afbrudt', 'offline')
        : t('forbinder…', 'connecting…');
  document.getElementById('open-alarms').textContent = open.length;
  document.getElementById('unacknowledged').textContent = open.filter((a) => !a.acknowledged).length;
  document.getElementById('high-alarms').textContent = open.filter((a) => a.priority === 'high').length;
  const online = [...devices.values()].filter((d) => d.online).length;
  document.getElementById('devices-online').textContent = `${online} / ${devices.size}`;

  const time = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'da-DK', {
    timeZone: 'Europe/Copenhagen',
    hour: '2-digit',
    minute: '2-digit',
  });
  const rows = open
    .sort((a, b) => PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority] || a.raisedAt - b.raisedAt)
    .slice(0, 15)
    .map((alarm) => {
      const row = document.createElement('tr');
      row.dataset.alarmId = alarm.id;
      row.dataset.state = alarm.state;
      const cells = [
        Object.assign(document.createElement('span'), {
          className: `priority priority-${alarm.priority}`,
          textContent: pick(PRIORITY_NAMES[alarm.priority]),
        }),
        alarm.type.replaceAll('_', ' '),
        alarm.citizenId ?? alarm.deviceId ?? '',
        pick(STATE_NAMES[alarm.state]),
        time.format(new Date(alarm.raisedAt)),
      ];
      for (const content of cells) {
        const cell = document.createElement('td');
        cell.append(content);
        row.append(cell);
      }
      return row;
    });
  document.getElementById('alarm-rows').replaceChildren(...rows);
  document
    .getElementById('frame-log')
    .replaceChildren(...frameLog.map((line) => Object.assign(document.createElement('li'), { textContent: line })));
}

document.addEventListener('languagechange', render);
render();
await connect();
