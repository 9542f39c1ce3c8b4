import { expect } from '@esm-bundle/chai';
import '../src/index.js';
import type { MtAlarmList } from '../src/alarm-list/alarm-list.js';
import { LiveSession } from '../src/shared/session/live-session.js';
import { expectAccessible, shadowText, until } from './helpers.js';
import { liveServer, sessionState, type LiveFixture } from './live-server-commands.js';

/**
 * The widgets against a REAL Medtek server (started by the wtr plugin, see test/support/live-server.ts): real
 * WebSockets to `/live` with real tokens and the origin check, alarms raised by real signed device frames, and a
 * real restart (journal replay) in the middle.
 */

// Frames from a real server arrive on the network, not on the next animation frame: allow a few seconds.
const PATIENCE = 600;

function alarmIds(list: MtAlarmList): string[] {
  return list.visibleRows.flatMap((row) => (row.kind === 'alarm' ? [row.alarm.id] : []));
}

/** `<mt-session>` with the token set as a property, holding the given widgets. */
function sessionElement(fixture: LiveFixture, token: string, ...children: HTMLElement[]) {
  const provider = document.createElement('mt-session');
  provider.server = fixture.liveUrl;
  provider.token = token;
  provider.append(...children);
  document.body.append(provider);
  return provider;
}

describe('widgets against a real server', () => {
  const sessions: LiveSession[] = [];
  afterEach(() => {
    document.body.replaceChildren();
    for (const session of sessions.splice(0)) session.close();
  });

  function session(fixture: LiveFixture, token: string): LiveSession {
    const created = new LiveSession({ server: fixture.liveUrl, token });
    sessions.push(created);
    return created;
  }

  it('mt-alarm-list: an alarm from a device appears live; acknowledging it changes it on the server and in a second widget', async () => {
    const fixture = await liveServer.fixture();
    // The operator's list sits in an <mt-session>; the colleague's is standalone (server + token), in English.
    const operator = document.createElement('mt-alarm-list');
    const provider = sessionElement(fixture, fixture.tokens.superuser, operator);
    const colleague = document.createElement('mt-alarm-list');
    colleague.lang = 'en';
    colleague.server = fixture.liveUrl;
    colleague.token = fixture.tokens.staff;
    document.body.append(colleague);
    await until(() => provider.session?.state === 'online', 'operator online', PATIENCE);
    await until(() => shadowText(colleague).includes('Connected'), 'colleague online', PATIENCE);

    const { alarms } = await liveServer.raise(fixture.deviceIds[1], { kind: 'help_requested' });
    const alarm = alarms[0]!;
    await until(() => alarmIds(operator).includes(alarm.id), 'alarm in the operator list', PATIENCE);
    await until(() => alarmIds(colleague).includes(alarm.id), 'alarm in the colleague list', PATIENCE);
    expect(shadowText(operator)).to.contain('Borger beder om hjælp');
    expect(shadowText(colleague)).to.contain('Citizen asks for help');

    const confirmed: string[] = [];
    operator.addEventListener('mt-alarm-acknowledged', (event) => confirmed.push(event.detail.alarmId));
    operator.select(alarm.id);
    await operator.updateComplete;
    operator.shadowRoot!.querySelector<HTMLButtonElement>('#ack')!.click();
    await until(() => confirmed.length === 1, 'the server confirmed the acknowledge', PATIENCE);

    expect(await liveServer.alarm(alarm.id)).to.include({ acknowledged: true, state: 'ack_active' });
    await until(
      () => colleague.visibleRows.some((row) => row.kind === 'alarm' && row.alarm.state === 'ack_active'),
      'the acknowledge reached the second widget',
      PATIENCE,
    );
    await colleague.updateComplete;
    expect(shadowText(colleague)).to.contain('Acknowledged');
    await expectAccessible(operator);
  });

  it('mt-alarm-list: a command the role may not issue is refused by the server and shown', async () => {
    const fixture = await liveServer.fixture();
    const list = document.createElement('mt-alarm-list');
    list.session = session(fixture, fixture.tokens.staff);
    document.body.append(list);
    const { alarms } = await liveServer.raise(fixture.deviceIds[2], { kind: 'tamper' });
    await until(() => alarmIds(list).includes(alarms[0]!.id), 'alarm listed', PATIENCE);
    const failures: string[] = [];
    list.addEventListener('mt-command-failed', (event) => failures.push(event.detail.code));
    list.select(alarms[0]!.id);
    await list.updateComplete;
    // Staff may not shelve (the server's authorization table).
    const shelve = [...list.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find(
      (button) => button.textContent?.trim() === 'Parkér',
    )!;
    shelve.click();
    await until(() => failures.length === 1, 'refusal', PATIENCE);
    expect(failures).to.deep.equal(['forbidden']);
    await list.updateComplete;
    expect(shadowText(list)).to.contain('Parkér mislykkedes');
    expect((await liveServer.alarm(alarms[0]!.id))?.shelvedUntil).to.equal(undefined);
  });

  it('mt-device-status: a technician sees the team’s devices with live heartbeats and no medication', async () => {
    const fixture = await liveServer.fixture();
    const medimi = fixture.deviceIds[3];
    await liveServer.raise(medimi, { kind: 'cassette_loaded', cassetteId: 'K1', drug: 'Metformin 500 mg', units: 28 });
    const status = document.createElement('mt-device-status');
    status.session = session(fixture, fixture.tokens.technician);
    document.body.append(status);
    const rows = () => status.shadowRoot!.querySelectorAll('tbody tr').length;
    await until(() => rows() === 4, 'four devices', PATIENCE);

    await liveServer.status(fixture.deviceIds[1], { battery: 12, power: 'battery', rollRemaining: 9 });
    await until(() => shadowText(status).includes('12 %'), 'the heartbeat reached the widget', PATIENCE);
    expect(shadowText(status)).to.contain('9 poser tilbage');
    expect(shadowText(status)).to.contain('Kassette K1: 28 stk.');
    expect(shadowText(status)).not.to.contain('Metformin');

    const chosen: string[] = [];
    status.addEventListener('mt-device-selected', (event) => chosen.push(event.detail.deviceId));
    const button = [...status.shadowRoot!.querySelectorAll<HTMLButtonElement>('tbody button')].find(
      (b) => b.textContent?.trim() === medimi,
    )!;
    button.focus();
    button.click();
    expect(chosen).to.deep.equal([medimi]);
    await expectAccessible(status);
  });

  it('mt-stock-board: subscribes to the real stock topic and counts against the host’s thresholds', async () => {
    // The server publishes no stock units yet (the lead is adding stock REST and publishing): the real snapshot is empty.
    const fixture = await liveServer.fixture();
    const board = document.createElement('mt-stock-board');
    board.thresholds = [{ deviceType: 'medido', location: 'depot-nord', minimum: 2 }];
    board.session = session(fixture, fixture.tokens.technician);
    document.body.append(board);
    await until(
      () => shadowText(board).includes('Forbundet') && shadowText(board).includes('Ingen enheder.'),
      'the real (empty) stock snapshot',
      PATIENCE,
    );
    expect(shadowText(board)).to.contain('MedidoClock: 0 på lager i depot-nord, minimum er 2.');
    await expectAccessible(board);
  });

  it('survives a server restart: reconnects, resyncs from the replayed journal, and goes on receiving live changes', async () => {
    const fixture = await liveServer.fixture();
    const live = session(fixture, fixture.tokens.superuser);
    const list = document.createElement('mt-alarm-list');
    list.session = live;
    const status = document.createElement('mt-device-status');
    status.session = live;
    const board = document.createElement('mt-stock-board');
    board.session = live;
    document.body.append(list, status, board);
    const before = (await liveServer.raise(fixture.deviceIds[0], { kind: 'help_requested' })).alarms[0]!;
    await until(() => alarmIds(list).includes(before.id), 'alarm before the restart', PATIENCE);

    const offline = sessionState(live, 'offline');
    const restarted = liveServer.restart();
    await offline;
    await list.updateComplete;
    expect(shadowText(list)).to.contain('Ingen forbindelse');
    await restarted;

    await sessionState(live, 'online');
    await list.updateComplete; // renders the resync (stale) state first: the next check needs the fresh snapshot
    // The alarm raised before the restart comes back from the journal replay, in a fresh snapshot.
    await until(
      () => !shadowText(list).includes('Viser senest kendte data') && alarmIds(list).includes(before.id),
      'resynced alarm',
      PATIENCE,
    );
    const after = (await liveServer.raise(fixture.deviceIds[2], { kind: 'tamper' })).alarms[0]!;
    await until(() => alarmIds(list).includes(after.id), 'a live alarm after the restart', PATIENCE);
    await until(() => status.shadowRoot!.querySelectorAll('tbody tr').length === 4, 'devices resynced', PATIENCE);
    await until(() => shadowText(board).includes('Forbundet'), 'stock board back online', PATIENCE);
    await list.updateComplete;
    expect(shadowText(list)).to.contain('Forbundet');
  });
});
