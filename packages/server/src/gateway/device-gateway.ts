import {
  CloseCode,
  decodeDeviceFrame,
  encodeServerToDeviceFrame,
  ErrorCode,
  PROTOCOL_VERSION,
  type DeviceAuthFrame,
  type DeviceFrame,
  type EngineOutput,
  type EngineResult,
  type EpochMs,
  type EventFrame,
  type ServerToDeviceFrame,
} from '@medtek/core';
import type { TemplatedApp, WebSocket } from 'uWebSockets.js';
import { createChallenge, verifyDeviceAuthWithKeys, type DeviceKeyRing } from '../auth/device-auth.js';
import type { ServerConfig } from '../config/index.js';
import { JournalFailedError } from '../journal/index.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import { AuthDeadlines } from './auth-deadlines.js';
import { TokenBucket } from '../http/rate-limit.js';
import { upgradeIfAllowed, type ConnectionGate } from '../http/upgrade.js';

/** Consecutive invalid frames after which a device is disconnected (a broken firmware must not spin the server). */
const MAX_STRIKES = 10;
/** Replayed backlog events applied per event-loop turn: live frames of other devices go first in between. */
const BACKLOG_EVENTS_PER_TURN = 512;

interface DeviceSocket {
  phase: 'challenged' | 'ready' | 'closed';
  nonce: Uint8Array;
  deviceId: string;
  bucket: TokenBucket;
  strikes: number;
  rateStrikes: number;
  /** Highest seq known durable and not yet acknowledged to the device (0: nothing to ack). */
  ackDue: number;
  /** Replayed events waiting for their turn; later live events of this device queue behind them (per-device order). */
  backlog: EventFrame[];
}

export interface DeviceGatewayCounters {
  connections: number;
  framesIn: number;
  eventsApplied: number;
  duplicates: number;
  gaps: number;
  acksSent: number;
  authFailures: number;
  rejectedFrames: number;
  rateLimited: number;
  droppedSends: number;
}

export interface DeviceGatewayDeps {
  readonly pipeline: Pipeline;
  readonly keys: DeviceKeyRing;
  readonly limits: ServerConfig['limits'];
  readonly connections: ConnectionGate;
  readonly now: () => EpochMs;
  /** True when the registry knows this device (unknown devices fail authentication like a bad MAC: no oracle). */
  readonly isKnownDevice: (deviceId: string) => boolean;
  readonly lastSeq: (deviceId: string) => number;
}

type Socket = WebSocket<DeviceSocket>;
export type EventResult = Extract<EngineOutput, { type: 'event_result' }>;

function eventResultOf(result: EngineResult): EventResult | undefined {
  for (const output of result.outputs) if (output.type === 'event_result') return output;
  return undefined;
}

/**
 * `/device`: challenge → HMAC answer → hello → sequenced events, acknowledged cumulatively only after the journal
 * batch holding them is fsynced (the pipeline delivers the ack as an effect of the durable input).
 */
export class DeviceGateway {
  readonly counters: DeviceGatewayCounters = {
    connections: 0,
    framesIn: 0,
    eventsApplied: 0,
    duplicates: 0,
    gaps: 0,
    acksSent: 0,
    authFailures: 0,
    rejectedFrames: 0,
    rateLimited: 0,
    droppedSends: 0,
  };
  /** Authenticated devices by id. */
  private readonly sockets = new Map<string, Socket>();
  /** Every open socket, authenticated or not (graceful shutdown closes them all). */
  private readonly open = new Set<Socket>();
  private readonly acksDue = new Set<Socket>();
  private readonly backlogSockets: Socket[] = [];
  private backlogScheduled = false;
  private readonly authDeadlines: AuthDeadlines<Socket>;
  private closing = false;

  constructor(private readonly deps: DeviceGatewayDeps) {
    this.authDeadlines = new AuthDeadlines(deps.limits.authTimeoutMs, (ws) =>
      this.closeSocket(ws, CloseCode.AuthTimeout, 'authentication timeout'),
    );
  }

  attach(app: TemplatedApp, path = '/device'): void {
    const { limits, connections } = this.deps;
    app.ws<DeviceSocket>(path, {
      // uWS drops a larger frame without a close code; up to 4× the limit we answer frame_too_large and close 1009.
      maxPayloadLength: limits.maxPayloadBytes * 4,
      idleTimeout: limits.idleTimeoutSec,
      sendPingsAutomatically: true,
      maxBackpressure: limits.maxBackpressureBytes,
      upgrade: (res, req, context) =>
        upgradeIfAllowed(
          res,
          req,
          context,
          { gate: connections, accepting: () => !this.closing },
          (): DeviceSocket => ({
            phase: 'challenged',
            nonce: createChallenge(),
            deviceId: '',
            bucket: new TokenBucket(limits.deviceRate, performance.now()),
            strikes: 0,
            rateStrikes: 0,
            ackDue: 0,
            backlog: [],
          }),
        ),
      open: (ws) => {
        this.counters.connections++;
        connections.opened();
        this.open.add(ws);
        this.authDeadlines.add(ws);
        this.send(ws, {
          t: 'challenge',
          v: PROTOCOL_VERSION,
          nonce: ws.getUserData().nonce,
          serverTime: this.deps.now(),
        });
      },
      message: (ws, message) => this.onMessage(ws, new Uint8Array(message)),
      close: (ws) => this.onClose(ws),
    });
  }

  /** Sends a server→device frame (a command or schedule from the engine) if the device is connected. */
  sendToDevice(deviceId: string, frame: ServerToDeviceFrame): boolean {
    const ws = this.sockets.get(deviceId);
    if (!ws) return false;
    this.send(ws, frame);
    return true;
  }

  get connectedDevices(): number {
    return this.sockets.size;
  }

  /** Sends one cumulative ack per device whose events became durable in the last delivery round. */
  flushAcks(): void {
    if (this.acksDue.size === 0) return;
    const serverTime = this.deps.now();
    for (const ws of this.acksDue) {
      const data = ws.getUserData();
      if (data.phase === 'ready' && data.ackDue > 0) {
        this.send(ws, { t: 'ack', upToSeq: data.ackDue, serverTime });
        this.counters.acksSent++;
      }
      data.ackDue = 0;
    }
    this.acksDue.clear();
  }

  /** Graceful shutdown: refuse new sockets, tell devices to reconnect later. */
  closeAll(): void {
    this.closing = true;
    this.authDeadlines.stop();
    for (const ws of [...this.open]) this.closeSocket(ws, CloseCode.GoingAway, 'server restarting');
  }

  private onMessage(ws: Socket, bytes: Uint8Array): void {
    const data = ws.getUserData();
    if (data.phase === 'closed') return;
    this.counters.framesIn++;
    if (!data.bucket.take(performance.now())) {
      this.counters.rateLimited++;
      this.sendError(ws, ErrorCode.RateLimited, 'too many frames; slow down');
      if (++data.rateStrikes >= MAX_STRIKES) this.closeSocket(ws, CloseCode.RateLimited, 'rate limit exceeded');
      return;
    }
    // Decoded synchronously: uWS invalidates the buffer when this callback returns.
    const decoded = decodeDeviceFrame(bytes);
    if (!decoded.ok) {
      this.reject(ws, decoded.code, decoded.message);
      if (decoded.code === ErrorCode.FrameTooLarge) this.closeSocket(ws, CloseCode.MessageTooBig, 'frame too large');
      return;
    }
    const frame = decoded.frame;
    if (data.phase === 'challenged') {
      if (frame.t !== 'auth') {
        this.counters.rejectedFrames++;
        this.sendError(ws, ErrorCode.AuthRequired, 'the first frame must answer the challenge');
        this.closeSocket(ws, CloseCode.AuthRequired, 'authentication required');
        return;
      }
      this.authenticate(ws, frame);
      return;
    }
    data.strikes = 0;
    try {
      this.dispatch(ws, frame);
    } catch (error) {
      // The journal failed: the server stops acknowledging and is about to exit; the device keeps its outbox.
      this.sendError(ws, ErrorCode.Internal, 'events cannot be stored now; not acknowledged, retry later');
      if (!(error instanceof JournalFailedError)) throw error;
    }
  }

  private authenticate(ws: Socket, frame: DeviceAuthFrame): void {
    const data = ws.getUserData();
    const known = this.deps.isKnownDevice(frame.deviceId);
    const outcome = verifyDeviceAuthWithKeys(
      { nonce: data.nonce, deviceId: frame.deviceId, deviceTime: frame.deviceTime, mac: frame.mac },
      this.deps.keys,
    );
    if (!known || !outcome.ok) {
      this.counters.authFailures++;
      this.sendError(ws, ErrorCode.AuthFailed, 'authentication failed');
      this.closeSocket(ws, CloseCode.AuthFailed, 'authentication failed');
      return;
    }
    this.authDeadlines.remove(ws);
    data.phase = 'ready';
    data.deviceId = frame.deviceId;
    const previous = this.sockets.get(frame.deviceId);
    if (previous && previous !== ws) this.closeSocket(previous, CloseCode.Replaced, 'replaced by a newer connection');
    this.sockets.set(frame.deviceId, ws);
    // Tell the device where it stands once everything already received is durable, so it can drop what we hold and
    // replay only the rest of its outbox.
    this.deps.pipeline.whenCaughtUp(() => {
      if (data.phase !== 'ready') return;
      const upToSeq = this.deps.lastSeq(data.deviceId);
      if (upToSeq > 0) this.send(ws, { t: 'ack', upToSeq, serverTime: this.deps.now() });
    });
  }

  private dispatch(ws: Socket, frame: DeviceFrame): void {
    const data = ws.getUserData();
    switch (frame.t) {
      case 'auth':
        this.reject(ws, ErrorCode.SchemaViolation, 'already authenticated');
        return;
      case 'hello':
        this.deps.pipeline.submit({
          type: 'device_connection',
          deviceId: data.deviceId,
          connected: true,
          hello: frame,
          receivedAt: this.deps.now(),
        });
        return;
      case 'status':
        this.deps.pipeline.submit({
          type: 'device_status',
          deviceId: data.deviceId,
          status: frame,
          receivedAt: this.deps.now(),
        });
        return;
      case 'event':
        if (!this.ownsEvent(ws, frame)) return;
        if (data.backlog.length > 0) data.backlog.push(frame);
        else this.applyEvent(ws, frame);
        return;
      case 'batch':
        for (const event of frame.events) if (!this.ownsEvent(ws, event)) return;
        if (data.backlog.length === 0) this.backlogSockets.push(ws);
        for (const event of frame.events) data.backlog.push(event);
        this.scheduleBacklog();
        return;
    }
  }

  /** A device can only send as itself. */
  private ownsEvent(ws: Socket, event: EventFrame): boolean {
    const data = ws.getUserData();
    if (event.deviceId === data.deviceId) return true;
    this.counters.rejectedFrames++;
    this.sendError(ws, ErrorCode.Forbidden, 'a device may only send its own events', event.seq);
    this.closeSocket(ws, CloseCode.Forbidden, 'sent as another device');
    return false;
  }

  private applyEvent(ws: Socket, event: EventFrame): 'ok' | 'stop' {
    const data = ws.getUserData();
    // The ack follows from the durable input's event_result effect (eventDurable): no callback per event.
    const result = this.deps.pipeline.submit({
      type: 'device_event',
      deviceId: data.deviceId,
      event,
      receivedAt: this.deps.now(),
    });
    const outcome = eventResultOf(result);
    if (outcome?.status !== 'gap') return 'ok';
    // The device resends from the expected seq. Devices may read a resync as "everything before is stored", so it
    // is sent only once everything received so far is durable.
    this.counters.gaps++;
    const expectedSeq = outcome.expectedSeq ?? 1;
    this.deps.pipeline.whenCaughtUp(() => this.send(ws, { t: 'resync', expectedSeq }));
    return 'stop';
  }

  /** An event is durable (the pipeline's effect of its input): count it and owe its device a cumulative ack. */
  eventDurable(outcome: EventResult): void {
    if (outcome.status === 'gap') return;
    if (outcome.status === 'duplicate') this.counters.duplicates++;
    else this.counters.eventsApplied++;
    const ws = this.sockets.get(outcome.deviceId);
    if (ws === undefined) return;
    const data = ws.getUserData();
    if (data.phase !== 'ready') return;
    if (outcome.seq > data.ackDue) data.ackDue = outcome.seq;
    this.acksDue.add(ws);
  }

  private scheduleBacklog(): void {
    if (this.backlogScheduled) return;
    this.backlogScheduled = true;
    setImmediate(() => this.drainBacklog());
  }

  /** Applies replayed events a slice at a time, round-robin over devices, so live traffic keeps its latency. */
  private drainBacklog(): void {
    this.backlogScheduled = false;
    if (this.deps.pipeline.failed) {
      for (const ws of this.backlogSockets.splice(0)) ws.getUserData().backlog.length = 0;
      return;
    }
    let budget = BACKLOG_EVENTS_PER_TURN;
    while (budget > 0 && this.backlogSockets.length > 0) {
      const ws = this.backlogSockets.shift()!;
      const data = ws.getUserData();
      if (data.phase !== 'ready') {
        data.backlog.length = 0;
        continue;
      }
      const slice = Math.min(budget, 64, data.backlog.length);
      let stopped = false;
      for (let i = 0; i < slice; i++) {
        budget--;
        if (this.applyEvent(ws, data.backlog[i]!) === 'stop') {
          stopped = true;
          break;
        }
      }
      if (stopped) data.backlog.length = 0;
      else data.backlog.splice(0, slice);
      if (data.backlog.length > 0) this.backlogSockets.push(ws);
    }
    if (this.backlogSockets.length > 0) this.scheduleBacklog();
  }

  private reject(ws: Socket, code: ErrorCode, message: string): void {
    const data = ws.getUserData();
    this.counters.rejectedFrames++;
    this.sendError(ws, code, message);
    if (data.phase === 'challenged') {
      this.closeSocket(ws, CloseCode.AuthRequired, 'authentication required');
    } else if (++data.strikes >= MAX_STRIKES) {
      this.closeSocket(ws, CloseCode.ProtocolViolation, 'too many invalid frames');
    }
  }

  private onClose(ws: Socket): void {
    const data = ws.getUserData();
    const wasReady = data.phase === 'ready';
    data.phase = 'closed';
    data.backlog.length = 0;
    this.counters.connections--;
    this.open.delete(ws);
    this.deps.connections.closed();
    this.authDeadlines.remove(ws);
    this.acksDue.delete(ws);
    if (wasReady && this.sockets.get(data.deviceId) === ws) {
      this.sockets.delete(data.deviceId);
      if (!this.closing) {
        this.deps.pipeline.submit({
          type: 'device_connection',
          deviceId: data.deviceId,
          connected: false,
          receivedAt: this.deps.now(),
        });
      }
    }
  }

  private sendError(ws: Socket, code: ErrorCode, message: string, seq?: number): void {
    this.send(ws, seq === undefined ? { t: 'error', code, message } : { t: 'error', code, message, seq });
  }

  private send(ws: Socket, frame: ServerToDeviceFrame): void {
    if (ws.getUserData().phase === 'closed') return;
    // 2 = dropped at the backpressure limit: a device that does not read its acks is disconnected; it reconnects,
    // learns how far the server got, and replays the rest.
    if (ws.send(encodeServerToDeviceFrame(frame), true) === 2) {
      this.counters.droppedSends++;
      this.closeSocket(ws, CloseCode.SlowConsumer, 'not reading; reconnect');
    }
  }

  private closeSocket(ws: Socket, code: CloseCode, reason: string): void {
    const data = ws.getUserData();
    if (data.phase === 'closed') return;
    ws.end(code, reason);
  }
}
