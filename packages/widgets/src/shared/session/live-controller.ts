import type { LiveTopic } from '@medtek/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConnectionState } from './connection-state.js';
import type { LiveSession } from './live-session.js';
import { acquireSession, releaseSession } from './session-registry.js';
import { SESSION_REQUEST, type SessionRequestDetail } from './session-request.js';
import type { Subscription, SubscriptionFilters } from './subscription.js';

/** What a widget offers the controller: where its own session settings live. */
export interface LiveHost extends ReactiveControllerHost, HTMLElement {
  /** A session given directly by the host page (wins over everything else). */
  session: LiveSession | undefined;
  /** Standalone use: the widget opens (or shares) a session for this server and token. */
  server: string;
  token: string;
}

/**
 * Connects a widget to a live topic. Finds the session — the widget's own `session` property, else the nearest
 * `<mt-session>` ancestor (across shadow roots), else a standalone session from the widget's `server` and `token`,
 * else the first `<mt-session>` on the page — subscribes, and re-renders the widget on every change of the items
 * or of the connection state. Call `reconnect()` when the widget's session settings or filters change.
 */
export class LiveController<Item> implements ReactiveController {
  session: LiveSession | undefined;
  subscription: Subscription<Item> | undefined;
  /** Set when this widget acquired a standalone session (server + token) and must release it. */
  private ownedKey: string | undefined;
  private stopListening: (() => void) | undefined;
  private providerUnsubscribe: (() => void) | undefined;
  private providedSession: LiveSession | undefined;
  private hasProvider = false;

  constructor(
    private readonly host: LiveHost,
    private readonly topic: LiveTopic,
    private readonly filters: () => SubscriptionFilters = () => ({}),
  ) {
    host.addController(this);
  }

  /** The connection state to show (offline when the widget has no session at all). */
  get state(): ConnectionState {
    return this.session?.state ?? 'offline';
  }

  get items(): ReadonlyMap<string, Item> {
    return this.subscription?.items ?? new Map();
  }

  private readonly onState = (): void => this.host.requestUpdate();

  hostConnected(): void {
    const detail: SessionRequestDetail = {
      provide: (session) => {
        this.providedSession = session;
        // Later calls (the provider replaced its session); the first answer arrives during the dispatch below.
        if (this.hasProvider && this.host.isConnected) this.reconnect();
      },
    };
    this.hasProvider = false;
    this.providedSession = undefined;
    // The provider answers synchronously during dispatch.
    this.host.dispatchEvent(new CustomEvent(SESSION_REQUEST, { detail, bubbles: true, composed: true }));
    this.providerUnsubscribe = detail.unsubscribe;
    this.hasProvider = detail.unsubscribe !== undefined;
    this.reconnect();
  }

  hostDisconnected(): void {
    this.providerUnsubscribe?.();
    this.providerUnsubscribe = undefined;
    this.detach();
  }

  /** Re-resolves the session and subscribes again (settings or filters changed). */
  reconnect(): void {
    let next: LiveSession | undefined;
    let acquiredKey: string | undefined;
    if (this.host.session !== undefined) {
      next = this.host.session;
    } else if (this.hasProvider) {
      next = this.providedSession;
    } else if (this.host.server !== '' && this.host.token !== '') {
      const key = `${this.host.server}\u0000${this.host.token}`;
      if (this.ownedKey === key && this.session !== undefined) {
        next = this.session;
      } else {
        next = acquireSession(this.host.server, this.host.token);
        acquiredKey = key;
      }
    } else {
      next = (document.querySelector('mt-session') as { session?: LiveSession } | null)?.session;
    }

    if (next !== undefined && next === this.session) {
      // Same session: only the filters may have changed.
      this.closeSubscription();
      this.subscribe(next);
      return;
    }
    this.detach();
    this.session = next;
    this.ownedKey = acquiredKey;
    if (next === undefined) {
      this.host.requestUpdate();
      return;
    }
    next.addEventListener('state', this.onState);
    this.subscribe(next);
  }

  private subscribe(session: LiveSession): void {
    const subscription = session.subscribe<Item>(this.topic, this.filters());
    this.subscription = subscription;
    this.stopListening = subscription.listen(() => this.host.requestUpdate());
    this.host.requestUpdate();
  }

  private closeSubscription(): void {
    this.stopListening?.();
    this.stopListening = undefined;
    this.subscription?.close();
    this.subscription = undefined;
  }

  private detach(): void {
    this.closeSubscription();
    this.session?.removeEventListener('state', this.onState);
    if (this.ownedKey !== undefined && this.session !== undefined) releaseSession(this.session);
    this.session = undefined;
    this.ownedKey = undefined;
  }
}
