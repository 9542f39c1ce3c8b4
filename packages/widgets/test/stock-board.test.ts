import { expect } from '@esm-bundle/chai';
import type { Role, StockThreshold, StockUnitView } from '@medtek/core';
import { sendKeys } from '@web/test-runner-commands';
import '../src/elements/mt-stock-board.js';
import type { MtStockBoard } from '../src/stock-board/stock-board.js';
import {
  authOk,
  expectAccessible,
  feed,
  makeScreening,
  makeUnit,
  offlineSession,
  shadowText,
  subscriptionId,
  until,
} from './helpers.js';

const units: StockUnitView[] = [
  makeUnit('m1'),
  makeUnit('m2', { state: 'reserved', citizenId: 'c-11' }),
  makeUnit('m3', { state: 'installed', citizenId: 'c-12' }),
  makeUnit('m4', { state: 'repair', location: 'depot-syd' }),
  makeUnit('s1', { deviceType: 'smila', location: 'depot-syd' }),
  makeUnit('x1', { deviceType: 'medimi', state: 'scrapped' }),
];
const thresholds: StockThreshold[] = [
  { deviceType: 'medido', location: 'depot-nord', minimum: 3 },
  { deviceType: 'smila', location: 'depot-syd', minimum: 1 },
];

async function mount(role: Role = 'technician', lang = 'da', parent: HTMLElement = document.body) {
  const { session, sent } = offlineSession();
  authOk(session, role);
  const board = document.createElement('mt-stock-board');
  if (lang !== '') board.lang = lang;
  board.session = session;
  board.thresholds = thresholds;
  board.screenings = [makeScreening('c-20', 2), makeScreening('c-21', 2), makeScreening('c-11', 2)];
  parent.append(board);
  await board.updateComplete;
  const sub = subscriptionId(sent, 'stock');
  feed(session, { t: 'snapshot', sub, topic: 'stock', items: units, page: 0, more: false });
  await board.updateComplete;
  return { board, session, sub };
}

function unitButton(board: MtStockBoard, unitId: string): HTMLButtonElement {
  return board.shadowRoot!.querySelector<HTMLButtonElement>(`button[data-unit-id="${unitId}"]`)!;
}

async function chooseMove(board: MtStockBoard, label: string): Promise<void> {
  const radio = [...board.shadowRoot!.querySelectorAll<HTMLLabelElement>('label.choice')].find(
    (choice) => choice.textContent?.trim() === label,
  );
  if (radio === undefined) throw new Error(`no move "${label}"`);
  radio.querySelector('input')!.click();
  await board.updateComplete;
}

function submitMove(board: MtStockBoard): void {
  board.shadowRoot!.querySelector<HTMLButtonElement>('form.move button[type=submit]')!.click();
}

describe('mt-stock-board', () => {
  afterEach(() => document.body.replaceChildren());

  it('subscribes to the live stock topic and shows units by type, state and depot', async () => {
    const { board } = await mount();
    const levels = board.shadowRoot!.querySelector('table[part=levels]')!;
    const rows = [...levels.querySelectorAll('tbody tr')].map((row) =>
      [...row.children].map((cell) => cell.textContent.trim()),
    );
    // Type, depot, then one column per state (på lager … kasseret), minimum, status.
    expect(rows).to.deep.equal([
      ['MedidoClock', 'depot-nord', '1', '1', '1', '0', '0', '0', '0', '3', 'Mangler 2'],
      ['MedidoClock', 'depot-syd', '0', '0', '0', '0', '0', '1', '0', '–', 'OK'],
      ['Smila', 'depot-syd', '1', '0', '0', '0', '0', '0', '0', '1', 'OK'],
      ['MedimiSmart', 'depot-nord', '0', '0', '0', '0', '0', '0', '1', '–', 'OK'],
    ]);
    expect(shadowText(board)).to.contain('Viser 6 af 6');
    expect(shadowText(board)).to.contain('Til reparation');
  });

  it('lists depots below their minimum with core’s warning text', async () => {
    const { board } = await mount();
    const warnings = board.shadowRoot!.querySelectorAll('[part=warnings] li');
    expect([...warnings].map((li) => li.textContent.trim())).to.deep.equal([
      'MedidoClock: 1 på lager i depot-nord, minimum er 3.',
    ]);
  });

  it('forecasts demand from pending screenings: a shortfall of MedidoClocks', async () => {
    const { board } = await mount();
    const medido = [...board.shadowRoot!.querySelectorAll('table[part=forecast] tbody tr')].find((row) =>
      row.textContent.includes('MedidoClock'),
    )!;
    // On the shelf 2 (1 in stock + 1 reserved for c-11), pending demand 2 (c-20, c-21; c-11 is covered).
    expect([...medido.children].map((cell) => cell.textContent.trim())).to.deep.equal([
      'MedidoClock',
      '2',
      '1',
      '1',
      '2',
      '-1',
      'Mangler 1',
    ]);
  });

  it('requests a move, and shows the accepted answer with the unit’s new state', async () => {
    const { board } = await mount();
    const requests: HTMLElementEventMap['mt-stock-move-requested'][] = [];
    const moved: HTMLElementEventMap['mt-stock-moved'][] = [];
    board.addEventListener('mt-stock-move-requested', (event) => requests.push(event));
    board.addEventListener('mt-stock-moved', (event) => moved.push(event));
    unitButton(board, 'm1').click();
    await board.updateComplete;
    await chooseMove(board, 'Reservér');
    board.shadowRoot!.querySelector<HTMLInputElement>('input[name=citizen]')!.value = 'c-20';
    submitMove(board);
    expect(requests).to.have.length(1);
    const detail = requests[0]!.detail;
    expect(detail.unitId).to.equal('m1');
    expect(detail.move).to.deep.equal({ kind: 'reserve', citizenId: 'c-20' });
    expect(requests[0]!.composed).to.equal(true);
    await board.updateComplete;
    expect(shadowText(board)).to.contain('afventer svar');

    const reserved = makeUnit('m1', { state: 'reserved', citizenId: 'c-20', since: Date.now() });
    expect(board.applyMoveResult(detail.requestId, { ok: true, unit: reserved })).to.equal(true);
    await board.updateComplete;
    expect(moved.map((event) => event.detail)).to.deep.equal([
      { requestId: detail.requestId, unitId: 'm1', move: 'reserve', from: 'in_stock', to: 'reserved' },
    ]);
    expect(shadowText(board)).to.contain('Reservér: udført for SN-m1.');
    const row = unitButton(board, 'm1').closest('tr')!;
    expect(row.textContent).to.contain('Reserveret');
    expect(row.textContent).to.contain('c-20');
    // A second answer to the same request is ignored.
    expect(board.applyMoveResult(detail.requestId, { ok: true })).to.equal(false);
  });

  it('shows a refusal from the answer in the widget’s language', async () => {
    const { board } = await mount('technician', 'en');
    const refused: CustomEvent[] = [];
    board.addEventListener('mt-stock-move-refused', (event) => refused.push(event));
    let requestId = '';
    board.addEventListener('mt-stock-move-requested', (event) => (requestId = event.detail.requestId));
    unitButton(board, 'm2').click();
    await board.updateComplete;
    await chooseMove(board, 'Install');
    submitMove(board);
    board.applyMoveResult(requestId, {
      ok: false,
      code: 'conflict',
      message: { da: 'Enheden er allerede installeret.', en: 'The unit is already installed.' },
    });
    await board.updateComplete;
    expect(shadowText(board)).to.contain('Refused: The unit is already installed.');
    expect(refused[0]!.detail).to.deep.include({ unitId: 'm2', move: 'install', code: 'conflict' });
  });

  it('refuses at once, with core’s reasons, what core’s rules refuse', async () => {
    const { board } = await mount();
    const requests: CustomEvent[] = [];
    const refused: string[] = [];
    board.addEventListener('mt-stock-move-requested', (event) => requests.push(event));
    board.addEventListener('mt-stock-move-refused', (event) => refused.push(event.detail.code));

    // Scrapping needs a reason.
    unitButton(board, 'm4').click();
    await board.updateComplete;
    await chooseMove(board, 'Kassér');
    submitMove(board);
    await board.updateComplete;
    expect(shadowText(board)).to.contain('Afvist: Angiv en begrundelse for at kassere enheden.');

    // Installing a unit reserved for c-11 at another citizen.
    unitButton(board, 'm2').click();
    await board.updateComplete;
    await chooseMove(board, 'Installér');
    board.shadowRoot!.querySelector<HTMLInputElement>('input[name=citizen]')!.value = 'c-99';
    submitMove(board);
    await board.updateComplete;
    expect(shadowText(board)).to.contain('Afvist: Enheden er reserveret til en anden borger.');
    expect(refused).to.deep.equal(['reason_required', 'reserved_for_other_citizen']);
    expect(requests).to.have.length(0);
  });

  it('offers only the moves the role may make (staff: none; coordinator: reserve)', async () => {
    const staff = await mount('staff');
    unitButton(staff.board, 'm1').click();
    await staff.board.updateComplete;
    expect(shadowText(staff.board)).to.contain('Ingen flytninger er mulige');
    document.body.replaceChildren();

    const coordinator = await mount('coordinator');
    unitButton(coordinator.board, 'm1').click();
    await coordinator.board.updateComplete;
    const choices = [...coordinator.board.shadowRoot!.querySelectorAll('label.choice')].map((l) =>
      l.textContent.trim(),
    );
    expect(choices).to.deep.equal(['Reservér']);
  });

  it('follows live deltas: changed and removed units', async () => {
    const { board, session, sub } = await mount();
    feed(session, {
      t: 'delta',
      sub,
      topic: 'stock',
      items: [makeUnit('m4', { state: 'cleaning', location: 'depot-syd', deviceId: 'dev-77' })],
      removed: ['x1'],
    });
    await board.updateComplete;
    expect(board.units.map((unit) => unit.unitId)).to.deep.equal(['m1', 'm2', 'm3', 'm4', 's1']);
    expect(unitButton(board, 'm4').closest('tr')!.textContent).to.contain('Til rengøring');
  });

  it('works by keyboard alone: open a unit, choose a move, give a reason, send; Escape goes back', async () => {
    const { board } = await mount();
    const requests: CustomEvent[] = [];
    board.addEventListener('mt-stock-move-requested', (event) => requests.push(event));
    unitButton(board, 'm4').focus();
    await sendKeys({ press: 'Enter' });
    await until(() => board.shadowRoot!.activeElement?.getAttribute('name') === 'move', 'focus in the move form');
    // m4 is in repair: clean, return to stock, scrap. Arrow keys move between the radios.
    await sendKeys({ press: 'ArrowDown' });
    await board.updateComplete;
    const checked = board.shadowRoot!.querySelector<HTMLInputElement>('input[name=move]:checked')!;
    expect(checked.closest('label')!.textContent.trim()).to.equal('Sæt på lager');
    await sendKeys({ press: 'Tab' }); // the depot
    await sendKeys({ type: 'depot-nord' });
    await sendKeys({ press: 'Tab' }); // the reason
    await sendKeys({ type: 'Ny motor monteret' });
    await sendKeys({ press: 'Tab' }); // the submit button
    await sendKeys({ press: 'Enter' });
    expect(requests).to.have.length(1);
    expect((requests[0]!.detail as { move: unknown }).move).to.deep.equal({
      kind: 'return_to_stock',
      location: 'depot-nord',
      reason: 'Ny motor monteret',
    });
    await sendKeys({ press: 'Escape' });
    await until(() => board.shadowRoot!.activeElement?.getAttribute('data-unit-id') === 'm4', 'focus back on m4');
    expect(board.shadowRoot!.querySelector('form.move')).to.equal(null);
  });

  it('switches between Danish and English when an ancestor lang changes', async () => {
    const wrapper = document.createElement('div');
    wrapper.lang = 'da';
    document.body.append(wrapper);
    const { board } = await mount('technician', '', wrapper);
    await until(() => shadowText(board).includes('Lager af enheder'), 'Danish');
    expect(shadowText(board)).to.contain('På lager');
    wrapper.lang = 'en';
    await until(() => shadowText(board).includes('Device stock'), 'English');
    expect(shadowText(board)).to.contain('In stock');
    expect(shadowText(board)).to.contain('MedidoClock: 1 in stock at depot-nord, the minimum is 3.');
  });

  it('has no axe violations (with the move form open)', async () => {
    const { board } = await mount();
    unitButton(board, 'm1').click();
    await board.updateComplete;
    await expectAccessible(board);
  });
});
