import { CloseCode, PROTOCOL_VERSION } from '@medtek/core';
import type { AlarmCommand, AuthOkFrame, ErrorCode, LiveClientFrame, LiveServerFrame, LiveTopic } from '@medtek/core';
import { backoffDelay, type BackoffPolicy, DEFAULT_BACKOFF } from './backoff.js';
import type { ConnectionState } from './connection-state.js';
import { decodeServerFrame, encodeClientFrame } from './wire.js';
import { Subscription, type SubscriptionFilters } from './subscription.js';

/** Who the server says we are (the `auth_ok` frame). */
export type SessionUser = AuthOkFrame;

/** The server's answer to a command, or a local failure (no connection, no answer in time). */
export interface CommandOutcome {
  ok: boolean;
  code?: ErrorCode | 'timeout' | 'offline';
  message?: string;
}

export interface LiveSessionOptions {
  /** WebSocket URL of the live gateway, e.g. `wss://medtek.example/live`. Never carries the token. */
  server: string;
  /** The host portal's token; sent in the first frame only. */
  token: string;
  backoff?: BackoffPolicy;
  /** How long a command may wait for its `result`. */
  commandTimeoutMs?: number;
  /** Randomness for jitter (tests pass a fixed one). */
  random?: () => number;
  /** Open the socket on construction (default true). Tests that feed frames by hand pass false. */
  autoConnect?: boolean;
  /** Sees every frame the session sends (logging, and tests that answer frames by hand). */
  onSend?: (frame: LiveClientFrame) => void;
}

/** Close codes after which retrying with the same token cannot help: wait for a new token instead. */
const FATAL_CLOSE_CODES: ReadonlySet<number> = new Set([
  CloseCode.AuthFailed,
  CloseCode.AuthRequired,
  CloseCode.Forbidden,
  CloseCode.UnsupportedVersion,
]);

interface PendingCommand {
  resolve: (outcome: CommandOutcome) => void;
  timer: ReturnType<typeof setTimeout>;
}

let sessionCounter = 0;

/**
 * One live connection to `/live`, shared by every widget that uses it. Authenticates with the first frame, keeps the
 * subscriptions and their items, reconnects with exponential backoff and jitter, and after a reconnect subscribes
 * again so each subscription is rebuilt from a fresh snapshot (deltas missed while offline cannot be replayed).
 *
 * Frames from the socket go through `receive(bytes)`; tests and host pages that already hold decoded frames use
 * `receiveFrame(frame)`, the same path minus the decoding.
 *
 * Events (on the session itself): `state` when the connection state changes.
 */
export class LiveSession extends EventTarget {
  readonly server: string;
  private tokenValue: string;
  private socket: WebSocket | undefined;
  private stateValue: ConnectionState = 'offline';
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private closedByUs = false;
  private readonly subscriptions = new Map<string, Subscription<unknown>>();
  private readonly pending = new Map<string, PendingCommand>();
  private readonly sessionId = `s${++sessionCounter}`;
  private requestCounter = 0;
  private readonly backoff: BackoffPolicy;
  private readonly commandTimeoutMs: number;
  private readonly random: () => number;
  private readonly onSend: ((frame: LiveClientFrame) => void) | undefined;
  /** Server clock minus ours, from `auth_ok`: "time since raised" must not depend on the viewer's clock. */
  private clockOffsetMs = 0;
  /** The authenticated user, once `auth_ok` arrived. */
  user: SessionUser | undefined;
  /** Why the session stopped retrying (e.g. the token was refused), for display. */
  lastError: { code: number | string; message: string } | undefined;

  constructor(options: LiveSessionOptions) {
    super();
    this.server = options.server;
    this.tokenValue = options.token;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 10_000;
    this.random = options.random ?? Math.random;
    this.onSend = options.onSend;
    if (options.autoConnect !== false) this.connect();
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  /** Replacing the token (e.g. the portal refreshed it) reconnects only if the old one had been refused. */
  set token(token: string) {
    const wasRefused = this.lastError !== undefined;
    this.tokenValue = token;
    if (wasRefused && !this.closedByUs) {
      this.lastError = undefined;
      this.attempt = 0;
      this.connect();
    }
  }

  /** Current time on the server's clock (epoch ms). */
  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /** Opens the socket (no-op when one is open or opening). */
  connect(): void {
    this.closedByUs = false;
    if (this.socket !== undefined) return;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.setState('connecting');
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.server);
    } catch (error) {
      this.lastError = { code: 'bad_url', message: (error as Error).message };
      this.setState('offline');
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.addEventListener('open', () => {
      if (this.socket !== socket) return;
      this.send({ t: 'auth', v: PROTOCOL_VERSION, token: this.tokenValue });
    });
    socket.addEventListener('message', (event: MessageEvent) => {
      if (this.socket !== socket) return;
      if (event.data instanceof ArrayBuffer) this.receive(new Uint8Array(event.data));
    });
    socket.addEventListener('close', (event: CloseEvent) => {
      if (this.socket !== socket) return;
      this.onSocketClosed(event.code, event.reason);
    });
  }

  /** Closes the socket for good (the last widget left, or the host removed the session). */
  close(): void {
    this.closedByUs = true;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(CloseCode.Normal, 'closed by the page');
    this.failPending('offline', 'connection closed');
    this.setState('offline');
  }

  /** Subscribes to a topic; the subscription survives reconnects (it is sent again and rebuilt from a snapshot). */
  subscribe<Item>(topic: LiveTopic, filters: SubscriptionFilters = {}): Subscription<Item> {
    const id = `${this.sessionId}-sub${++this.requestCounter}`;
    const subscription = new Subscription<Item>(id, topic, filters, () => {
      this.subscriptions.delete(id);
      if (this.stateValue === 'online') this.send({ t: 'unsubscribe', id });
    });
    this.subscriptions.set(id, subscription);
    if (this.stateValue === 'online') this.sendSubscribe(subscription);
    return subscription;
  }

  /** Sends an alarm command; resolves with the server's `result` (never rejects). */
  command(command: AlarmCommand): Promise<CommandOutcome> {
    if (this.stateValue !== 'online') {
      return Promise.resolve({ ok: false, code: 'offline', message: 'not connected' });
    }
    const id = `${this.sessionId}-cmd${++this.requestCounter}`;
    return new Promise<CommandOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, code: 'timeout', message: 'no answer from the server' });
      }, this.commandTimeoutMs);
      this.pending.set(id, { resolve, timer });
      this.send({ t: 'command', id, command });
    });
  }

  /** Feeds raw bytes from the socket: decoded with the protocol's msgpack limits, then handled as a frame. */
  receive(bytes: Uint8Array): void {
    const decoded = decodeServerFrame(bytes);
    if (!decoded.ok) {
      // A frame we cannot read is a server bug; keep the connection (the next snapshot repairs the state).
      console.warn(`[medtek] dropped a live frame: ${decoded.message}`);
      return;
    }
    this.receiveFrame(decoded.frame);
  }

  /** Handles one decoded server frame. Public so hosts and tests can drive the session without a socket. */
  receiveFrame(frame: LiveServerFrame): void {
    switch (frame.t) {
      case 'auth_ok':
        this.user = frame;
        this.clockOffsetMs = frame.serverTime - Date.now();
        this.attempt = 0;
        this.lastError = undefined;
        this.setState('online');
        for (const subscription of this.subscriptions.values()) this.sendSubscribe(subscription);
        return;
      case 'snapshot':
        this.subscriptions.get(frame.sub)?.applySnapshot(frame.items, frame.page, frame.more);
        return;
      case 'delta':
        // A topic-wide delta (encoded once, fanned out) goes to every subscription of the topic.
        if (frame.sub !== undefined) {
          this.subscriptions.get(frame.sub)?.applyDelta(frame.items, frame.removed);
        } else {
          for (const subscription of this.subscriptions.values()) {
            if (subscription.topic === frame.topic) subscription.applyDelta(frame.items, frame.removed);
          }
        }
        return;
      case 'result': {
        const waiting = this.pending.get(frame.id);
        if (waiting === undefined) return;
        this.pending.delete(frame.id);
        clearTimeout(waiting.timer);
        const outcome: CommandOutcome = { ok: frame.ok };
        if (frame.code !== undefined) outcome.code = frame.code;
        if (frame.message !== undefined) outcome.message = frame.message;
        waiting.resolve(outcome);
        return;
      }
      case 'error':
        this.lastError = { code: frame.code, message: frame.message };
        if (frame.id !== undefined) this.subscriptions.get(frame.id)?.fail(frame.code, frame.message);
        return;
      case 'pong':
        this.clockOffsetMs = frame.serverTime - Date.now();
        return;
    }
  }

  private setState(state: ConnectionState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    this.dispatchEvent(new CustomEvent('state', { detail: state }));
  }

  private sendSubscribe(subscription: Subscription): void {
    subscription.beginResync();
    const filters = subscription.filters;
    this.send(
      Object.keys(filters).length === 0
        ? { t: 'subscribe', id: subscription.id, topic: subscription.topic }
        : { t: 'subscribe', id: subscription.id, topic: subscription.topic, filters },
    );
  }

  private send(frame: LiveClientFrame): void {
    this.onSend?.(frame);
    const socket = this.socket;
    if (socket === undefined || socket.readyState !== WebSocket.OPEN) return;
    socket.send(encodeClientFrame(frame));
  }

  private onSocketClosed(code: number, reason: string): void {
    this.socket = undefined;
    this.failPending('offline', 'connection lost');
    if (this.closedByUs) {
      this.setState('offline');
      return;
    }
    if (FATAL_CLOSE_CODES.has(code)) {
      // Retrying with a refused token would only hammer the server; a new token (setter) reconnects.
      this.lastError = { code, message: reason };
      this.setState('offline');
      return;
    }
    this.setState('offline');
    const delay = backoffDelay(this.attempt, this.random, this.backoff);
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect();
    }, delay);
  }

  private failPending(code: 'offline', message: string): void {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.resolve({ ok: false, code, message });
      this.pending.delete(id);
    }
  }
}
