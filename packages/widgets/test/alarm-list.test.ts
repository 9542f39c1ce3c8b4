import { expect } from '@esm-bundle/chai';
import type { Alarm } from '@medtek/core';
import '../src/elements/mt-alarm-list.js';
import type { MtAlarmList } from '../src/alarm-list/alarm-list.js';
import {
  authOk,
  expectAccessible,
  feed,
  key,
  makeAlarm,
  NOW,
  offlineSession,
  shadowText,
  subscriptionId,
  until,
} from './helpers.js';

/** Sends alarms as the server does: snapshot pages small enough for the 1 MiB frame limit. */
async function mount(alarms: Alarm[], lang = 'da') {
  const { session, sent } = offlineSession();
  authOk(session);
  const element = document.createElement('mt-alarm-list');
  element.lang = lang;
  element.session = session;
  document.body.append(element);
  await element.updateComplete;
  const sub = subscriptionId(sent, 'alarms');
  const pageSize = 1000;
  const pages = Math.max(1, Math.ceil(alarms.length / pageSize));
  for (let page = 0; page < pages; page += 1) {
    const items = alarms.slice(page * pageSize, (page + 1) * pageSize);
    feed(session, { t: 'snapshot', sub, topic: 'alarms', items, page, more: page < pages - 1 });
  }
  await element.updateComplete;
  return { element, session, sent, sub };
}

function rowTitles(element: MtAlarmList): string[] {
  return element.visibleRows.map((row) => (row.kind === 'alarm' ? row.alarm.id : row.key));
}

describe('mt-alarm-list', () => {
  afterEach(() => document.body.replaceChildren());

  it('orders live alarms by priority, then the longest waiting first', async () => {
    const { element } = await mount([
      makeAlarm('a-low', { priority: 'low', raisedAt: NOW - 60 * 60_000 }),
      makeAlarm('a-high-new', { priority: 'high', raisedAt: NOW - 60_000 }),
      makeAlarm('a-high-old', { priority: 'high', raisedAt: NOW - 20 * 60_000 }),
      makeAlarm('a-medium', { priority: 'medium' }),
      makeAlarm('a-closed', { state: 'closed', acknowledged: true, cleared: true }),
    ]);
    expect(rowTitles(element)).to.deep.equal(['a-high-old', 'a-high-new', 'a-medium', 'a-low']);
    await until(() => element.shadowRoot!.querySelectorAll('[role=listitem]').length === 4, 'rows rendered');
    const text = shadowText(element);
    expect(text).to.contain('Glemt dosis');
    expect(text).to.contain('Over svarfristen'); // 20 min > 15 min limit
    expect(text).to.contain('Forbundet');
  });

  it('acknowledges the selected alarm with a live command and reports the confirmed result', async () => {
    const { element, session, sent, sub } = await mount([makeAlarm('a1', { priority: 'high' })]);
    const events: CustomEvent[] = [];
    document.body.addEventListener('mt-alarm-acknowledged', (e) => events.push(e));
    element.select('a1');
    await element.updateComplete;
    const button = element.shadowRoot!.querySelector<HTMLButtonElement>('#ack')!;
    button.click();
    const command = sent.find((frame) => frame.t === 'command');
    expect(command).to.deep.include({ t: 'command' });
    if (command?.t !== 'command') throw new Error('no command sent');
    expect(command.command).to.deep.equal({ action: 'acknowledge', alarmId: 'a1' });
    feed(session, { t: 'result', id: command.id, ok: true });
    const acknowledged = makeAlarm('a1', { priority: 'high', acknowledged: true, state: 'ack_active' });
    feed(session, { t: 'delta', sub, topic: 'alarms', items: [acknowledged], removed: [] });
    await until(() => events.length === 1, 'mt-alarm-acknowledged');
    expect(events[0]!.detail).to.deep.equal({ alarmId: 'a1', action: 'acknowledge' });
    expect(events[0]!.composed).to.equal(true);
    await element.updateComplete;
    expect(shadowText(element)).to.contain('Kvittér: udført');
  });

  it('shows a refusal from the server and fires mt-command-failed', async () => {
    const { element, session, sent } = await mount([makeAlarm('a1')]);
    const failures: CustomEvent[] = [];
    element.addEventListener('mt-command-failed', (e) => failures.push(e));
    element.select('a1');
    await element.updateComplete;
    element.shadowRoot!.querySelector<HTMLButtonElement>('#ack')!.click();
    const command = sent.find((frame) => frame.t === 'command');
    if (command?.t !== 'command') throw new Error('no command sent');
    feed(session, { t: 'result', id: command.id, ok: false, code: 'conflict', message: 'already closed' });
    await until(() => failures.length === 1, 'mt-command-failed');
    await element.updateComplete;
    expect(shadowText(element)).to.contain('mislykkedes: already closed');
  });

  it('groups an incident into one row that expands', async () => {
    const { element } = await mount([
      makeAlarm('o1', { type: 'device_offline', incidentId: 'inc-1' }),
      makeAlarm('o2', { type: 'device_offline', incidentId: 'inc-1' }),
      makeAlarm('o3', { type: 'device_offline', incidentId: 'inc-1' }),
      makeAlarm('x', { priority: 'high' }),
    ]);
    expect(rowTitles(element)).to.deep.equal(['x', 'incident:inc-1']);
    await until(() => shadowText(element).includes('Hændelse: 3 alarmer'), 'incident row');
    const incidentButton = element.shadowRoot!.querySelector<HTMLButtonElement>('button[aria-expanded]')!;
    incidentButton.click();
    await element.updateComplete;
    expect(rowTitles(element)).to.deep.equal(['x', 'incident:inc-1', 'o1', 'o2', 'o3']);
  });

  it('announces a new high-priority alarm that arrives live', async () => {
    const { element, session, sub } = await mount([makeAlarm('a1')]);
    const cues: string[] = [];
    element.addEventListener('mt-high-priority-alarm', (e) => cues.push(e.detail.alarmId));
    feed(session, {
      t: 'delta',
      sub,
      topic: 'alarms',
      items: [makeAlarm('new-1', { priority: 'high', type: 'wrong_citizen', citizenId: 'c-77' })],
      removed: [],
    });
    await element.updateComplete;
    expect(cues).to.deep.equal(['new-1']);
    const alert = element.shadowRoot!.querySelector('[role=alert]')!;
    expect(alert.textContent).to.contain('Ny alarm med høj prioritet: Forkert borger, Borger c-77');
  });

  it('works by keyboard alone: j/k move, a acknowledges', async () => {
    const { element, sent } = await mount([
      makeAlarm('h', { priority: 'high' }),
      makeAlarm('m', { priority: 'medium' }),
      makeAlarm('l', { priority: 'low' }),
    ]);
    await until(() => element.shadowRoot!.querySelector('button[data-index="0"]') !== null, 'first row');
    element.shadowRoot!.querySelector<HTMLButtonElement>('button[data-index="0"]')!.focus();
    key(element.shadowRoot!.activeElement!, 'j');
    await element.updateComplete;
    await until(() => element.shadowRoot!.activeElement?.getAttribute('data-alarm-id') === 'm', 'focus on m');
    key(element.shadowRoot!.activeElement!, 'j');
    await until(() => element.shadowRoot!.activeElement?.getAttribute('data-alarm-id') === 'l', 'focus on l');
    key(element.shadowRoot!.activeElement!, 'k');
    await until(() => element.shadowRoot!.activeElement?.getAttribute('data-alarm-id') === 'm', 'back on m');
    key(element.shadowRoot!.activeElement!, 'a');
    const command = sent.find((frame) => frame.t === 'command');
    if (command?.t !== 'command') throw new Error('no command sent');
    expect(command.command).to.deep.equal({ action: 'acknowledge', alarmId: 'm' });
  });

  it('stays smooth with 10,000 alarms: only the rows in view are in the DOM', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      makeAlarm(`bulk-${i}`, { priority: (['high', 'medium', 'low'] as const)[i % 3], raisedAt: NOW - i * 1000 }),
    );
    const { element } = await mount(many);
    expect(element.visibleRows.length).to.equal(10_000);
    await until(() => element.shadowRoot!.querySelectorAll('[role=listitem]').length > 0, 'rows rendered');
    expect(element.shadowRoot!.querySelectorAll('[role=listitem]').length).to.be.below(100);
  });

  it('switches between Danish and English when an ancestor lang changes', async () => {
    const wrapper = document.createElement('div');
    wrapper.lang = 'da';
    document.body.append(wrapper);
    const { session, sent } = offlineSession();
    authOk(session);
    const element = document.createElement('mt-alarm-list');
    element.session = session;
    wrapper.append(element);
    await element.updateComplete;
    feed(session, {
      t: 'snapshot',
      sub: subscriptionId(sent, 'alarms'),
      topic: 'alarms',
      items: [makeAlarm('a1')],
      page: 0,
      more: false,
    });
    await element.updateComplete;
    expect(shadowText(element)).to.contain('Alarmer');
    wrapper.lang = 'en';
    await until(() => shadowText(element).includes('Alarms'), 'English');
    expect(shadowText(element)).to.contain('Missed dose');
  });

  it('has no axe violations (with an alarm selected)', async () => {
    const { element } = await mount([makeAlarm('a1', { priority: 'high' }), makeAlarm('a2')]);
    element.select('a1');
    await until(() => element.shadowRoot!.querySelectorAll('[role=listitem]').length === 2, 'rows rendered');
    await expectAccessible(element);
  });
});
