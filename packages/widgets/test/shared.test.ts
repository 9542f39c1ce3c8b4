import { expect } from '@esm-bundle/chai';
import '../src/index.js';
import { MtAlarmList } from '../src/alarm-list/alarm-list.js';
import { define } from '../src/shared/define.js';
import { backoffDelay } from '../src/shared/session/backoff.js';
import { authOk, feed, makeAlarm, offlineSession, subscriptionId } from './helpers.js';

describe('shared behaviour', () => {
  afterEach(() => document.body.replaceChildren());

  it('tolerates a second definition of every tag (two bundle copies on one page)', () => {
    class SecondCopy extends MtAlarmList {}
    expect(() => define('mt-alarm-list', SecondCopy)).not.to.throw();
    expect(customElements.get('mt-alarm-list')).to.equal(MtAlarmList);
    for (const tag of ['mt-session', 'mt-alarm-list', 'mt-device-status', 'mt-screening-wizard', 'mt-stock-board']) {
      expect(customElements.get(tag), tag).not.to.equal(undefined);
    }
  });

  it('host-page CSS does not restyle the widget, and the widget does not restyle the page', async () => {
    const style = document.createElement('style');
    style.textContent =
      'button { background: rgb(255, 0, 0) !important; font-size: 40px; } * { color: rgb(0, 255, 0); }';
    document.head.append(style);
    const pageButton = document.createElement('button');
    pageButton.textContent = 'page';
    document.body.append(pageButton);
    const before = getComputedStyle(pageButton).fontFamily;
    const element = document.createElement('mt-screening-wizard');
    document.body.append(element);
    await element.updateComplete;
    const inner = element.shadowRoot!.querySelector('button')!;
    expect(getComputedStyle(inner).backgroundColor).not.to.equal('rgb(255, 0, 0)');
    expect(getComputedStyle(inner).fontSize).to.equal('16px');
    expect(getComputedStyle(pageButton).fontFamily).to.equal(before);
    expect(getComputedStyle(pageButton).backgroundColor).to.equal('rgb(255, 0, 0)');
    style.remove();
  });

  it('all widgets inside one mt-session share its one session', async () => {
    const { session, sent } = offlineSession();
    authOk(session);
    const provider = document.createElement('mt-session');
    provider.attachSession(session);
    const alarms = document.createElement('mt-alarm-list');
    const devices = document.createElement('mt-device-status');
    provider.append(alarms, devices);
    document.body.append(provider);
    await alarms.updateComplete;
    await devices.updateComplete;
    expect(sent.filter((f) => f.t === 'subscribe').map((f) => (f.t === 'subscribe' ? f.topic : ''))).to.have.members([
      'alarms',
      'incidents',
      'devices',
    ]);
    feed(session, {
      t: 'snapshot',
      sub: subscriptionId(sent, 'alarms'),
      topic: 'alarms',
      items: [makeAlarm('a1')],
      page: 0,
      more: false,
    });
    await alarms.updateComplete;
    expect(alarms.visibleRows).to.have.length(1);
  });

  it('resubscribes and resyncs from a fresh snapshot after a reconnect', async () => {
    const { session, sent } = offlineSession();
    authOk(session);
    const alarms = document.createElement('mt-alarm-list');
    alarms.session = session;
    document.body.append(alarms);
    await alarms.updateComplete;
    const firstSub = subscriptionId(sent, 'alarms');
    feed(session, { t: 'snapshot', sub: firstSub, topic: 'alarms', items: [makeAlarm('old')], page: 0, more: false });
    const subscribesBefore = sent.filter((f) => f.t === 'subscribe').length;
    authOk(session); // a new auth_ok = the session authenticated again on a new socket
    expect(sent.filter((f) => f.t === 'subscribe').length).to.equal(subscribesBefore + 2); // alarms + incidents
    feed(session, { t: 'snapshot', sub: firstSub, topic: 'alarms', items: [makeAlarm('new')], page: 0, more: false });
    await alarms.updateComplete;
    expect(alarms.visibleRows.map((r) => r.key)).to.deep.equal(['new']);
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelay(0, () => 0)).to.equal(250);
    expect(backoffDelay(0, () => 0.999)).to.be.within(499, 500);
    expect(backoffDelay(3, () => 0.5)).to.equal(3000);
    expect(backoffDelay(50, () => 1)).to.equal(30_000);
  });
});
