import { mkdirSync } from 'node:fs';
import { toStockUnitView } from '@medtek/core';
import { FileAuditLog } from './audit/index.js';
import { serveStatic } from './http/index.js';
import { createMedtekMetrics, PROMETHEUS_CONTENT_TYPE } from './metrics/index.js';
import { Registry } from './registry/index.js';
import { readJournalEntries, registerIntegrationRoutes } from './integrations/index.js';
import { createRestApi } from './rest/rest-api.js';
import type { ProjectionRecord } from './pipeline/projection-record.js';
import { Engine, type EngineInput, type EngineOutput, type EpochMs, type LiveTopic, type TeamId } from '@medtek/core';
import { deriveDeviceSecret } from './auth/device-auth.js';
import { loadDeviceKeyRing } from './auth/server-key.js';
import { createDevTokenIssuer, loadOrCreateDevTokenKey, type DevTokenIssuer } from './auth/dev-token-key.js';
import { createTokenVerifier } from './auth/token.js';
import { createClock, DeadlineScheduler, type Clock } from './clock/index.js';
import { readOpenFileLimit, serverConfigSchema, type ServerConfig } from './config/index.js';
import { DeviceGateway } from './gateway/device-gateway.js';
import { LiveGateway, type LiveData } from './gateway/live-gateway.js';
import { ConnectionGate } from './http/upgrade.js';
import { Journal, type JournalFileLayer } from './journal/index.js';
import { Publisher } from './live/publisher.js';
import { decodeJournalRecord } from './pipeline/journal-record.js';
import { Pipeline } from './pipeline/pipeline.js';
import { assertNativeUws, uWS } from './transport/uws.js';

export interface StartServerOptions {
  /** Raw configuration (the same shape as the JSON config file); defaults fill the rest. */
  config?: Record<string, unknown>;
  /** An already resolved configuration (loadConfig: file + MEDTEK_* environment); wins over `config`. */
  resolvedConfig?: ServerConfig;
  /** Journal file layer (tests inject power loss and I/O failures). */
  journalFileLayer?: JournalFileLayer;
  /** Called when the journal fails: the server has stopped acknowledging. Default: log and exit(70). */
  onFatal?: (error: Error) => void;
}

export interface RunningServer {
  readonly port: number;
  readonly url: string;
  readonly config: ServerConfig;
  readonly engine: Engine;
  readonly clock: Clock;
  readonly journal: Journal;
  readonly devices: DeviceGateway;
  readonly live: LiveGateway;
  readonly pipeline: Pipeline;
  /** Development tokens (local signing key); absent when a JWKS URL is configured. */
  readonly devTokens: DevTokenIssuer | undefined;
  readonly registry: Registry;
  readonly audit: FileAuditLog;
  readonly startup: { replayedRecords: number; replayMs: number };
  /** The secret a device answers challenges with (derived from the server key; handed out once at provisioning). */
  deviceSecret(deviceId: string): Uint8Array;
  /** Graceful shutdown: stop accepting, tell clients to reconnect, flush the journal, close. */
  close(): Promise<void>;
}

/** A snapshot is taken at most this often, and only after this many new journal records. */
const SNAPSHOT_INTERVAL_MS = 60_000;
const SNAPSHOT_MIN_RECORDS = 10_000;

/** Parses configuration the way the CLI does: schema defaults, connection cap from the open-file limit. */
export function resolveConfig(raw: Record<string, unknown> = {}): ServerConfig {
  return serverConfigSchema(readOpenFileLimit()).parse(raw);
}

/**
 * Starts Medtek on the embedded default: journal replay into a fresh engine, then the device and live gateways and
 * the HTTP endpoints on one uWebSockets.js app. Resolves once it listens.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  assertNativeUws();
  const config = options.resolvedConfig ?? resolveConfig(options.config);
  mkdirSync(config.dataDir, { recursive: true });

  const clock = createClock(config.clock);
  const keys = loadDeviceKeyRing({
    ...(config.deviceAuth.serverKey !== undefined ? { serverKey: config.deviceAuth.serverKey } : {}),
    serverKeyFile: config.paths.serverKeyFile,
    ...(config.deviceAuth.previousServerKey !== undefined
      ? { previousServerKey: config.deviceAuth.previousServerKey }
      : {}),
    ...(config.deviceAuth.previousServerKeyFile !== undefined
      ? { previousServerKeyFile: config.deviceAuth.previousServerKeyFile }
      : {}),
  });
  const devKey =
    config.token.jwksUrl === undefined ? await loadOrCreateDevTokenKey(config.paths.devTokenKeyFile) : undefined;
  const devTokens = devKey ? createDevTokenIssuer(devKey, config.token.issuer, config.token.audience) : undefined;
  const tokens = createTokenVerifier(config.token, devKey);

  let fatal: (error: Error) => void = () => undefined;
  const journal = await Journal.open({
    directory: config.paths.journalDir,
    segmentBytes: config.journal.segmentBytes,
    batchDelayMs: config.journal.groupCommitWindowMs,
    ...(options.journalFileLayer ? { fileLayer: options.journalFileLayer } : {}),
    onFatal: (error) => fatal(error),
  });

  const registry = await Registry.open(config.paths.registryFile);
  const audit = new FileAuditLog(config.paths.auditDir, { retentionDays: config.audit.retentionDays });

  // Start-up: load the snapshot, replay the journal tail (outputs are discarded: they were delivered before the
  // stop). Projection records (screenings, stock) are re-applied to the registry: upserts are idempotent.
  const replayStarted = performance.now();
  const snapshot = registry.getSnapshot();
  const usable = snapshot !== undefined && snapshot.journalPosition + 1 >= journal.firstPosition;
  const engineConfig = { heartbeatIntervalMs: config.heartbeatIntervalMs };
  const engine = usable ? new Engine(engineConfig, snapshot.engine) : new Engine(engineConfig);
  const projections = new Map<string, ProjectionRecord>();
  const replay = await journal.replay(
    (payload) => {
      const record = decodeJournalRecord(payload);
      if (record.input !== undefined) engine.replay(record.input, record.now);
      else projections.set(projectionKey(record.projection), record.projection);
    },
    usable ? snapshot.journalPosition + 1 : journal.firstPosition,
  );
  for (const record of projections.values()) await applyProjection(registry, record);
  const replayMs = performance.now() - replayStarted;

  const now = (): EpochMs => clock.now();
  const connections = new ConnectionGate(config.limits.maxConnections);
  const acknowledgedSeen = new Set<string>();
  // Effects of durable inputs go to the gateways created below (the sink only runs after the journal's first sync).
  const sink = (outputs: readonly EngineOutput[], input: EngineInput): void => {
    for (const output of outputs) {
      switch (output.type) {
        case 'alarm_changed': {
          const alarm = output.alarm;
          publisher.alarm(alarm);
          // Each alarm's time to acknowledge is observed once, when it is first seen acknowledged.
          if (alarm.timeToAcknowledgeMs !== undefined && !acknowledgedSeen.has(alarm.id)) {
            acknowledgedSeen.add(alarm.id);
            metrics.timeToAcknowledgeSeconds.observe(alarm.timeToAcknowledgeMs / 1000, { priority: alarm.priority });
          }
          if (alarm.state === 'closed') acknowledgedSeen.delete(alarm.id);
          break;
        }
        case 'device_changed':
          publisher.device(output.device);
          break;
        case 'incident_changed':
          publisher.incident(output.incident);
          break;
        case 'to_device':
          try {
            deviceGateway.sendToDevice(output.deviceId, output.frame);
          } catch (error) {
            console.error(`cannot send ${output.frame.t} to device ${output.deviceId}: ${(error as Error).message}`);
          }
          break;
        case 'audit': {
          // Changes made by people (acknowledge, comment, resolve…) belong in the citizen's access log too.
          const { entry } = output;
          if (entry.citizenId !== undefined && entry.actor !== 'system' && !entry.actor.startsWith('device:')) {
            const role = input.type === 'command' ? input.actor.role : 'administrator';
            audit
              .record({
                at: entry.at,
                userId: entry.actor,
                role,
                citizenId: entry.citizenId,
                action: 'update',
                resource: entry.alarmId !== undefined ? 'alarm' : 'registry',
                purpose: entry.action,
              })
              .catch((error: unknown) => console.error(`audit write failed: ${(error as Error).message}`));
          }
          break;
        }
        case 'event_result':
          deviceGateway.eventDurable(output);
          break;
        case 'command_result':
          // Goes back to the widget that sent the command, through its submit callback.
          break;
      }
    }
  };
  const pipeline = new Pipeline(engine, journal, now, sink);
  const scheduler = new DeadlineScheduler(clock, () => {
    pipeline.submit({ type: 'tick' });
  });
  pipeline.onApplied(() => scheduler.schedule(engine.nextDeadline()));

  const deviceGateway = new DeviceGateway({
    pipeline,
    keys,
    limits: config.limits,
    connections,
    now,
    isKnownDevice: (deviceId) => engine.device(deviceId) !== undefined,
    lastSeq: (deviceId) => engine.lastSeq(deviceId) ?? 0,
  });
  const liveData: LiveData = {
    // Stock lives in the registry, not the engine; the gateway does not team-scope it (no teamId on a unit).
    items: (topic: LiveTopic) =>
      topic === 'stock'
        ? (registry.listStockUnits().map(toStockUnitView) as unknown as ReturnType<LiveData['items']>)
        : liveItems(engine, topic),
    alarm: (alarmId) => engine.alarm(alarmId),
    teamIds: () => teamIdsOf(engine),
    citizens: () => engine.citizens(),
  };
  const liveGateway = new LiveGateway({ pipeline, audit, tokens, data: liveData, config, connections, now });
  const publisher = new Publisher(liveGateway.publishTarget);
  pipeline.onDrained(() => {
    deviceGateway.flushAcks();
    publisher.flush();
  });

  const app = config.tls
    ? uWS.SSLApp({
        cert_file_name: config.tls.certFile,
        key_file_name: config.tls.keyFile,
        ...(config.tls.passphrase !== undefined ? { passphrase: config.tls.passphrase } : {}),
      })
    : uWS.App();
  deviceGateway.attach(app);
  liveGateway.attach(app);
  const metrics = createMedtekMetrics();
  const rest = createRestApi({
    engine,
    pipeline,
    registry,
    audit,
    tokens,
    keys,
    clock,
    maxBodyBytes: config.limits.maxHttpBodyBytes,
    onStockChanged: (unit) => {
      publisher.stock(toStockUnitView(unit));
      publisher.flush();
    },
    onResponse: (status) => metrics.httpRequests.inc({ status: `${Math.floor(status / 100)}xx` }),
  });
  registerIntegrationRoutes(rest, {
    engine,
    submit: (input) => pipeline.submit(input),
    readJournal: () => readJournalEntries(journal),
    engineConfig,
    now,
    screeningsOf: (citizenId) => registry.listScreenings(citizenId),
    savedSnapshot: () => {
      const saved = registry.getSnapshot();
      return saved ? { snapshot: saved.engine, at: saved.takenAt } : undefined;
    },
    onHealthDataRead: (principal, subject, what) => {
      const citizenIds =
        subject.citizenId !== undefined
          ? [subject.citizenId]
          : engine
              .citizens()
              .filter((citizen) => subject.teamId === undefined || citizen.teamId === subject.teamId)
              .map((citizen) => citizen.id);
      const at = Date.now();
      for (const citizenId of citizenIds) {
        audit
          .record({
            at,
            userId: principal.userId,
            role: principal.role,
            citizenId,
            action: 'read',
            resource: `integrations.${what}`.slice(0, 64).replace(/[^a-z0-9_.-]/g, '_'),
          })
          .catch((error: unknown) => console.error(`audit write failed: ${(error as Error).message}`));
      }
    },
  });
  rest.attach(app);

  const syncCounter = counterSync();
  metrics.registry.onCollect(() => {
    metrics.connections.set(deviceGateway.counters.connections, { channel: 'device' });
    metrics.connections.set(liveGateway.counters.connections, { channel: 'live' });
    syncCounter(metrics.acks, deviceGateway.counters.acksSent);
    syncCounter(metrics.frames, deviceGateway.counters.framesIn, { channel: 'device', direction: 'in' });
    syncCounter(metrics.frames, liveGateway.counters.framesIn, { channel: 'live', direction: 'in' });
    syncCounter(metrics.authFailures, deviceGateway.counters.authFailures, { channel: 'device', code: 'auth_failed' });
    syncCounter(metrics.authFailures, liveGateway.counters.authFailures, { channel: 'live', code: 'auth_failed' });
    const open = { high: 0, medium: 0, low: 0 };
    for (const alarm of engine.alarms({ openOnly: true })) open[alarm.priority]++;
    for (const [priority, count] of Object.entries(open)) metrics.openAlarms.set(count, { priority });
  });
  journal.addBatchListener((batch) => {
    metrics.fsyncSeconds.observe(batch.syncMs / 1000);
    metrics.batchRecords.observe(batch.records);
  });
  app.get('/metrics', (res) => {
    const body = metrics.registry.render();
    res.cork(() => res.writeHeader('content-type', PROMETHEUS_CONTENT_TYPE).end(body));
  });
  if (config.staticDir !== undefined) serveStatic(app, '/', config.staticDir);

  let ready = true;
  app.get('/healthz', (res) => {
    res.cork(() => {
      res.writeHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: 'ok' }));
    });
  });
  app.get('/readyz', (res) => {
    const ok = ready && journal.failed === undefined;
    res.cork(() => {
      res.writeStatus(ok ? '200 OK' : '503 Service Unavailable');
      res.writeHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: ok ? 'ready' : 'not ready' }));
    });
  });

  const listenSocket = await new Promise<uWS.us_listen_socket>((resolve, reject) => {
    app.listen(config.host, config.port, (token) => {
      if (token) resolve(token);
      else reject(new Error(`cannot listen on ${config.host}:${config.port}`));
    });
  });
  const port = uWS.us_socket_local_port(listenSocket);
  scheduler.schedule(engine.nextDeadline());

  /** Snapshot the engine at the durable journal position (only when nothing applied is still unsynced). */
  const saveSnapshot = async (): Promise<void> => {
    const position = journal.durablePosition;
    if (journal.nextRecordPosition - 1 !== position) return;
    await registry.saveSnapshot({ journalPosition: position, takenAt: clock.now(), engine: engine.snapshot() });
  };

  // Periodic snapshots bound the journal tail a restart after a crash has to replay (graceful stops save one too).
  let recordsAtLastSnapshot = journal.durablePosition;
  const snapshotTimer = setInterval(() => {
    if (journal.durablePosition - recordsAtLastSnapshot < SNAPSHOT_MIN_RECORDS) return;
    pipeline.whenCaughtUp(() => {
      recordsAtLastSnapshot = journal.durablePosition;
      saveSnapshot().catch((error: unknown) => console.error(`snapshot failed: ${(error as Error).message}`));
    });
  }, SNAPSHOT_INTERVAL_MS);
  snapshotTimer.unref();

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      ready = false;
      clearInterval(snapshotTimer);
      uWS.us_listen_socket_close(listenSocket);
      scheduler.stop();
      deviceGateway.closeAll();
      liveGateway.closeAll();
      if (journal.failed === undefined) {
        await journal.flush();
        await saveSnapshot();
      }
      pipeline.close();
      await journal.close();
      await audit.close();
    })();
    return closed;
  };
  fatal =
    options.onFatal ??
    ((error: Error) => {
      console.error(`FATAL: journal failed, no further acknowledgements: ${error.message}`);
      process.exit(70);
    });

  return {
    port,
    url: `${config.tls ? 'https' : 'http'}://${config.host}:${port}`,
    config,
    engine,
    clock,
    journal,
    devices: deviceGateway,
    live: liveGateway,
    pipeline,
    devTokens,
    registry,
    audit,
    startup: { replayedRecords: replay.records, replayMs },
    deviceSecret: (deviceId) => deriveDeviceSecret(keys.current, deviceId),
    close,
  };
}

function liveItems(engine: Engine, topic: LiveTopic): Iterable<{ teamId: TeamId } & Record<string, unknown>> {
  switch (topic) {
    case 'alarms':
      return engine.alarms({ openOnly: true });
    case 'devices':
      return engine.devices();
    case 'incidents':
      return engine.incidents();
    case 'stock':
    case 'kpis':
      return [];
  }
}

function teamIdsOf(engine: Engine): TeamId[] {
  const teams = new Set<TeamId>();
  for (const citizen of engine.citizens()) teams.add(citizen.teamId);
  for (const device of engine.devices()) teams.add(device.teamId);
  return [...teams];
}

function projectionKey(record: ProjectionRecord): string {
  switch (record.kind) {
    case 'screening_upsert':
      return `screening:${record.screening.screeningId}`;
    case 'follow_up_upsert':
      return `follow-up:${record.followUp.followUpId}`;
    case 'training_upsert':
      return `training:${record.training.trainingId}`;
    case 'stock_unit_upsert':
      return `stock:${record.unit.unitId}`;
  }
}

async function applyProjection(registry: Registry, record: ProjectionRecord): Promise<void> {
  switch (record.kind) {
    case 'screening_upsert':
      await registry.upsertScreening(record.screening);
      return;
    case 'follow_up_upsert':
      await registry.upsertFollowUp(record.followUp);
      return;
    case 'training_upsert':
      await registry.upsertTraining(record.training);
      return;
    case 'stock_unit_upsert':
      await registry.upsertStockUnit(record.unit);
      return;
  }
}

/** Prometheus counters only go up: feed them the growth of a gateway's plain counter since the last scrape. */
function counterSync(): (
  counter: { inc(labels?: Record<string, string>, amount?: number): void },
  value: number,
  labels?: Record<string, string>,
) => void {
  const last = new Map<unknown, Map<string, number>>();
  return (counter, value, labels = {}) => {
    const key = JSON.stringify(labels);
    const seen = last.get(counter) ?? new Map<string, number>();
    last.set(counter, seen);
    const delta = value - (seen.get(key) ?? 0);
    if (delta > 0) counter.inc(labels, delta);
    seen.set(key, value);
  };
}
