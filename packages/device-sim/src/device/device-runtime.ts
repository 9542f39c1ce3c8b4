import {
  CloseCode,
  decodeServerToDeviceFrame,
  encodeDeviceFrame,
  FrameTooLargeError,
  PROTOCOL_VERSION,
  type DeviceCapability,
  type DeviceCommandFrame,
  type DeviceErrorFrame,
  type DeviceEvent,
  type DeviceFrame,
  type DeviceType,
  type EventFrame,
  type ScheduleFrame,
  type ServerToDeviceFrame,
  type StatusFrame,
} from '@medtek/core';
import type { Random } from '../random.js';
import type { Scheduler, TimerHandle } from '../time/scheduler.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { signDeviceChallenge } from './device-auth.js';
import type { DeviceClock } from './device-clock.js';
import { MAX_BATCH_EVENTS, Outbox } from './outbox.js';
import type { Connection, Transport } from './transport.js';

export interface DeviceIdentity {
  deviceId: string;
  deviceType: DeviceType;
  firmware: string;
  capabilities: DeviceCapability[];
  /** The per-device secret shared with the server (answers the challenge). */
  secret: Uint8Array;
}

/** The heartbeat's content apart from `t` and `deviceTime` (the device model supplies it). */
export type StatusReport = Omit<StatusFrame, 't' | 'deviceTime'>;

/** What the device model hears from the connection. */
export interface RuntimeListener {
  onCommand?(command: DeviceCommandFrame): void;
  onSchedule?(schedule: ScheduleFrame): void;
  onError?(error: DeviceErrorFrame): void;
  onConnectionChange?(connected: boolean): void;
}

/**
 * Hooks between the runtime and the wire, for fault injection: given the frame and its encoding, return the byte
 * strings actually sent (none = dropped or held back, several = duplicated or released in another order).
 */
export interface WireHooks {
  outgoing?(frame: DeviceFrame, encoded: Uint8Array): Uint8Array[];
  incoming?(bytes: Uint8Array): Uint8Array | undefined;
}

export interface DeviceRuntimeOptions {
  identity: DeviceIdentity;
  /** `ws://host:port/device` */
  url: string;
  transport: Transport;
  scheduler: Scheduler;
  random: Random;
  clock: DeviceClock;
  /** Heartbeat interval in SERVER-time ms (default 60 s): the server judges "offline" on its own clock. */
  heartbeatIntervalMs?: number;
  /** Floor for the local delay between heartbeats, so an accelerated clock cannot turn heartbeats into a flood. */
  minHeartbeatLocalMs?: number;
  backoff?: BackoffOptions;
  /** Most events sent but not yet acknowledged (flow control); the rest wait in the outbox. */
  maxInFlight?: number;
  /** Local ms without a challenge after the socket opened before the device gives up and reconnects. */
  challengeTimeoutMs?: number;
  outbox?: Outbox;
  status: () => StatusReport;
  listener?: RuntimeListener;
  wire?: WireHooks;
}

export type RuntimeState = 'stopped' | 'connecting' | 'authenticating' | 'online' | 'backoff';

export interface RuntimeStats {
  connects: number;
  disconnects: number;
  eventsRecorded: number;
  eventFramesSent: number;
  batchFramesSent: number;
  statusSent: number;
  acked: number;
  resyncs: number;
  errors: number;
  commands: number;
  lastCloseCode: number | undefined;
  lastErrorCode: string | undefined;
}

/**
 * Protocol v1 device firmware: challenge → auth → hello → heartbeats and sequenced events. Events go to the durable
 * outbox first and leave it only on a cumulative ack; after any reconnect or resync the unacknowledged tail is sent
 * again, oldest first, in `batch` frames of ≤ 64. Reconnects use exponential backoff with seeded jitter.
 */
export class DeviceRuntime {
  readonly outbox: Outbox;
  readonly stats: RuntimeStats = {
    connects: 0,
    disconnects: 0,
    eventsRecorded: 0,
    eventFramesSent: 0,
    batchFramesSent: 0,
    statusSent: 0,
    acked: 0,
    resyncs: 0,
    errors: 0,
    commands: 0,
    lastCloseCode: undefined,
    lastErrorCode: undefined,
  };
  private stateValue: RuntimeState = 'stopped';
  private connection: Connection | undefined;
  private connectionToken = 0;
  private attempt = 0;
  private sentUpTo = 0;
  private bootId: string;
  private reconnectTimer: TimerHandle | undefined;
  private heartbeatTimer: TimerHandle | undefined;
  private challengeTimer: TimerHandle | undefined;
  /** Set when the network is "down" for this device (fault injection): connection attempts fail. */
  private networkDown = false;
  private readonly heartbeatIntervalMs: number;
  private readonly maxInFlight: number;
  private readonly backoff: BackoffOptions;

  constructor(private readonly options: DeviceRuntimeOptions) {
    this.outbox = options.outbox ?? new Outbox(options.identity.deviceId);
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 60_000;
    this.maxInFlight = options.maxInFlight ?? 256;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.bootId = this.newBootId();
  }

  get state(): RuntimeState {
    return this.stateValue;
  }

  get deviceId(): string {
    return this.options.identity.deviceId;
  }

  get currentBootId(): string {
    return this.bootId;
  }

  /** The device's clock reading now. */
  deviceTime(): number {
    return this.options.clock.deviceTime(this.options.scheduler.now());
  }

  /** Starts (or restarts after `stop`) connecting. */
  start(): void {
    if (this.stateValue !== 'stopped') return;
    this.attempt = 0;
    this.connect();
  }

  /** Clean shutdown: closes the socket with 1000 and cancels every timer. The outbox is kept. */
  stop(): void {
    this.stateValue = 'stopped';
    this.cancelTimers();
    const connection = this.connection;
    this.connection = undefined;
    this.connectionToken++;
    connection?.close(CloseCode.Normal, 'device stopped');
  }

  /** Power cut: the socket dies without a close frame; the outbox (flash) survives. `boot()` starts again. */
  powerOff(): void {
    this.stateValue = 'stopped';
    this.cancelTimers();
    const connection = this.connection;
    this.connection = undefined;
    this.connectionToken++;
    connection?.terminate();
  }

  /** Boots after a power cut: a new boot id, then connect. */
  boot(): void {
    this.bootId = this.newBootId();
    this.start();
  }

  /** Network loss (fault): drops the socket now and refuses to reconnect until `setNetworkDown(false)`. */
  setNetworkDown(down: boolean): void {
    this.networkDown = down;
    if (down && this.connection) {
      const connection = this.connection;
      this.connection = undefined;
      connection.terminate();
      this.onClosed(this.connectionToken, 1006, 'network down');
    }
  }

  /** Drops the current connection abruptly (a transient disconnect); the device reconnects with backoff. */
  dropConnection(): void {
    if (!this.connection) return;
    const connection = this.connection;
    this.connection = undefined;
    connection.terminate();
    this.onClosed(this.connectionToken, 1006, 'dropped');
  }

  /** Records a device event: stamped, stored in the outbox, sent when the connection allows. */
  record(e: DeviceEvent): EventFrame {
    const frame = this.outbox.append(e, this.deviceTime(), this.bootId);
    this.stats.eventsRecorded++;
    this.pump();
    return frame;
  }

  /** Sends an out-of-band heartbeat now (a model calls it when something in its status changed). */
  sendStatus(): void {
    if (this.stateValue !== 'online') return;
    this.sendFrame({ t: 'status', deviceTime: this.deviceTime(), ...this.options.status() });
    this.stats.statusSent++;
  }

  /** Sends raw bytes as they are (fault injection: garbage, truncated, oversize frames). */
  sendRaw(bytes: Uint8Array): boolean {
    if (this.stateValue !== 'online' || !this.connection) return false;
    this.connection.send(bytes);
    return true;
  }

  private newBootId(): string {
    return `b${Math.floor(this.options.random.next() * 0xffff_ffff).toString(36)}`;
  }

  private cancelTimers(): void {
    this.reconnectTimer?.cancel();
    this.heartbeatTimer?.cancel();
    this.challengeTimer?.cancel();
    this.reconnectTimer = this.heartbeatTimer = this.challengeTimer = undefined;
  }

  private connect(): void {
    this.reconnectTimer = undefined;
    this.stateValue = 'connecting';
    const token = ++this.connectionToken;
    if (this.networkDown) {
      this.onClosed(token, 1006, 'network down');
      return;
    }
    this.connection = this.options.transport(this.options.url, {
      onOpen: () => {
        if (token !== this.connectionToken) return;
        this.stateValue = 'authenticating';
        this.challengeTimer = this.options.scheduler.setTimer(this.options.challengeTimeoutMs ?? 10_000, () => {
          if (token === this.connectionToken && this.stateValue === 'authenticating') this.dropConnection();
        });
      },
      onMessage: (data) => {
        if (token === this.connectionToken) this.onMessage(data);
      },
      onClose: (code, reason) => this.onClosed(token, code, reason),
    });
  }

  private onClosed(token: number, code: number, _reason: string): void {
    if (token !== this.connectionToken) return;
    this.connectionToken++;
    const wasOnline = this.stateValue === 'online';
    this.connection = undefined;
    this.heartbeatTimer?.cancel();
    this.challengeTimer?.cancel();
    this.stats.lastCloseCode = code;
    if (wasOnline) {
      this.stats.disconnects++;
      this.options.listener?.onConnectionChange?.(false);
    }
    if (this.stateValue === 'stopped') return;
    // Another connection of this device took over: a second copy of the same firmware must not fight it.
    if (code === CloseCode.Replaced) {
      this.stateValue = 'stopped';
      return;
    }
    this.stateValue = 'backoff';
    const delay = backoffDelay(this.attempt++, this.backoff, this.options.random);
    this.reconnectTimer = this.options.scheduler.setTimer(delay, () => this.connect());
  }

  private onMessage(raw: Uint8Array): void {
    const data = this.options.wire?.incoming ? this.options.wire.incoming(raw) : raw;
    if (!data) return;
    const decoded = decodeServerToDeviceFrame(data);
    if (!decoded.ok) {
      // Firmware ignores frames it cannot read; the server's next ack or resync repairs the state.
      this.stats.errors++;
      this.stats.lastErrorCode = decoded.code;
      return;
    }
    this.handle(decoded.frame);
  }

  private handle(frame: ServerToDeviceFrame): void {
    const now = this.options.scheduler.now();
    switch (frame.t) {
      case 'challenge':
        this.onChallenge(frame.nonce, frame.serverTime, now);
        return;
      case 'ack': {
        this.options.clock.sync(frame.serverTime, now);
        this.stats.acked += this.outbox.ack(frame.upToSeq);
        if (this.sentUpTo < this.outbox.ackedUpTo()) this.sentUpTo = this.outbox.ackedUpTo();
        this.pump();
        return;
      }
      case 'resync': {
        this.stats.resyncs++;
        // The server holds everything below expectedSeq: drop it, and resend from there.
        if (frame.expectedSeq > 1) this.stats.acked += this.outbox.ack(frame.expectedSeq - 1);
        this.sentUpTo = Math.min(frame.expectedSeq - 1, this.outbox.lastSeq());
        this.pump();
        return;
      }
      case 'error':
        this.stats.errors++;
        this.stats.lastErrorCode = frame.code;
        this.options.listener?.onError?.(frame);
        return;
      case 'schedule':
        this.options.listener?.onSchedule?.(frame);
        return;
      case 'command':
        this.stats.commands++;
        this.options.listener?.onCommand?.(frame);
        return;
      default: {
        const unexpected: never = frame;
        return unexpected;
      }
    }
  }

  private onChallenge(nonce: Uint8Array, serverTime: number, now: number): void {
    if (this.stateValue !== 'authenticating') return;
    this.challengeTimer?.cancel();
    this.options.clock.sync(serverTime, now);
    const { identity } = this.options;
    const deviceTime = this.deviceTime();
    const mac = signDeviceChallenge(identity.secret, nonce, identity.deviceId, deviceTime);
    this.sendFrame({ t: 'auth', v: PROTOCOL_VERSION, deviceId: identity.deviceId, deviceTime, mac });
    this.sendFrame({
      t: 'hello',
      deviceType: identity.deviceType,
      firmware: identity.firmware,
      capabilities: identity.capabilities,
      bootId: this.bootId,
      deviceTime,
    });
    this.stateValue = 'online';
    this.attempt = 0;
    this.stats.connects++;
    this.sentUpTo = this.outbox.ackedUpTo();
    this.options.listener?.onConnectionChange?.(true);
    this.heartbeat();
    this.pump();
  }

  private heartbeat(): void {
    this.sendStatus();
    const { clock, scheduler } = this.options;
    const localDelay = Math.max(this.options.minHeartbeatLocalMs ?? 20, this.heartbeatIntervalMs / clock.serverRate());
    this.heartbeatTimer = scheduler.setTimer(localDelay, () => {
      if (this.stateValue === 'online') this.heartbeat();
    });
  }

  /** Sends the outbox tail after `sentUpTo`, within the in-flight window: one event alone, several as batches. */
  private pump(): void {
    if (this.stateValue !== 'online') return;
    const room = this.maxInFlight - (this.sentUpTo - this.outbox.ackedUpTo());
    if (room <= 0) return;
    const pending = this.outbox.pendingFrom(this.sentUpTo + 1, room);
    if (pending.length === 0) return;
    if (pending.length === 1) {
      this.sendFrame(pending[0] as EventFrame);
      this.stats.eventFramesSent++;
    } else {
      for (let start = 0; start < pending.length; start += MAX_BATCH_EVENTS) {
        this.sendBatch(pending.slice(start, start + MAX_BATCH_EVENTS));
      }
    }
    this.sentUpTo = (pending[pending.length - 1] as EventFrame).seq;
  }

  /** A batch above the frame limit (e.g. many roll_loaded events) is split in halves until each half fits. */
  private sendBatch(events: EventFrame[]): void {
    if (events.length === 1) {
      this.sendFrame(events[0] as EventFrame);
      this.stats.eventFramesSent++;
      return;
    }
    try {
      this.sendFrame({ t: 'batch', events });
      this.stats.batchFramesSent++;
    } catch (error) {
      if (!(error instanceof FrameTooLargeError)) throw error;
      const half = Math.ceil(events.length / 2);
      this.sendBatch(events.slice(0, half));
      this.sendBatch(events.slice(half));
    }
  }

  private sendFrame(frame: DeviceFrame): void {
    const connection = this.connection;
    if (!connection) return;
    const encoded = encodeDeviceFrame(frame);
    if (this.options.wire?.outgoing) {
      for (const bytes of this.options.wire.outgoing(frame, encoded)) connection.send(bytes);
    } else {
      connection.send(encoded);
    }
  }
}
