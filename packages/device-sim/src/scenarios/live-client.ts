import {
  decodeLiveServerFrame,
  encodeLiveClientFrame,
  PROTOCOL_VERSION,
  type Alarm,
  type Incident,
  type LiveClientFrame,
  type LiveServerFrame,
} from '@medtek/core';
import WebSocket from 'ws';

/**
 * A live subscriber as a widget would be: authenticates with a token, subscribes to alarms and incidents, and keeps
 * the latest version of each item. Scenarios assert on what it received.
 */
export class LiveClient {
  readonly alarms = new Map<string, Alarm>();
  readonly incidents = new Map<string, Incident>();
  /** Every alarm version in arrival order, with the local arrival time (alarm latency). */
  readonly alarmLog: { alarm: Alarm; at: number }[] = [];
  readonly errors: string[] = [];
  private listeners = new Set<() => void>();

  private constructor(private readonly socket: WebSocket) {}

  /** Connects to `ws://host:port/live`, authenticates, subscribes to alarms and incidents. */
  static async connect(url: string, token: string, origin?: string): Promise<LiveClient> {
    // Browsers send an Origin and the server checks it against its allow-list; so must we.
    const socket = new WebSocket(url, { perMessageDeflate: false, ...(origin ? { origin } : {}) });
    socket.binaryType = 'nodebuffer';
    const client = new LiveClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    socket.on('message', (data: Buffer) => client.onFrame(data));
    client.send({ t: 'auth', v: PROTOCOL_VERSION, token });
    await client.waitFor(() => client.authenticated, 5_000, 'auth_ok');
    client.send({ t: 'subscribe', id: 'alarms', topic: 'alarms' });
    client.send({ t: 'subscribe', id: 'incidents', topic: 'incidents' });
    return client;
  }

  private authenticated = false;

  send(frame: LiveClientFrame): void {
    this.socket.send(encodeLiveClientFrame(frame));
  }

  close(): void {
    this.socket.terminate();
  }

  /** Open alarms of a type (optionally for one citizen or device). */
  alarmsOf(type: Alarm['type'], filter: { citizenId?: string; deviceId?: string } = {}): Alarm[] {
    return [...this.alarms.values()].filter(
      (a) =>
        a.type === type &&
        (filter.citizenId === undefined || a.citizenId === filter.citizenId) &&
        (filter.deviceId === undefined || a.deviceId === filter.deviceId),
    );
  }

  /** Resolves when `predicate` holds (checked on every frame), rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!predicate()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`live client: timed out waiting for ${what}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
    });
  }

  private onFrame(data: Buffer): void {
    const decoded = decodeLiveServerFrame(data);
    if (!decoded.ok) {
      this.errors.push(`${decoded.code}: ${decoded.message}`);
      return;
    }
    this.apply(decoded.frame);
    for (const listener of [...this.listeners]) listener();
  }

  private apply(frame: LiveServerFrame): void {
    switch (frame.t) {
      case 'auth_ok':
        this.authenticated = true;
        return;
      case 'snapshot':
      case 'delta':
        if (frame.topic === 'alarms') {
          const now = performance.now();
          for (const alarm of frame.items) {
            this.alarms.set(alarm.id, alarm);
            this.alarmLog.push({ alarm, at: now });
          }
          if (frame.t === 'delta') for (const id of frame.removed) this.alarms.delete(id);
        } else if (frame.topic === 'incidents') {
          for (const incident of frame.items) this.incidents.set(incident.id, incident);
        }
        return;
      case 'error':
        this.errors.push(`${frame.code}: ${frame.message}`);
        return;
      case 'result':
      case 'pong':
        return;
      default: {
        const unexpected: never = frame;
        return unexpected;
      }
    }
  }
}
