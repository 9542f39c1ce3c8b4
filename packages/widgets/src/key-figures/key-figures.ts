import type { KeyFigures } from '@medtek/core';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { formatDuration, formatNumber, formatPercent, formatTime } from '../shared/i18n/format.js';
import { MtElement } from '../shared/mt-element.js';
import type { LiveSession } from '../shared/session/live-session.js';
import { baseStyles } from '../shared/theme.js';
import { keyFiguresStyles } from './key-figures.styles.js';
import { PRIORITIES, priorityPlot, type PriorityBar } from './priority-plot.js';
import { fetchKeyFigures, fetchServerTime, type KeyFiguresFailure, restBase } from './rest-source.js';

const HOUR_MS = 3_600_000;

/** The parts of `<mt-session>` this widget reads (its REST calls reuse the session's server and token). */
interface SessionHost extends Element {
  server: string;
  token: string;
  session: LiveSession | undefined;
}

/** The nearest `<mt-session>` around the element, crossing shadow roots. */
function enclosingSession(element: Element): SessionHost | undefined {
  let node: Element | null = element;
  while (node !== null) {
    const found = node.closest('mt-session');
    if (found !== null) return found;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return undefined;
}

/**
 * `<mt-key-figures>`: the team's key figures for the last `hours` (default 24), computed by the server with core's
 * `computeKeyFigures` (`GET /api/v1/integrations/kpis`): alarms by priority with a bar chart (and the same numbers as
 * a table), doses taken on time / due, missed doses per 100, time to acknowledge (median and 95th percentile) with
 * the alarms over their response limit, and device hours offline. Refreshes every `refresh-seconds` and on
 * `refresh()`. Needs a coordinator, super user or administrator token (the server's rule for key figures).
 *
 * Server and token: its own `server` (an `https://…` base or the `/live` URL) and `token` (property only), else the
 * enclosing `<mt-session>`'s, else the page's own origin.
 *
 * @customElement mt-key-figures
 * @summary Key figures of the last hours with a small plot.
 * @csspart figures - The list of key figures.
 * @csspart plot - The bar chart with its table.
 * @csspart error - The message shown when the figures could not be loaded.
 * @cssprop --mt-color-high - Bar colour of high-priority alarms.
 * @cssprop --mt-color-medium - Bar colour of medium-priority alarms.
 * @cssprop --mt-color-low - Bar colour of low-priority alarms.
 */
export class MtKeyFigures extends MtElement {
  static override styles = [baseStyles, keyFiguresStyles];

  /** The server's REST base (`https://medtek.example`) or its `/live` URL; empty: the session's, else this page's. */
  @property() override server = '';

  /** Bearer token for REST (property only: never an attribute); empty: the enclosing `<mt-session>`'s. */
  @property({ attribute: false }) override token = '';

  /** Only these teams (space-separated); empty: every team the token may see. */
  @property() team = '';

  /** The period: the last this many hours on the server's clock. */
  @property({ type: Number }) hours = 24;

  /** Seconds between automatic refreshes; 0 turns them off. */
  @property({ type: Number, attribute: 'refresh-seconds' }) refreshSeconds = 60;

  /** The figures last loaded (read only). */
  @state() figures: KeyFigures | undefined;

  @state() private failure: KeyFiguresFailure | 'not_configured' | undefined;
  @state() private loading = false;
  @state() private loadedAt: number | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Answers to older requests are dropped: the newest settings win. */
  private requestCounter = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    this.schedule();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopTimer();
  }

  protected override updated(changed: PropertyValues<this>): void {
    const keys = ['server', 'token', 'team', 'hours'] as const;
    if (keys.some((key) => changed.has(key))) void this.refresh();
    if (changed.has('refreshSeconds')) this.schedule();
  }

  /** Loads the figures now; resolves when they (or the error) are shown. */
  async refresh(): Promise<void> {
    const request = ++this.requestCounter;
    const provider = enclosingSession(this);
    const token = this.token !== '' ? this.token : (provider?.token ?? '');
    if (token === '') {
      this.failure = 'not_configured';
      return;
    }
    const base = restBase(this.server !== '' ? this.server : (provider?.server ?? ''), location.href);
    this.loading = true;
    // The period is on the server's clock (it may be simulated): the live session knows it, else ask the server.
    const session = this.server === '' && this.token === '' ? provider?.session : undefined;
    const clock =
      session?.user !== undefined ? { ok: true as const, now: session.now() } : await fetchServerTime(base, token);
    const answer = clock.ok
      ? await fetchKeyFigures(base, token, {
          from: clock.now - Math.max(1, this.hours) * HOUR_MS,
          // The period is [from, to): one millisecond more takes in what happened at this very moment.
          to: clock.now + 1,
          teamIds: this.team.split(/\s+/).filter((team) => team !== ''),
        })
      : clock;
    if (request !== this.requestCounter) return;
    this.loading = false;
    if (answer.ok) {
      this.figures = answer.figures;
      this.failure = undefined;
      this.loadedAt = Date.now();
    } else {
      this.failure = answer.failure;
    }
    await this.updateComplete;
  }

  private schedule(): void {
    this.stopTimer();
    if (this.refreshSeconds > 0 && this.isConnected) {
      this.timer = setInterval(() => void this.refresh(), this.refreshSeconds * 1000);
    }
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  protected override render(): unknown {
    const t = this.t.keyFigures;
    return html`<div class="header">
        <h2>${t.title(this.hours)}</h2>
        <div class="actions">
          <p class="status muted" role="status" aria-live="polite">
            ${this.loading ? t.loading : this.loadedAt === undefined ? '' : t.updated(formatTime(this.loadedAt, this.locale))}
          </p>
          <button class="secondary" @click=${() => void this.refresh()}>${t.refresh}</button>
        </div>
      </div>
      ${this.renderFailure()} ${this.figures === undefined ? nothing : this.renderFigures(this.figures)}`;
  }

  private renderFailure(): unknown {
    const failure = this.failure;
    if (failure === undefined) return nothing;
    const t = this.t.keyFigures;
    const reason =
      failure === 'not_configured' ? undefined : failure.kind === 'status' ? t.status(failure.status) : t[failure.kind];
    return html`<p class="error" part="error" role="alert">
      ${reason === undefined ? t.notConfigured : t.failed(reason)}
      ${this.figures === undefined ? nothing : html`<span class="muted">${t.showingLast}</span>`}
    </p>`;
  }

  private renderFigures(figures: KeyFigures): unknown {
    const t = this.t.keyFigures;
    const locale = this.locale;
    const none = t.none;
    const duration = (ms: number | undefined): string => (ms === undefined ? none : formatDuration(ms, locale));
    const tta = figures.timeToAcknowledge;
    const breaches = figures.responseBreaches;
    const bars: PriorityBar[] = PRIORITIES.map((priority) => ({
      priority,
      label: this.t.priority[priority],
      alarms: figures.alarmsByPriority[priority],
      breaches: breaches.filter((breach) => breach.priority === priority).length,
    }));
    const oneDecimal = new Intl.NumberFormat(locale === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 1 });
    return html`<dl class="kpis" part="figures">
        <div class="kpi">
          <dt>${t.alarms}</dt>
          <dd>${formatNumber(figures.alarms, locale)}</dd>
        </div>
        <div class="kpi">
          <dt>${t.adherence}</dt>
          <dd>
            ${figures.adherence === undefined ? none : formatPercent(figures.adherence * 100, locale)}
            <span class="detail">${t.adherenceDetail(figures.dosesTakenInWindow, figures.dosesDue)}</span>
          </dd>
        </div>
        <div class="kpi">
          <dt>${t.missedPer100}</dt>
          <dd>${figures.missedPer100 === undefined ? none : oneDecimal.format(figures.missedPer100)}</dd>
        </div>
        <div class="kpi">
          <dt>${t.timeToAcknowledge}</dt>
          <dd>
            ${duration(tta.p50Ms)} / ${duration(tta.p95Ms)}
            <span class="detail ${breaches.length > 0 ? 'late' : ''}">${t.breaches(breaches.length)}</span>
          </dd>
        </div>
        <div class="kpi">
          <dt>${t.offlineHours}</dt>
          <dd>${t.hours(oneDecimal.format(figures.offlineHours))}</dd>
        </div>
      </dl>
      <figure part="plot">
        <figcaption>${t.plotTitle}</figcaption>
        <p class="visually-hidden">
          ${t.plotLabel(
            bars.reduce((sum, bar) => sum + bar.alarms, 0),
            breaches.length,
          )}
        </p>
        ${priorityPlot(bars)}
        <table>
          <thead>
            <tr>
              <th scope="col">${t.priority}</th>
              <th scope="col">${t.count}</th>
              <th scope="col">${t.p50}</th>
              <th scope="col">${t.p95}</th>
              <th scope="col">${t.overLimit}</th>
            </tr>
          </thead>
          <tbody>
            ${bars.map(
              (bar) =>
                html`<tr>
                  <th scope="row">${bar.label}</th>
                  <td>${bar.alarms}</td>
                  <td>${duration(tta.byPriority[bar.priority].p50Ms)}</td>
                  <td>${duration(tta.byPriority[bar.priority].p95Ms)}</td>
                  <td class=${bar.breaches > 0 ? 'late' : ''}>${bar.breaches}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </figure>`;
  }
}
