import { LitElement, css, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { emit } from '../events.js';
import { LiveSession } from './live-session.js';
import { SESSION_REQUEST, type SessionRequestEvent } from './session-request.js';

/**
 * `<mt-session>`: holds the page's one live connection. The host portal sets `server` (the `/live` WebSocket URL)
 * and `token` as properties — the token never goes into an attribute or a URL — and every `mt-*` widget inside it
 * (or anywhere on the page, if it has no session of its own) uses this session.
 *
 * @customElement mt-session
 * @summary One shared live connection for all widgets inside.
 * @slot - The widgets.
 * @fires mt-connection-changed - The connection state changed (`connecting`, `online`, `offline`).
 */
export class MtSession extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** WebSocket URL of the live gateway, e.g. `wss://medtek.example/live`. */
  @property() server = '';

  /** The portal's access token (property only). */
  @property({ attribute: false }) token = '';

  /** The live session, once `server` and `token` are set. */
  session: LiveSession | undefined;

  private readonly consumers = new Set<(session: LiveSession | undefined) => void>();

  private readonly onRequest = (event: Event): void => {
    const request = event as SessionRequestEvent;
    // The nearest provider answers; outer providers never see the request.
    event.stopPropagation();
    const provide = (session: LiveSession | undefined): void => request.detail.provide(session);
    this.consumers.add(provide);
    request.detail.unsubscribe = () => this.consumers.delete(provide);
    provide(this.session);
  };

  private readonly onState = (): void => {
    if (this.session !== undefined) emit(this, 'mt-connection-changed', { state: this.session.state });
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener(SESSION_REQUEST, this.onRequest);
    if (this.session === undefined && this.server !== '' && this.token !== '') this.openSession();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener(SESSION_REQUEST, this.onRequest);
    this.replaceSession(undefined);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // (Lit reports the initial '' as a change on the first update; that must not drop an attached session.)
    const serverChanged = changed.has('server') && (changed.get('server') ?? '') !== this.server;
    if (serverChanged) {
      // A new server means a new socket.
      if (this.isConnected && this.server !== '' && this.token !== '') this.openSession();
      else this.replaceSession(undefined);
    } else if (changed.has('token') && this.token !== '') {
      if (this.session === undefined) {
        if (this.isConnected && this.server !== '') this.openSession();
      } else {
        this.session.token = this.token;
      }
    }
  }

  protected override render(): unknown {
    return html`<slot></slot>`;
  }

  /** Uses a session the host created itself (or none); the previous one is closed. */
  attachSession(session: LiveSession | undefined): void {
    this.replaceSession(session);
  }

  private openSession(): void {
    this.replaceSession(new LiveSession({ server: this.server, token: this.token }));
  }

  private replaceSession(next: LiveSession | undefined): void {
    const previous = this.session;
    if (previous === next) return;
    previous?.removeEventListener('state', this.onState);
    previous?.close();
    this.session = next;
    next?.addEventListener('state', this.onState);
    for (const provide of this.consumers) provide(next);
  }
}
