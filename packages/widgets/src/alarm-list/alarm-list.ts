import type {
  Alarm,
  AlarmCommand,
  AlarmOutcome,
  AlarmPriority,
  AlarmState,
  AlarmType,
  Incident,
  TeamId,
} from '@medtek/core';
import { virtualize, virtualizerRef, type VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';
import { flow } from '@lit-labs/virtualizer/layouts/flow.js';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { emit } from '../shared/events.js';
import { formatDateTime, formatDuration } from '../shared/i18n/format.js';
import { MtElement } from '../shared/mt-element.js';
import { LiveController } from '../shared/session/live-controller.js';
import type { CommandOutcome } from '../shared/session/live-session.js';
import { baseStyles } from '../shared/theme.js';
import { alarmListStyles } from './alarm-list.styles.js';
import { type AlarmFilters, type AlarmRow, buildRows, DEFAULT_FILTERS, matches } from './alarm-rows.js';

const PRIORITIES: AlarmPriority[] = ['high', 'medium', 'low'];
const STATES: AlarmState[] = ['unack_active', 'ack_active', 'cleared_unack', 'closed'];
const OUTCOMES: AlarmOutcome[] = [
  'dose_taken',
  'dose_given_by_staff',
  'dose_omitted',
  'device_fixed',
  'visit_made',
  'false_alarm',
  'adverse_event',
  'other',
];
const SHELVE_MINUTES = [15, 30, 60, 120, 240, 480];

const spaceSeparated = {
  fromAttribute: (value: string | null): string[] => (value ?? '').split(/\s+/).filter((part) => part !== ''),
  toAttribute: (value: string[]): string => value.join(' '),
};

/**
 * `<mt-alarm-list>`: the live alarms of the user's teams, most urgent first, with the actions an e-Team operator
 * needs. Virtualized: 10,000 alarms render only the rows in view.
 *
 * Keyboard (when focus is in the widget, outside a text field): `j`/`↓` next, `k`/`↑` previous, `Enter` expand an
 * incident, `a` acknowledge, `s` shelve, `r` resolve, `c` comment, `t` assign, `Esc` back to the list.
 *
 * @customElement mt-alarm-list
 * @summary Live alarm list with acknowledge, assign, comment, shelve and resolve.
 * @fires mt-alarm-acknowledged - The server confirmed an acknowledge.
 * @fires mt-alarm-assigned - The server confirmed an assignment.
 * @fires mt-alarm-commented - The server confirmed a comment.
 * @fires mt-alarm-shelved - The server confirmed shelving.
 * @fires mt-alarm-resolved - The server confirmed a resolve with its outcome.
 * @fires mt-alarm-escalated - The server confirmed a manual escalation.
 * @fires mt-alarm-selected - The user selected an alarm.
 * @fires mt-high-priority-alarm - A new high-priority alarm arrived.
 * @fires mt-command-failed - A command was refused, timed out or could not be sent.
 * @csspart connection - The connection state line.
 * @csspart list - The scrolling alarm list.
 * @csspart row - One alarm or incident row.
 * @csspart detail - The panel of the selected alarm.
 * @cssprop --mt-alarm-list-height - Height of the scrolling list (default 420px).
 */
export class MtAlarmList extends MtElement {
  static override styles = [baseStyles, alarmListStyles];

  /** Server-side filter: only these teams (space-separated ids); the server also limits to the token's teams. */
  @property({ attribute: 'team-ids', converter: spaceSeparated }) teamIds: TeamId[] = [];

  /** Server-side filter: only these priorities (space-separated). */
  @property({ converter: spaceSeparated }) priorities: string[] = [];

  @state() private filters: AlarmFilters = DEFAULT_FILTERS;
  @state() private selectedId: string | undefined;
  @state() private activeIndex = 0;
  @state() private expanded = new Set<string>();
  @state() private status = '';
  @state() private announcement = '';
  @state() private busy = false;

  @query('.list') private listElement!: (HTMLElement & VirtualizerHostElement) | null;

  private readonly alarmsLive = new LiveController<Alarm>(this, 'alarms', () => {
    const filters: { teamIds?: string[]; priorities?: AlarmPriority[] } = {};
    if (this.teamIds.length > 0) filters.teamIds = this.teamIds;
    const priorities = this.priorities.filter((p): p is AlarmPriority => PRIORITIES.includes(p as AlarmPriority));
    if (priorities.length > 0) filters.priorities = priorities;
    return filters;
  });
  private readonly incidentsLive = new LiveController<Incident>(this, 'incidents', () =>
    this.teamIds.length > 0 ? { teamIds: this.teamIds } : {},
  );

  private rows: AlarmRow[] = [];
  /** Alarms that pass the list's filters (an incident row stands for several; expanded members repeat them). */
  private matchingCount = 0;
  private rowsKey = '';
  private knownIds: Set<string> | undefined;
  private newIds = new Set<string>();
  private ticker: ReturnType<typeof setInterval> | undefined;
  private focusPending = false;

  override connectedCallback(): void {
    super.connectedCallback();
    // "Time since raised" moves on its own; re-render every 15 s.
    this.ticker = setInterval(() => this.requestUpdate(), 15_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.ticker);
  }

  /** The rows currently shown (after filters and incident grouping), for hosts and tests. */
  get visibleRows(): readonly AlarmRow[] {
    return this.rows;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('session') || changed.has('server') || changed.has('token') || changed.has('teamIds')) {
      if (this.isConnected && this.hasUpdated) {
        this.alarmsLive.reconnect();
        this.incidentsLive.reconnect();
      }
    }
    const alarms = this.alarmsLive.subscription;
    const incidents = this.incidentsLive.subscription;
    const key = [
      alarms?.id,
      alarms?.version,
      incidents?.version,
      JSON.stringify(this.filters),
      [...this.expanded].join(','),
    ].join('|');
    if (key === this.rowsKey) return;
    this.rowsKey = key;
    this.detectNewHighPriority();
    this.rows = buildRows(this.alarmsLive.items.values(), this.incidentsLive.items, this.filters, this.expanded);
    this.matchingCount = [...this.alarmsLive.items.values()].filter((alarm) => matches(alarm, this.filters)).length;
    if (this.activeIndex >= this.rows.length) this.activeIndex = Math.max(0, this.rows.length - 1);
  }

  protected override updated(): void {
    if (this.focusPending) {
      this.focusPending = false;
      this.focusActiveRow();
    }
  }

  protected override render(): unknown {
    const t = this.t;
    const live = this.alarmsLive;
    const subscription = live.subscription;
    const total = [...live.items.values()].length;
    return html`
      <div class="header">
        <h2>${t.alarms.title}</h2>
        ${this.renderConnection(live.state, live.session)}
      </div>
      <p class="announce" role="alert" aria-live="assertive">${this.announcement}</p>
      ${this.renderStale(subscription?.stale ?? false, total > 0)} ${this.renderFilters()}
      <p class="muted">${t.count(this.matchingCount, total)}</p>
      <div class="layout" @keydown=${this.onKeyDown}>
        <div>
          ${
            this.rows.length === 0
              ? html`<p>${t.alarms.empty}</p>`
              : html`<div class="list" part="list" role="list" aria-label=${t.alarms.listLabel}>
                  ${virtualize({
                    items: this.rows,
                    keyFunction: (row: AlarmRow) => row.key,
                    renderItem: (row: AlarmRow, index: number) => this.renderRow(row, index),
                    scroller: true,
                    layout: flow(),
                  })}
                </div>`
          }
          <p class="shortcuts muted"><strong>${t.alarms.shortcutsTitle}:</strong> ${t.alarms.shortcuts}</p>
        </div>
        ${this.renderDetail()}
      </div>
    `;
  }

  private renderFilters(): unknown {
    const t = this.t;
    const teams = [...new Set([...this.alarmsLive.items.values()].map((alarm) => alarm.teamId))].sort();
    const types = [...new Set([...this.alarmsLive.items.values()].map((alarm) => alarm.type))].sort();
    const set = (patch: Partial<AlarmFilters>): void => {
      this.filters = { ...this.filters, ...patch };
      this.activeIndex = 0;
    };
    const value = (event: Event): string => (event.target as HTMLSelectElement).value;
    return html`<div class="toolbar" role="group" aria-label=${t.filters}>
      <label
        >${t.alarms.team}
        <select name="team" @change=${(e: Event) => set({ teamId: value(e) })}>
          <option value="" ?selected=${this.filters.teamId === ''}>${t.all}</option>
          ${teams.map((team) => html`<option value=${team} ?selected=${this.filters.teamId === team}>${team}</option>`)}
        </select></label
      >
      <label
        >${t.alarms.type}
        <select name="type" @change=${(e: Event) => set({ type: value(e) as AlarmType | '' })}>
          <option value="" ?selected=${this.filters.type === ''}>${t.all}</option>
          ${types.map(
            (type) => html`<option value=${type} ?selected=${this.filters.type === type}>${t.alarmType[type]}</option>`,
          )}
        </select></label
      >
      <label
        >${t.alarms.priority}
        <select name="priority" @change=${(e: Event) => set({ priority: value(e) as AlarmPriority | '' })}>
          <option value="" ?selected=${this.filters.priority === ''}>${t.all}</option>
          ${PRIORITIES.map(
            (p) => html`<option value=${p} ?selected=${this.filters.priority === p}>${t.priority[p]}</option>`,
          )}
        </select></label
      >
      <label
        >${t.alarms.state}
        <select name="state" @change=${(e: Event) => set({ state: value(e) as AlarmFilters['state'] })}>
          <option value="open" ?selected=${this.filters.state === 'open'}>${t.alarms.openStates}</option>
          <option value="" ?selected=${this.filters.state === ''}>${t.all}</option>
          ${STATES.map(
            (s) => html`<option value=${s} ?selected=${this.filters.state === s}>${t.alarmState[s]}</option>`,
          )}
        </select></label
      >
    </div>`;
  }

  private renderRow(row: AlarmRow, index: number) {
    const t = this.t;
    const active = index === this.activeIndex;
    const common = { setsize: this.rows.length, posinset: index + 1 };
    if (row.kind === 'incident') {
      const open = this.expanded.has(row.incidentId);
      const citizens = row.incident?.citizenIds.length ?? new Set(row.alarms.map((a) => a.citizenId)).size;
      const first = row.alarms[0]!;
      return html`<div class="row" role="listitem" aria-setsize=${common.setsize} aria-posinset=${common.posinset}>
        <button
          part="row"
          data-index=${index}
          tabindex=${active ? 0 : -1}
          aria-expanded=${open ? 'true' : 'false'}
          aria-current=${active ? 'true' : 'false'}
          @click=${() => this.toggleIncident(row.incidentId, index)}
          @focus=${() => (this.activeIndex = index)}
        >
          <span class="prio incident-prio">${t.priority[first.priority]}</span>
          <span class="title">${t.alarms.incident(row.alarms.length)}</span>
          <span class="age">${this.renderAge(first)}</span>
          <span class="meta"
            >${t.alarmType[first.type]} · ${t.alarms.incidentCitizens(citizens)} · ${first.teamId}</span
          >
        </button>
      </div>`;
    }
    const alarm = row.alarm;
    const classes = `row${row.inIncident ? ' member' : ''}${this.newIds.has(alarm.id) ? ' new' : ''}`;
    return html`<div class=${classes} role="listitem" aria-setsize=${common.setsize} aria-posinset=${common.posinset}>
      <button
        part="row"
        data-index=${index}
        data-alarm-id=${alarm.id}
        tabindex=${active ? 0 : -1}
        aria-current=${alarm.id === this.selectedId ? 'true' : 'false'}
        @click=${() => this.select(alarm.id, index)}
        @focus=${() => (this.activeIndex = index)}
      >
        <span class="prio ${alarm.priority}">${t.priority[alarm.priority]}</span>
        <span class="title">${t.alarmType[alarm.type]} · ${this.who(alarm)}</span>
        <span class="age">${this.renderAge(alarm)}</span>
        <span class="meta"
          >${t.alarmState[alarm.state]} ·
          ${alarm.teamId}${alarm.assignee === undefined ? nothing : html` · ${t.alarms.assignedTo(alarm.assignee)}`}${
            alarm.shelvedUntil === undefined
              ? nothing
              : html` · ${t.alarms.shelvedUntil(formatDateTime(alarm.shelvedUntil, this.locale))}`
          }${alarm.escalationLevel > 0 ? html` · ${t.alarms.escalated(alarm.escalationLevel)}` : nothing}</span
        >
      </button>
    </div>`;
  }

  private renderAge(alarm: Alarm): unknown {
    const t = this.t;
    const now = this.alarmsLive.session?.now() ?? Date.now();
    const age = now - alarm.raisedAt;
    const waiting = !alarm.acknowledged;
    const late = waiting && age > alarm.responseLimitMs;
    return html`<span>${t.alarms.raisedAgo(formatDuration(age, this.locale))}</span><br /><span
        class=${late ? 'late' : 'muted'}
        >${
          !waiting
            ? nothing
            : late
              ? t.alarms.overLimit(formatDuration(alarm.responseLimitMs, this.locale))
              : t.alarms.withinLimit(formatDuration(alarm.responseLimitMs - age, this.locale))
        }</span
      >`;
  }

  private renderDetail(): unknown {
    const t = this.t;
    const alarm = this.selectedId === undefined ? undefined : this.alarmsLive.items.get(this.selectedId);
    if (alarm === undefined) {
      return html`<section class="detail" part="detail" aria-label=${t.alarms.details}>
        <p class="muted">${t.alarms.selectHint}</p>
        <p role="status" aria-live="polite">${this.status}</p>
      </section>`;
    }
    const disabled = this.busy || this.alarmsLive.state !== 'online';
    const closed = alarm.state === 'closed';
    return html`<section class="detail" part="detail" aria-labelledby="detail-title">
      <h3 id="detail-title">${t.alarmType[alarm.type]} · ${this.who(alarm)}</h3>
      <dl>
        <dt>${t.alarms.priority}</dt>
        <dd>${t.priority[alarm.priority]}</dd>
        <dt>${t.alarms.state}</dt>
        <dd>${t.alarmState[alarm.state]}</dd>
        <dt>${t.alarms.raised}</dt>
        <dd>${formatDateTime(alarm.raisedAt, this.locale)}</dd>
        ${
          alarm.detail === undefined
            ? nothing
            : html`<dt>${t.alarms.detailText}</dt>
                <dd>${alarm.detail}</dd>`
        }
      </dl>
      <div class="action">
        <button id="ack" ?disabled=${disabled || alarm.acknowledged} @click=${() => this.acknowledge(alarm)}>
          ${t.alarms.acknowledge}
        </button>
        <button class="secondary" ?disabled=${disabled || closed} @click=${() => this.escalate(alarm)}>
          ${t.alarms.escalate}
        </button>
      </div>
      <div class="action">
        <label
          >${t.alarms.shelveFor}
          <select id="shelve-duration">
            ${SHELVE_MINUTES.map((m) => html`<option value=${m}>${formatDuration(m * 60_000, this.locale)}</option>`)}
          </select></label
        >
        <button class="secondary" ?disabled=${disabled || closed} @click=${() => this.shelve(alarm)}>
          ${t.alarms.shelve}
        </button>
      </div>
      <div class="action">
        <label>${t.alarms.assignee} <input id="assignee" autocomplete="off" .value=${alarm.assignee ?? ''} /></label>
        <button class="secondary" ?disabled=${disabled || closed} @click=${() => this.assign(alarm)}>
          ${t.alarms.assign}
        </button>
      </div>
      <div class="action">
        <label style="flex:1">${t.alarms.commentText} <textarea id="comment" rows="2"></textarea></label>
        <button class="secondary" ?disabled=${disabled} @click=${() => this.comment(alarm)}>${t.alarms.comment}</button>
      </div>
      <div class="action">
        <label
          >${t.alarms.outcomeLabel}
          <select id="outcome">
            ${OUTCOMES.map((o) => html`<option value=${o}>${t.outcome[o]}</option>`)}
          </select></label
        >
        <label>${t.alarms.note} <input id="note" autocomplete="off" /></label>
        <button ?disabled=${disabled || closed} @click=${() => this.resolve(alarm)}>${t.alarms.resolve}</button>
      </div>
      <p role="status" aria-live="polite">${this.status}</p>
      ${
        alarm.comments.length === 0
          ? nothing
          : html`<h3>${t.alarms.comments}</h3>
              <ul class="comments">
                ${alarm.comments.map((c) => html`<li>${formatDateTime(c.at, this.locale)} · ${c.by}: ${c.text}</li>`)}
              </ul>`
      }
    </section>`;
  }

  private who(alarm: Alarm): string {
    if (alarm.citizenId !== undefined) return this.t.alarms.citizen(alarm.citizenId);
    if (alarm.deviceId !== undefined) return this.t.alarms.device(alarm.deviceId);
    return alarm.teamId;
  }

  // ---- selection and keyboard ----

  /** Selects an alarm (as a click or `Enter` would). */
  select(alarmId: string, index?: number): void {
    this.selectedId = alarmId;
    this.status = '';
    this.activeIndex =
      index ??
      Math.max(
        0,
        this.rows.findIndex((row) => row.key === alarmId),
      );
    emit(this, 'mt-alarm-selected', { alarmId });
  }

  private toggleIncident(incidentId: string, index: number): void {
    const next = new Set(this.expanded);
    if (next.has(incidentId)) next.delete(incidentId);
    else next.add(incidentId);
    this.expanded = next;
    this.activeIndex = index;
  }

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    const target = event.composedPath()[0];
    const typing =
      target instanceof HTMLInputElement ||
      target instanceof HTMLTextAreaElement ||
      target instanceof HTMLSelectElement;
    if (event.key === 'Escape') {
      this.focusPending = true;
      this.requestUpdate();
      return;
    }
    if (typing || event.altKey || event.ctrlKey || event.metaKey) return;
    const row = this.rows[this.activeIndex];
    const alarm = this.selectedId === undefined ? undefined : this.alarmsLive.items.get(this.selectedId);
    switch (event.key) {
      case 'j':
      case 'ArrowDown':
        this.moveActive(1);
        break;
      case 'k':
      case 'ArrowUp':
        this.moveActive(-1);
        break;
      case 'Home':
        this.moveActive(-this.activeIndex);
        break;
      case 'End':
        this.moveActive(this.rows.length - 1 - this.activeIndex);
        break;
      case 'a':
        if (alarm !== undefined && !alarm.acknowledged) void this.acknowledge(alarm);
        break;
      case 's':
        this.focusControl('#shelve-duration');
        break;
      case 'r':
        this.focusControl('#outcome');
        break;
      case 'c':
        this.focusControl('#comment');
        break;
      case 't':
        this.focusControl('#assignee');
        break;
      default:
        if (event.key === 'Enter' && row?.kind === 'incident' && target instanceof HTMLButtonElement) break;
        return;
    }
    event.preventDefault();
  };

  private moveActive(delta: number): void {
    if (this.rows.length === 0) return;
    const index = Math.min(this.rows.length - 1, Math.max(0, this.activeIndex + delta));
    this.activeIndex = index;
    const row = this.rows[index];
    if (row?.kind === 'alarm') this.select(row.alarm.id, index);
    // Bring the row into the rendered range first; focus it after the update.
    const host = this.listElement;
    host?.[virtualizerRef]?.element(index)?.scrollIntoView({ block: 'nearest' });
    this.focusPending = true;
  }

  private focusActiveRow(): void {
    const button = this.renderRoot.querySelector<HTMLButtonElement>(`button[data-index="${this.activeIndex}"]`);
    if (button !== null) {
      button.focus();
      return;
    }
    // Not rendered yet (the virtualizer is still scrolling): try again after its next layout.
    const host = this.listElement;
    void host?.[virtualizerRef]?.layoutComplete.then(() =>
      this.renderRoot.querySelector<HTMLButtonElement>(`button[data-index="${this.activeIndex}"]`)?.focus(),
    );
  }

  private focusControl(selector: string): void {
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private detectNewHighPriority(): void {
    const subscription = this.alarmsLive.subscription;
    if (subscription === undefined || !subscription.ready) return;
    const ids = new Set(this.alarmsLive.items.keys());
    if (this.knownIds === undefined) {
      // The first snapshot is the baseline: what was already there is not "new".
      this.knownIds = ids;
      return;
    }
    const fresh: Alarm[] = [];
    for (const id of ids) {
      if (this.knownIds.has(id)) continue;
      const alarm = this.alarmsLive.items.get(id);
      if (alarm !== undefined && alarm.priority === 'high' && alarm.state === 'unack_active') fresh.push(alarm);
    }
    this.knownIds = ids;
    if (fresh.length === 0) return;
    this.newIds = new Set(fresh.map((alarm) => alarm.id));
    const first = fresh[0]!;
    this.announcement = this.t.alarms.newHigh(this.t.alarmType[first.type], this.who(first));
    for (const alarm of fresh) emit(this, 'mt-high-priority-alarm', { alarmId: alarm.id });
  }

  // ---- commands ----

  private value(selector: string): string {
    return (
      this.renderRoot.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(selector)?.value ?? ''
    );
  }

  /** Acknowledges an alarm; resolves with the server's answer. */
  acknowledge(alarm: Alarm): Promise<CommandOutcome> {
    return this.run({ action: 'acknowledge', alarmId: alarm.id }, this.t.alarms.acknowledge, () =>
      emit(this, 'mt-alarm-acknowledged', { alarmId: alarm.id, action: 'acknowledge' }),
    );
  }

  private escalate(alarm: Alarm): Promise<CommandOutcome> {
    return this.run({ action: 'escalate', alarmId: alarm.id }, this.t.alarms.escalate, () =>
      emit(this, 'mt-alarm-escalated', { alarmId: alarm.id, action: 'escalate' }),
    );
  }

  private shelve(alarm: Alarm): Promise<CommandOutcome> {
    const durationMs = Number(this.value('#shelve-duration')) * 60_000;
    return this.run({ action: 'shelve', alarmId: alarm.id, durationMs }, this.t.alarms.shelve, () =>
      emit(this, 'mt-alarm-shelved', { alarmId: alarm.id, action: 'shelve', durationMs }),
    );
  }

  private assign(alarm: Alarm): Promise<CommandOutcome> | undefined {
    const assignee = this.value('#assignee').trim();
    if (assignee === '') {
      this.status = this.t.alarms.assigneeRequired;
      this.focusControl('#assignee');
      return undefined;
    }
    return this.run({ action: 'assign', alarmId: alarm.id, assignee }, this.t.alarms.assign, () =>
      emit(this, 'mt-alarm-assigned', { alarmId: alarm.id, action: 'assign', assignee }),
    );
  }

  private comment(alarm: Alarm): Promise<CommandOutcome> | undefined {
    const text = this.value('#comment').trim();
    if (text === '') {
      this.status = this.t.alarms.commentRequired;
      this.focusControl('#comment');
      return undefined;
    }
    return this.run({ action: 'comment', alarmId: alarm.id, text }, this.t.alarms.comment, () => {
      const field = this.renderRoot.querySelector<HTMLTextAreaElement>('#comment');
      if (field !== null) field.value = '';
      emit(this, 'mt-alarm-commented', { alarmId: alarm.id, action: 'comment', text });
    });
  }

  private resolve(alarm: Alarm): Promise<CommandOutcome> {
    const outcome = this.value('#outcome') as AlarmOutcome;
    const note = this.value('#note').trim();
    const command: AlarmCommand =
      note === ''
        ? { action: 'resolve', alarmId: alarm.id, outcome }
        : { action: 'resolve', alarmId: alarm.id, outcome, note };
    return this.run(command, this.t.alarms.resolve, () =>
      emit(this, 'mt-alarm-resolved', { alarmId: alarm.id, action: 'resolve', outcome }),
    );
  }

  private async run(command: AlarmCommand, label: string, onSuccess: () => void): Promise<CommandOutcome> {
    const session = this.alarmsLive.session;
    if (session === undefined) {
      const outcome: CommandOutcome = { ok: false, code: 'offline', message: this.t.noSession };
      this.fail(command, label, outcome);
      return outcome;
    }
    this.busy = true;
    const outcome = await session.command(command);
    this.busy = false;
    if (outcome.ok) {
      this.status = this.t.alarms.done(label);
      onSuccess();
    } else {
      this.fail(command, label, outcome);
    }
    return outcome;
  }

  private fail(command: AlarmCommand, label: string, outcome: CommandOutcome): void {
    const reason = outcome.message ?? outcome.code ?? '';
    this.status = this.t.alarms.failed(label, reason);
    emit(this, 'mt-command-failed', {
      alarmId: command.alarmId,
      action: command.action,
      code: outcome.code ?? 'internal',
      message: reason,
    });
  }
}
