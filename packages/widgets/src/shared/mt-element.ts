import { LitElement, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { type Locale, LocaleController } from './i18n/locale.js';
import { messagesFor, type Messages } from './i18n/messages.js';
import type { ConnectionState } from './session/connection-state.js';
import type { LiveSession } from './session/live-session.js';

/**
 * Base of every `mt-*` widget: the session settings (a given `session`, or standalone `server` + `token`), the
 * language (from `lang` on the element or an ancestor), and the connection line every live widget shows.
 */
export abstract class MtElement extends LitElement {
  /** A live session to use (e.g. one the host created); otherwise the nearest `<mt-session>` is used. */
  @property({ attribute: false }) session: LiveSession | undefined;

  /** Standalone use: the `/live` WebSocket URL. */
  @property() server = '';

  /** Standalone use: the portal's token. Prefer setting it as a property; the attribute is read once. */
  @property() token = '';

  protected readonly localeController = new LocaleController(this);

  get locale(): Locale {
    return this.localeController.locale;
  }

  /** The texts in the widget's current language. */
  protected get t(): Messages {
    return messagesFor(this.localeController.locale);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The token must not linger in the DOM where page scripts and devtools snapshots can read it.
    if (this.hasAttribute('token')) {
      this.token = this.getAttribute('token') ?? '';
      this.removeAttribute('token');
    }
  }

  /** The accessible connection line: a polite live region, so screen readers hear when the link drops. */
  protected renderConnection(state: ConnectionState, session: LiveSession | undefined): unknown {
    const refused =
      state === 'offline' && session?.lastError !== undefined && typeof session.lastError.code === 'number';
    const text =
      session === undefined ? this.t.noSession : refused ? this.t.connectionRefused : this.t.connection[state];
    return html`<p class="connection ${state}" part="connection" role="status" aria-live="polite">${text}</p>`;
  }

  protected renderStale(stale: boolean, hasItems: boolean): unknown {
    return stale && hasItems ? html`<p class="muted" part="stale">${this.t.staleData}</p>` : nothing;
  }
}
