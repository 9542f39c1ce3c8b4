import {
  allowedStockMoves,
  type BilingualText,
  type DeviceType,
  forecastStock,
  MOVES_NEEDING_REASON,
  type Screening,
  STOCK_MOVE_NAMES,
  STOCK_STATE_NAMES,
  STOCK_TRANSITIONS,
  type StockMove,
  type StockMoveKind,
  type StockState,
  type StockThreshold,
  type StockUnitView,
  stepForDeviceType,
  stockLevels,
  stockWarnings,
} from '@medtek/core';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { emit } from '../shared/events.js';
import { formatNumber, formatShortDateTime } from '../shared/i18n/format.js';
import { MtElement } from '../shared/mt-element.js';
import { LiveController } from '../shared/session/live-controller.js';
import { baseStyles } from '../shared/theme.js';
import { checkStockMove } from './move-check.js';
import { stockBoardStyles } from './stock-board.styles.js';

const STATES = Object.keys(STOCK_STATE_NAMES) as StockState[];
const DEVICE_TYPES: DeviceType[] = ['flexsmart', 'medido', 'smila', 'medimi'];

/** The answer to a `mt-stock-move-requested` event: core's `StockMoveResult` shape, with the unit as a view. */
export type StockMoveAnswer =
  { ok: true; unit?: StockUnitView } | { ok: false; code: string; message: BilingualText | string };

interface PendingMove {
  requestId: string;
  unit: StockUnitView;
  move: StockMove;
}

type MoveStatus = { kind: 'pending' | 'accepted' | 'refused'; text: string } | undefined;

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function buildMove(kind: StockMoveKind, citizenId: string, location: string, reason: string): StockMove {
  const why = reason.trim() === '' ? {} : { reason: reason.trim() };
  switch (kind) {
    case 'reserve':
    case 'install':
      return { kind, citizenId: citizenId.trim(), ...why };
    case 'collect':
    case 'return_to_stock':
      return location.trim() === '' ? { kind, ...why } : { kind, location: location.trim(), ...why };
    case 'clean':
    case 'repair':
    case 'scrap':
      return { kind, ...why };
  }
}

let requestCounter = 0;

/**
 * `<mt-stock-board>`: the technical service's device stock, live from the `stock` topic: units by type, state and
 * depot, depots below their minimum, a forecast from pending screenings, and moves (reserve, install, collect,
 * clean, repair, return to stock, scrap) with the reason when one is refused.
 *
 * Moves: the board checks a move with core's stock rules first and shows core's refusal text at once; otherwise it
 * fires `mt-stock-move-requested` (the server has no stock-move request yet) and shows the answer the host passes
 * to `applyMoveResult(requestId, answer)`.
 *
 * @customElement mt-stock-board
 * @summary Live device stock with thresholds, forecast and moves.
 * @fires mt-stock-move-requested - The user asked for a move; answer with `applyMoveResult(requestId, answer)`.
 * @fires mt-stock-moved - A move was accepted.
 * @fires mt-stock-move-refused - A move was refused (by the board's check or by the answer).
 * @csspart connection - The connection state line.
 * @csspart warnings - The list of depots below their minimum.
 * @csspart levels - The table of units by type, depot and state.
 * @csspart forecast - The forecast table.
 * @csspart units - The unit table.
 * @csspart move - The move form of the selected unit.
 * @cssprop --mt-stock-board-height - Height of the scrolling unit table (default 420px).
 */
export class MtStockBoard extends MtElement {
  static override styles = [baseStyles, stockBoardStyles];

  /** Minimum units in stock per device type and depot (from the host; the server keeps them in its registry). */
  @property({ attribute: false }) thresholds: StockThreshold[] = [];

  /** Screenings whose recommended technology is not installed yet: the forecast's pending demand. */
  @property({ attribute: false }) screenings: Screening[] = [];

  @state() private typeFilter: DeviceType | '' = '';
  @state() private stateFilter: StockState | '' = '';
  @state() private locationFilter = '';
  @state() private search = '';
  @state() private selectedId: string | undefined;
  @state() private chosenMove: StockMoveKind | undefined;
  @state() private moveStatus: MoveStatus;
  @state() private pending: PendingMove | undefined;
  /** Units as an accepted answer returned them, until the live topic reports the same unit as new or newer. */
  @state() private answered = new Map<string, StockUnitView>();

  private readonly live = new LiveController<StockUnitView>(this, 'stock');
  private focusMoveForm = false;
  private focusUnitId: string | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    const keys = ['session', 'server', 'token'] as const;
    if (this.hasUpdated && keys.some((name) => changed.has(name))) this.live.reconnect();
  }

  protected override updated(): void {
    if (this.focusMoveForm) {
      this.focusMoveForm = false;
      this.renderRoot.querySelector<HTMLElement>('form.move input, form.move button')?.focus();
    }
    if (this.focusUnitId !== undefined) {
      const id = this.focusUnitId;
      this.focusUnitId = undefined;
      this.renderRoot.querySelector<HTMLElement>(`button[data-unit-id="${CSS.escape(id)}"]`)?.focus();
    }
  }

  /** The units to show: the live topic's, with accepted answers laid over until the topic catches up. */
  get units(): StockUnitView[] {
    const merged = new Map(this.live.items);
    for (const [unitId, unit] of this.answered) {
      const current = merged.get(unitId);
      if (current === undefined || current.since < unit.since) merged.set(unitId, unit);
    }
    return [...merged.values()].sort(
      (a, b) =>
        stepForDeviceType(a.deviceType) - stepForDeviceType(b.deviceType) ||
        a.location.localeCompare(b.location) ||
        a.serial.localeCompare(b.serial),
    );
  }

  /**
   * Answers a `mt-stock-move-requested` event. Returns false when no such request is waiting (already answered, or
   * the user gave up on it).
   */
  applyMoveResult(requestId: string, answer: StockMoveAnswer): boolean {
    const pending = this.pending;
    if (pending === undefined || pending.requestId !== requestId) return false;
    this.pending = undefined;
    const unitLabel = pending.unit.serial;
    const moveName = STOCK_MOVE_NAMES[pending.move.kind][this.locale];
    if (answer.ok) {
      const to = answer.unit?.state ?? STOCK_TRANSITIONS[pending.move.kind].to;
      if (answer.unit !== undefined) this.answered = new Map(this.answered).set(answer.unit.unitId, answer.unit);
      this.moveStatus = { kind: 'accepted', text: this.t.stock.accepted(moveName, unitLabel) };
      this.chosenMove = undefined;
      emit(this, 'mt-stock-moved', {
        requestId,
        unitId: pending.unit.unitId,
        move: pending.move.kind,
        from: pending.unit.state,
        to,
      });
    } else {
      const reason = typeof answer.message === 'string' ? answer.message : answer.message[this.locale];
      this.moveStatus = { kind: 'refused', text: this.t.stock.refused(reason) };
      emit(this, 'mt-stock-move-refused', {
        requestId,
        unitId: pending.unit.unitId,
        move: pending.move.kind,
        code: answer.code,
        reason,
      });
    }
    return true;
  }

  /** Selects a unit and opens its move form (as clicking its row does). */
  selectUnit(unitId: string): void {
    this.selectedId = unitId;
    this.chosenMove = undefined;
    this.moveStatus = undefined;
    this.focusMoveForm = true;
  }

  protected override render(): unknown {
    const t = this.t;
    const units = this.units;
    return html`<div class="header">
        <h2>${t.stock.title}</h2>
        ${this.renderConnection(this.live.state, this.live.session)}
      </div>
      ${this.renderStale(this.live.subscription?.stale ?? false, units.length > 0)} ${this.renderWarnings(units)}
      ${this.renderLevels(units)} ${this.renderForecast(units)} ${this.renderUnits(units)}`;
  }

  private stateName(state: StockState): string {
    return capitalize(STOCK_STATE_NAMES[state][this.locale]);
  }

  private renderWarnings(units: StockUnitView[]): unknown {
    const warnings = stockWarnings(units, this.thresholds);
    return html`<section>
      <h3 id="warnings-title">${this.t.stock.warnings}</h3>
      ${
        warnings.length === 0
          ? html`<p class="flag-ok">${this.t.stock.noWarnings}</p>`
          : html`<ul class="warnings" part="warnings">
              ${warnings.map((warning) => html`<li>${warning.message[this.locale]}</li>`)}
            </ul>`
      }
    </section>`;
  }

  private renderLevels(units: StockUnitView[]): unknown {
    const t = this.t;
    const levels = stockLevels(units, this.thresholds);
    return html`<section>
      <h3 id="levels-title">${t.stock.levels}</h3>
      <div class="scroll" tabindex="0" role="region" aria-labelledby="levels-title">
        <table part="levels" class="counts">
          <thead>
            <tr>
              <th scope="col">${t.stock.type}</th>
              <th scope="col">${t.stock.location}</th>
              ${STATES.map((state) => html`<th scope="col" class="number">${this.stateName(state)}</th>`)}
              <th scope="col" class="number">${t.stock.minimum}</th>
              <th scope="col">${t.devices.status}</th>
            </tr>
          </thead>
          <tbody>
            ${levels.map(
              (level) =>
                html`<tr class=${level.belowMinimum ? 'short' : ''}>
                  <th scope="row">${t.deviceType[level.deviceType]}</th>
                  <td>${level.location}</td>
                  ${STATES.map(
                    (state) => html`<td class="number">${formatNumber(level.counts[state], this.locale)}</td>`,
                  )}
                  <td class="number">
                    ${level.minimum === undefined ? '–' : formatNumber(level.minimum, this.locale)}
                  </td>
                  <td>
                    ${
                      level.belowMinimum
                        ? html`<span class="flag-short">${t.stock.belowMinimum(level.shortBy)}</span>`
                        : html`<span class="flag-ok">${t.stock.ok}</span>`
                    }
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  private renderForecast(units: StockUnitView[]): unknown {
    const t = this.t;
    const forecast = forecastStock(units, this.screenings, this.thresholds);
    const number = (value: number) => formatNumber(value, this.locale);
    return html`<section>
      <h3 id="forecast-title">${t.stock.forecast}</h3>
      <div class="scroll" tabindex="0" role="region" aria-labelledby="forecast-title">
        <table part="forecast" class="counts">
          <thead>
            <tr>
              <th scope="col">${t.stock.type}</th>
              <th scope="col" class="number">${t.stock.onShelf}</th>
              <th scope="col" class="number">${t.stock.reserved}</th>
              <th scope="col" class="number">${t.stock.inPipeline}</th>
              <th scope="col" class="number">${t.stock.pendingDemand}</th>
              <th scope="col" class="number">${t.stock.projected}</th>
              <th scope="col">${t.devices.status}</th>
            </tr>
          </thead>
          <tbody>
            ${forecast.lines.map(
              (line) =>
                html`<tr class=${line.shortfall > 0 ? 'short' : ''}>
                  <th scope="row">${t.deviceType[line.deviceType]}</th>
                  <td class="number">${number(line.onShelf)}</td>
                  <td class="number">${number(line.reserved)}</td>
                  <td class="number">${number(line.inPipeline)}</td>
                  <td class="number">${number(line.pendingDemand)}</td>
                  <td class="number">${number(line.projected)}</td>
                  <td>
                    ${
                      line.shortfall > 0
                        ? html`<span class="flag-short">${t.stock.shortfall(line.shortfall)}</span>`
                        : html`<span class="flag-ok">${t.stock.enough}</span>`
                    }
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  private renderUnits(units: StockUnitView[]): unknown {
    const t = this.t;
    const locations = [...new Set(units.map((unit) => unit.location))].sort();
    const needle = this.search.trim().toLowerCase();
    const shown = units.filter(
      (unit) =>
        (this.typeFilter === '' || unit.deviceType === this.typeFilter) &&
        (this.stateFilter === '' || unit.state === this.stateFilter) &&
        (this.locationFilter === '' || unit.location === this.locationFilter) &&
        (needle === '' ||
          [unit.serial, unit.unitId, unit.deviceId ?? '', unit.citizenId ?? ''].some((text) =>
            text.toLowerCase().includes(needle),
          )),
    );
    const value = (event: Event): string => (event.target as HTMLInputElement | HTMLSelectElement).value;
    return html`<section>
      <h3 id="units-title">${t.stock.units}</h3>
      <div class="toolbar" role="group" aria-label=${t.filters}>
        <label
          >${t.stock.type}
          <select name="type" @change=${(e: Event) => (this.typeFilter = value(e) as DeviceType | '')}>
            <option value="">${t.all}</option>
            ${DEVICE_TYPES.map((type) => html`<option value=${type}>${t.deviceType[type]}</option>`)}
          </select></label
        >
        <label
          >${t.stock.state}
          <select name="state" @change=${(e: Event) => (this.stateFilter = value(e) as StockState | '')}>
            <option value="">${t.all}</option>
            ${STATES.map((state) => html`<option value=${state}>${this.stateName(state)}</option>`)}
          </select></label
        >
        <label
          >${t.stock.location}
          <select name="location" @change=${(e: Event) => (this.locationFilter = value(e))}>
            <option value="">${t.all}</option>
            ${locations.map((location) => html`<option value=${location}>${location}</option>`)}
          </select></label
        >
        <label
          >${t.stock.search} <input type="search" name="search" @input=${(e: Event) => (this.search = value(e))}
        /></label>
      </div>
      <p class="muted" role="status">${t.count(shown.length, units.length)}</p>
      <div class="units-layout">
        ${
          units.length === 0
            ? html`<p>${this.live.subscription?.ready === true ? t.stock.empty : ''}</p>`
            : html`<div class="scroll units-scroll" tabindex="0" role="region" aria-labelledby="units-title">
                <table part="units">
                  <thead>
                    <tr>
                      <th scope="col">${t.stock.unit}</th>
                      <th scope="col">${t.stock.state}</th>
                      <th scope="col">${t.stock.location}</th>
                      <th scope="col">${t.stock.citizen}</th>
                      <th scope="col">${t.stock.since}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${shown.map((unit) => this.renderUnitRow(unit))}
                  </tbody>
                </table>
              </div>`
        }
        ${this.renderMoveForm(units)}
      </div>
    </section>`;
  }

  private renderUnitRow(unit: StockUnitView): unknown {
    const t = this.t;
    const selected = unit.unitId === this.selectedId;
    return html`<tr>
      <th scope="row">
        <button
          class="secondary"
          data-unit-id=${unit.unitId}
          aria-pressed=${selected ? 'true' : 'false'}
          @click=${() => this.selectUnit(unit.unitId)}
        >
          ${unit.serial}
        </button>
        <div class="muted">${t.deviceType[unit.deviceType]}</div>
      </th>
      <td>${this.stateName(unit.state)}</td>
      <td>${unit.location}</td>
      <td>${unit.citizenId ?? '–'}</td>
      <td>${formatShortDateTime(unit.since, this.locale, this.live.session?.now() ?? Date.now())}</td>
    </tr>`;
  }

  private renderMoveForm(units: StockUnitView[]): unknown {
    const t = this.t;
    const unit = units.find((candidate) => candidate.unitId === this.selectedId);
    if (unit === undefined) return nothing;
    const role = this.live.session?.user?.role;
    const moves = allowedStockMoves(unit, role);
    const chosen = this.chosenMove !== undefined && moves.includes(this.chosenMove) ? this.chosenMove : moves[0];
    const needsCitizen = chosen === 'reserve' || chosen === 'install';
    const takesLocation = chosen === 'collect' || chosen === 'return_to_stock';
    const needsReason = chosen !== undefined && MOVES_NEEDING_REASON.includes(chosen);
    const status = this.moveStatus;
    return html`<form
      class="move"
      part="move"
      aria-labelledby="move-title"
      @submit=${this.onSubmit}
      @keydown=${this.onFormKey}
    >
      <h3 id="move-title">${t.stock.moveTitle(unit.serial)}</h3>
      <p class="muted">
        ${t.deviceType[unit.deviceType]} · ${this.stateName(unit.state)} ·
        ${unit.location}${unit.citizenId === undefined ? '' : ` · ${unit.citizenId}`}
      </p>
      ${
        moves.length === 0
          ? html`<p>${t.stock.noMoves}</p>`
          : html`<fieldset>
                <legend>${t.stock.move}</legend>
                ${moves.map(
                  (move) =>
                    html`<label class="choice"
                      ><input
                        type="radio"
                        name="move"
                        .value=${move}
                        .checked=${move === chosen}
                        @change=${() => {
                          this.chosenMove = move;
                          this.moveStatus = undefined;
                        }}
                      />${STOCK_MOVE_NAMES[move][this.locale]}</label
                    >`,
                )}
              </fieldset>
              ${
                needsCitizen
                  ? html`<label
                      >${t.stock.citizenId} <input name="citizen" autocomplete="off" .value=${unit.citizenId ?? ''}
                    /></label>`
                  : nothing
              }
              ${
                takesLocation
                  ? html`<label>${t.stock.toLocation} <input name="location" autocomplete="off" /></label>`
                  : nothing
              }
              <label
                >${needsReason ? t.stock.reasonRequired : t.stock.reason}
                <textarea name="reason" rows="2"></textarea>
              </label>
              <div class="buttons">
                <!-- aria-disabled, not disabled: a disabled button would drop the keyboard focus while the move waits -->
                <button type="submit" aria-disabled=${this.pending === undefined ? 'false' : 'true'}>
                  ${t.stock.submitMove}
                </button>
                <button type="button" class="secondary" @click=${() => this.closeForm()}>${t.close}</button>
              </div>`
      }
      <p role="status" aria-live="polite" class=${status === undefined || status.kind === 'pending' ? '' : status.kind}>
        ${status?.text ?? ''}
      </p>
    </form>`;
  }

  private closeForm(): void {
    this.focusUnitId = this.selectedId;
    this.selectedId = undefined;
    this.moveStatus = undefined;
  }

  private readonly onFormKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    this.closeForm();
  };

  private readonly onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const unit = this.units.find((candidate) => candidate.unitId === this.selectedId);
    const data = new FormData(form);
    const kind = data.get('move') as StockMoveKind | null;
    if (unit === undefined || kind === null || this.pending !== undefined) return;
    const text = (name: string): string => {
      const value = data.get(name);
      return typeof value === 'string' ? value : '';
    };
    if ((kind === 'reserve' || kind === 'install') && text('citizen').trim() === '') {
      this.moveStatus = { kind: 'refused', text: this.t.stock.citizenRequired };
      form.querySelector<HTMLInputElement>('input[name="citizen"]')?.focus();
      return;
    }
    const move = buildMove(kind, text('citizen'), text('location'), text('reason'));
    const refusal = checkStockMove(unit, move, this.live.session?.user?.role);
    if (refusal !== undefined) {
      const reason = refusal.message[this.locale];
      this.moveStatus = { kind: 'refused', text: this.t.stock.refused(reason) };
      emit(this, 'mt-stock-move-refused', { unitId: unit.unitId, move: kind, code: refusal.code, reason });
      if (refusal.code === 'reason_required') form.querySelector<HTMLTextAreaElement>('textarea')?.focus();
      return;
    }
    const requestId = `stock-move-${++requestCounter}`;
    this.pending = { requestId, unit, move };
    this.moveStatus = { kind: 'pending', text: this.t.stock.pending };
    emit(this, 'mt-stock-move-requested', { requestId, unitId: unit.unitId, move });
  };
}
