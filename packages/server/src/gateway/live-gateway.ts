import {
  CloseCode,
  decodeLiveClientFrame,
  encodeLiveServerFrame,
  ErrorCode,
  PROTOCOL_VERSION,
  type Alarm,
  type EngineResult,
  type EpochMs,
  type LiveClientFrame,
  type LiveCommandFrame,
  type LiveServerFrame,
  type LiveTopic,
  type SnapshotFrame,
  type SubscribeFilters,
  type SubscribeFrame,
  type TeamId,
} from '@medtek/core';
import type { TemplatedApp, WebSocket } from 'uWebSockets.js';
import { authorizeAlarmCommand, authorizeSubscription, canSeeItem, redactForRole } from '../auth/authorize.js';
import type { AuditSink } from '../audit/index.js';
import type { Principal } from '../auth/principal.js';
import type { TokenVerifier } from '../auth/token.js';
import type { ServerConfig } from '../config/index.js';
import { encodePages } from '../live/paging.js';
import type { PublishTarget } from '../live/publisher.js';
import { fanoutTopic, STOCK_TEAM, type TopicVariant } from '../live/topics.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import { AuthDeadlines } from './auth-deadlines.js';
import { TokenBucket } from '../http/rate-limit.js';
import { upgradeIfAllowed, type ConnectionGate } from '../http/upgrade.js';

/** Frames a client may send while its token is being verified (it should wait for auth_ok). */
const MAX_QUEUED_BEFORE_AUTH = 16;
const MAX_STRIKES = 10;

type LiveItem = { teamId: TeamId; type?: string } & Record<string, unknown>;

/** Read access to the current state, for snapshots. */
export interface LiveData {
  items(topic: LiveTopic): Iterable<LiveItem>;
  alarm(alarmId: string): Alarm | undefined;
  /** Every team, for subscriptions that cover all teams (administrators). */
  teamIds(): Iterable<TeamId>;
  citizens(): Iterable<{ id: string; teamId: TeamId }>;
}

interface Subscription {
  /** The request as the client sent it: re-authorized when the token is refreshed. */
  readonly request: SubscribeFrame;
  readonly topic: LiveTopic;
  readonly topics: readonly string[];
}

interface LiveSocket {
  phase: 'challenged' | 'authenticating' | 'ready' | 'closed';
  principal: Principal | undefined;
  queued: Uint8Array[];
  bucket: TokenBucket;
  strikes: number;
  subscriptions: Map<string, Subscription>;
  /** Snapshot frames waiting for the socket to drain. */
  outbox: Uint8Array[];
}

type Socket = WebSocket<LiveSocket>;

export interface LiveGatewayDeps {
  readonly pipeline: Pipeline;
  /** Every snapshot of citizen data is a read of health data: one audit entry per citizen shown. */
  readonly audit: Pick<AuditSink, 'record'>;
  readonly tokens: TokenVerifier;
  readonly data: LiveData;
  readonly config: Pick<ServerConfig, 'allowedOrigins' | 'limits'>;
  readonly connections: ConnectionGate;
  readonly now: () => EpochMs;
}

export interface LiveGatewayCounters {
  connections: number;
  framesIn: number;
  authFailures: number;
  commands: number;
  rejectedFrames: number;
  slowConsumersClosed: number;
}

/**
 * `/live`: widgets authenticate with the host portal's token in their first frame, subscribe to topics (authorized
 * by role and team at subscribe time), receive paged snapshots and then deltas fanned out through uWS topics (each
 * delta encoded once per topic by the Publisher), and send alarm commands, each authorized and journaled.
 */
export class LiveGateway {
  readonly counters: LiveGatewayCounters = {
    connections: 0,
    framesIn: 0,
    authFailures: 0,
    commands: 0,
    rejectedFrames: 0,
    slowConsumersClosed: 0,
  };
  private readonly sockets = new Set<Socket>();
  private readonly authDeadlines: AuthDeadlines<Socket>;
  private readonly expirySweep: ReturnType<typeof setInterval>;
  private app: TemplatedApp | undefined;
  private closing = false;

  constructor(private readonly deps: LiveGatewayDeps) {
    this.authDeadlines = new AuthDeadlines(deps.config.limits.authTimeoutMs, (ws) =>
      this.closeSocket(ws, CloseCode.AuthTimeout, 'authentication timeout'),
    );
    this.expirySweep = setInterval(() => this.closeExpired(), 1_000);
    this.expirySweep.unref();
  }

  attach(app: TemplatedApp, path = '/live'): void {
    this.app = app;
    const { config, connections } = this.deps;
    app.ws<LiveSocket>(path, {
      // uWS drops a larger frame without a close code; up to 4× the limit we answer frame_too_large and close 1009.
      maxPayloadLength: config.limits.maxPayloadBytes * 4,
      idleTimeout: config.limits.idleTimeoutSec,
      sendPingsAutomatically: true,
      maxBackpressure: config.limits.maxBackpressureBytes,
      // A widget that cannot keep up is dropped; it reconnects and resyncs from a snapshot.
      closeOnBackpressureLimit: 1,
      upgrade: (res, req, context) =>
        upgradeIfAllowed(
          res,
          req,
          context,
          { gate: connections, allowedOrigins: config.allowedOrigins, accepting: () => !this.closing },
          (): LiveSocket => ({
            phase: 'challenged',
            principal: undefined,
            queued: [],
            bucket: new TokenBucket(config.limits.widgetRate, performance.now()),
            strikes: 0,
            subscriptions: new Map(),
            outbox: [],
          }),
        ),
      open: (ws) => {
        this.counters.connections++;
        connections.opened();
        this.sockets.add(ws);
        this.authDeadlines.add(ws);
      },
      message: (ws, message) => {
        // A bug in one frame's handling must not end the process (an exception out of a uWS handler would).
        try {
          this.onMessage(ws, new Uint8Array(message.slice(0)));
        } catch (error) {
          console.error(`live frame handling failed: ${(error as Error).stack ?? String(error)}`);
          this.sendFrame(ws, {
            t: 'error',
            code: ErrorCode.Internal,
            message: 'the server could not handle this frame',
          });
        }
      },
      drain: (ws) => this.drainOutbox(ws),
      close: (ws) => this.onClose(ws),
    });
  }

  closeAll(): void {
    this.closing = true;
    this.authDeadlines.stop();
    clearInterval(this.expirySweep);
    for (const ws of [...this.sockets]) this.closeSocket(ws, CloseCode.GoingAway, 'server restarting');
  }

  get openSockets(): number {
    return this.sockets.size;
  }

  private onMessage(ws: Socket, bytes: Uint8Array): void {
    const data = ws.getUserData();
    if (data.phase === 'closed') return;
    this.counters.framesIn++;
    if (data.phase === 'authenticating') {
      // A copy (bytes was sliced): processed after the token is verified, in order.
      if (data.queued.length >= MAX_QUEUED_BEFORE_AUTH) {
        this.closeSocket(ws, CloseCode.ProtocolViolation, 'too many frames before auth_ok');
      } else {
        data.queued.push(bytes);
      }
      return;
    }
    if (!data.bucket.take(performance.now())) {
      this.sendFrame(ws, { t: 'error', code: ErrorCode.RateLimited, message: 'too many frames; slow down' });
      if (++data.strikes >= MAX_STRIKES) this.closeSocket(ws, CloseCode.RateLimited, 'rate limit exceeded');
      return;
    }
    const decoded = decodeLiveClientFrame(bytes);
    if (!decoded.ok) {
      this.counters.rejectedFrames++;
      this.sendFrame(ws, { t: 'error', code: decoded.code, message: decoded.message.slice(0, 256) });
      if (decoded.code === ErrorCode.FrameTooLarge) this.closeSocket(ws, CloseCode.MessageTooBig, 'frame too large');
      else if (data.phase === 'challenged') this.closeSocket(ws, CloseCode.AuthRequired, 'authentication required');
      else if (++data.strikes >= MAX_STRIKES)
        this.closeSocket(ws, CloseCode.ProtocolViolation, 'too many invalid frames');
      return;
    }
    const frame = decoded.frame;
    if (data.phase === 'challenged' && frame.t !== 'auth') {
      this.counters.rejectedFrames++;
      this.sendFrame(ws, { t: 'error', code: ErrorCode.AuthRequired, message: 'the first frame must be auth' });
      this.closeSocket(ws, CloseCode.AuthRequired, 'authentication required');
      return;
    }
    this.dispatch(ws, frame);
  }

  private dispatch(ws: Socket, frame: LiveClientFrame): void {
    switch (frame.t) {
      case 'auth':
        this.authenticate(ws, frame.token);
        return;
      case 'subscribe':
        this.subscribe(ws, frame);
        return;
      case 'unsubscribe':
        this.unsubscribe(ws, frame.id);
        return;
      case 'command':
        this.command(ws, frame);
        return;
      case 'ping':
        this.sendFrame(ws, { t: 'pong', serverTime: this.deps.now() });
        return;
    }
  }

  private authenticate(ws: Socket, token: string): void {
    const data = ws.getUserData();
    const firstAuth = data.phase === 'challenged';
    data.phase = 'authenticating';
    void this.deps.tokens
      .verify(token)
      .then((verdict) => {
        if (data.phase === 'closed') return;
        if (!verdict.ok) {
          this.counters.authFailures++;
          this.sendFrame(ws, { t: 'error', code: verdict.code, message: verdict.message.slice(0, 256) });
          this.closeSocket(
            ws,
            verdict.code === ErrorCode.TokenExpired ? CloseCode.PolicyViolation : CloseCode.AuthFailed,
            'authentication failed',
          );
          return;
        }
        const principal = verdict.principal;
        // A refreshed token must speak for the same user (role and teams may change: subscriptions are re-checked).
        if (!firstAuth && data.principal && data.principal.userId !== principal.userId) {
          this.closeSocket(ws, CloseCode.AuthFailed, 'token of another user');
          return;
        }
        this.authDeadlines.remove(ws);
        data.principal = principal;
        data.phase = 'ready';
        this.sendFrame(ws, {
          t: 'auth_ok',
          v: PROTOCOL_VERSION,
          user: principal.userId,
          role: principal.role,
          teams: principal.teamIds.slice(0, 64),
          serverTime: this.deps.now(),
          expiresAt: principal.exp,
        });
        if (!firstAuth) this.recheckSubscriptions(ws);
        const queued = data.queued.splice(0);
        for (const bytes of queued) this.onMessage(ws, bytes);
      })
      .catch((error: unknown) => {
        console.error(`live authentication failed: ${(error as Error).stack ?? String(error)}`);
        this.closeSocket(ws, CloseCode.AuthFailed, 'authentication failed');
      });
  }

  private subscribe(ws: Socket, frame: SubscribeFrame): void {
    const data = ws.getUserData();
    const principal = data.principal!;
    const filters = frame.filters ?? {};
    const decision = authorizeSubscription(principal, frame.topic, filters.teamIds);
    if (!decision.ok) {
      this.sendFrame(ws, { t: 'error', code: decision.code, message: decision.message, id: frame.id });
      return;
    }
    this.unsubscribe(ws, frame.id);
    // Stock belongs to the technical service, not to a care team: one municipality-wide topic.
    const teams =
      frame.topic === 'stock'
        ? [STOCK_TEAM]
        : decision.teams === 'all'
          ? [...this.deps.data.teamIds()]
          : decision.teams;
    const variant: TopicVariant = decision.redactMedication ? 'tech' : 'full';
    const topics = teams.map((team) => fanoutTopic(frame.topic, team, variant));
    for (const topic of topics) ws.subscribe(topic);
    data.subscriptions.set(frame.id, { request: frame, topic: frame.topic, topics });
    this.auditSubscription(principal, frame.topic, teams);
    this.sendSnapshot(ws, frame.id, frame.topic, new Set(teams), filters);
  }

  private unsubscribe(ws: Socket, id: string): void {
    const data = ws.getUserData();
    const existing = data.subscriptions.get(id);
    if (!existing) return;
    data.subscriptions.delete(id);
    const stillWanted = new Set([...data.subscriptions.values()].flatMap((sub) => sub.topics));
    for (const topic of existing.topics) if (!stillWanted.has(topic)) ws.unsubscribe(topic);
  }

  /**
   * After a token refresh the role or teams may have changed: every subscription is authorized again from the
   * client's original request and rebuilt (new topics and variant, fresh snapshot), or dropped with `forbidden`.
   */
  private recheckSubscriptions(ws: Socket): void {
    const data = ws.getUserData();
    for (const sub of [...data.subscriptions.values()]) this.subscribe(ws, sub.request);
  }

  private sendSnapshot(
    ws: Socket,
    id: string,
    topic: LiveTopic,
    teams: ReadonlySet<TeamId>,
    filters: SubscribeFilters,
  ): void {
    const principal = ws.getUserData().principal!;
    const items: LiveItem[] = [];
    for (const item of this.deps.data.items(topic)) {
      if (topic !== 'stock' && (!teams.has(item.teamId) || !canSeeItem(principal, topic, item))) continue;
      if (!matchesFilters(item, filters)) continue;
      items.push(redactForRole(item, principal.role));
    }
    const data = ws.getUserData();
    const frames = encodePages(
      items,
      (page, index, more) =>
        encodeLiveServerFrame({
          t: 'snapshot',
          sub: id,
          topic,
          items: page,
          page: index,
          more,
        } as unknown as SnapshotFrame),
      () => console.error(`a ${topic} item is too large for one live frame and was left out of a snapshot`),
    );
    for (const frame of frames) data.outbox.push(frame);
    this.drainOutbox(ws);
  }

  /**
   * Subscribing to a team's alarms or devices is a view of those citizens' health data, now and as it changes (the
   * deltas that follow): one audit entry per citizen of the subscribed teams.
   */
  private auditSubscription(principal: Principal, topic: LiveTopic, teams: readonly TeamId[]): void {
    if (topic === 'stock' || topic === 'kpis') return;
    const wanted = new Set(teams);
    const at = this.deps.now();
    for (const citizen of this.deps.data.citizens()) {
      if (!wanted.has(citizen.teamId)) continue;
      this.deps.audit
        .record({
          at,
          userId: principal.userId,
          role: principal.role,
          citizenId: citizen.id,
          action: 'read',
          resource: `live.${topic}`,
        })
        .catch((error: unknown) => console.error(`audit write failed: ${(error as Error).message}`));
    }
  }

  /** Sends queued snapshot pages while the socket has room; the rest follows from the `drain` handler. */
  private drainOutbox(ws: Socket): void {
    const data = ws.getUserData();
    const budget = this.deps.config.limits.maxBackpressureBytes / 2;
    while (data.outbox.length > 0 && data.phase !== 'closed' && ws.getBufferedAmount() < budget) {
      ws.send(data.outbox.shift()!, true);
    }
  }

  private command(ws: Socket, frame: LiveCommandFrame): void {
    const principal = ws.getUserData().principal!;
    const alarm = this.deps.data.alarm(frame.command.alarmId);
    // An alarm of another team is reported as not found: no oracle for ids outside one's scope.
    if (!alarm || !canSeeItem(principal, 'alarms', alarm)) {
      this.sendFrame(ws, { t: 'result', id: frame.id, ok: false, code: ErrorCode.NotFound, message: 'no such alarm' });
      return;
    }
    const decision = authorizeAlarmCommand(principal, frame.command.action, alarm);
    if (!decision.ok) {
      this.sendFrame(ws, { t: 'result', id: frame.id, ok: false, code: decision.code, message: decision.message });
      return;
    }
    this.counters.commands++;
    if (this.deps.pipeline.failed) {
      this.sendFrame(ws, {
        t: 'result',
        id: frame.id,
        ok: false,
        code: ErrorCode.Internal,
        message: 'server cannot store changes now',
      });
      return;
    }
    this.deps.pipeline.submit(
      {
        type: 'command',
        actor: { userId: principal.userId, role: principal.role, teamIds: principal.teamIds.slice(0, 1000) },
        requestId: frame.id,
        command: frame.command,
      },
      (result) => this.sendResult(ws, frame.id, result),
    );
  }

  private sendResult(ws: Socket, id: string, result: EngineResult): void {
    for (const output of result.outputs) {
      if (output.type !== 'command_result') continue;
      const frame: LiveServerFrame = { t: 'result', id, ok: output.ok };
      if (output.code !== undefined) frame.code = output.code;
      if (output.message !== undefined) frame.message = output.message.slice(0, 256);
      this.sendFrame(ws, frame);
      return;
    }
    this.sendFrame(ws, { t: 'result', id, ok: true });
  }

  private closeExpired(): void {
    const now = Date.now();
    for (const ws of this.sockets) {
      const data = ws.getUserData();
      if (data.phase === 'ready' && data.principal && data.principal.exp <= now) {
        this.sendFrame(ws, { t: 'error', code: ErrorCode.TokenExpired, message: 'token expired; authenticate again' });
        this.closeSocket(ws, CloseCode.PolicyViolation, 'token expired');
      }
    }
  }

  private onClose(ws: Socket): void {
    const data = ws.getUserData();
    // The socket is gone: only our own bookkeeping may be touched here.
    if (data.outbox.length > 0) this.counters.slowConsumersClosed++;
    data.phase = 'closed';
    data.outbox.length = 0;
    data.queued.length = 0;
    this.counters.connections--;
    this.sockets.delete(ws);
    this.authDeadlines.remove(ws);
    this.deps.connections.closed();
  }

  private sendFrame(ws: Socket, frame: LiveServerFrame): void {
    if (ws.getUserData().phase === 'closed') return;
    ws.send(encodeLiveServerFrame(frame), true);
  }

  private closeSocket(ws: Socket, code: number, reason: string): void {
    const data = ws.getUserData();
    if (data.phase === 'closed') return;
    ws.end(code, reason);
  }

  /** The uWS app, for publishing deltas (Publisher target). */
  get publishTarget(): PublishTarget {
    return {
      publish: (topic, message) => {
        this.app?.publish(topic, message, true);
      },
      hasSubscribers: (topic) => (this.app?.numSubscribers(topic) ?? 0) > 0,
    };
  }
}

/** Narrowing filters beyond the team scope (applied to snapshots; deltas carry the team's changes). */
function matchesFilters(item: Record<string, unknown>, filters: SubscribeFilters): boolean {
  if (filters.citizenId !== undefined && item.citizenId !== filters.citizenId) return false;
  if (filters.deviceId !== undefined && item.deviceId !== filters.deviceId) return false;
  if (filters.types !== undefined && !filters.types.includes(item.type as never)) return false;
  if (filters.priorities !== undefined && !filters.priorities.includes(item.priority as never)) return false;
  if (filters.states !== undefined && !filters.states.includes(item.state as never)) return false;
  return true;
}
