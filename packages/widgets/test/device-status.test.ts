import { expect } from '@esm-bundle/chai';
import type { DeviceView } from '@medtek/core';
import '../src/elements/mt-device-status.js';
import { authOk, expectAccessible, feed, makeDevice, offlineSession, shadowText, subscriptionId } from './helpers.js';

async function mount(devices: DeviceView[], attributes: Record<string, string> = {}) {
  const { session, sent } = offlineSession();
  authOk(session, 'technician');
  const element = document.createElement('mt-device-status');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.session = session;
  document.body.append(element);
  await element.updateComplete;
  const sub = subscriptionId(sent, 'devices');
  feed(session, { t: 'snapshot', sub, topic: 'devices', items: devices, page: 0, more: false });
  await element.updateComplete;
  return { element, session, sent, sub };
}

const fleet = [
  makeDevice('dev-1'),
  makeDevice('dev-2', { online: false, connected: false, battery: 12, power: 'battery' }),
  makeDevice('dev-3', {
    type: 'medimi',
    mode: 'travel',
    fill: { cassettes: [{ cassetteId: 'K1', remaining: 7, medication: { drug: 'Metformin' } }] },
  }),
];

describe('mt-device-status', () => {
  afterEach(() => document.body.replaceChildren());

  it('shows fleet counts and every device with status, battery, fill and mode', async () => {
    const { element } = await mount(fleet);
    const text = shadowText(element);
    expect(text).to.contain('2 online · 1 offline · 1 på pause/rejse');
    expect(text).to.contain('20 poser tilbage');
    expect(text).to.contain('Kassette K1: 7 stk.');
    expect(text).to.contain('Rejsetilstand');
    expect(text).to.contain('12 %');
  });

  it('never renders a medication part, even when one is present in the data', async () => {
    const { element } = await mount(fleet);
    expect(shadowText(element)).not.to.contain('Metformin');
    const single = await mount(fleet, { 'device-id': 'dev-3' });
    expect(shadowText(single.element)).not.to.contain('Metformin');
  });

  it('filters the fleet by status and updates from deltas', async () => {
    const { element, session, sub } = await mount(fleet);
    const select = element.shadowRoot!.querySelector('select')!;
    select.value = 'offline';
    select.dispatchEvent(new Event('change'));
    await element.updateComplete;
    expect(element.shadowRoot!.querySelectorAll('tbody tr').length).to.equal(1);
    feed(session, { t: 'delta', sub, topic: 'devices', items: [makeDevice('dev-1', { online: false })], removed: [] });
    await element.updateComplete;
    expect(element.shadowRoot!.querySelectorAll('tbody tr').length).to.equal(2);
  });

  it('selects a device by keyboard (a real button) and in English', async () => {
    const { element } = await mount(fleet, { lang: 'en' });
    expect(shadowText(element)).to.contain('2 online · 1 offline · 1 paused/travelling');
    const chosen: string[] = [];
    element.addEventListener('mt-device-selected', (e) => chosen.push(e.detail.deviceId));
    const button = element.shadowRoot!.querySelector<HTMLButtonElement>('tbody button')!;
    button.focus();
    button.click(); // Enter/Space on a focused native button fire click
    expect(chosen).to.have.length(1);
  });

  it('has no axe violations (fleet and single device)', async () => {
    const { element } = await mount(fleet);
    await expectAccessible(element);
    const single = await mount(fleet, { 'device-id': 'dev-2' });
    await expectAccessible(single.element);
  });
});
