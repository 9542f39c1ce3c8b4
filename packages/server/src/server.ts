import { mkdirSync } from 'node:fs';
import { Engine, type EngineOutput, type EpochMs, type LiveTopic, type TeamId } from '@medtek/core';
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
  readonly startup: { replayedRecords: number; replayMs: number };
  /** The secret a device answers challenges with (derived from the server key; handed out once at provisioning). */
  deviceSecret(deviceId: string): Uint8Array;
  /** Graceful shutdown: stop accepting, tell clients to reconnect, flush the journal, close. */
  close(): Promise<void>;
}

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
  const config = resolveConfig(options.config);
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

  // Start-up: replay the journal into a fresh engine (outputs are discarded: they were delivered before the stop).
  const engine = new Engine({ heartbeatIntervalMs: config.heartbeatIntervalMs });
  const replayStarted = performance.now();
  const replay = await journal.replay((payload) => {
    const record = decodeJournalRecord(payload);
    engine.apply(record.input, record.now);
  });
  const replayMs = performance.now() - replayStarted;

  const now = (): EpochMs => clock.now();
  const connections = new ConnectionGate(config.limits.maxConnections);
  // Effects of durable inputs go to the gateways created below (the sink only runs after the journal's first sync).
  const sink = (outputs: readonly EngineOutput[]): void => {
    for (const output of outputs) {
      switch (output.type) {
        case 'alarm_changed':
          publisher.alarm(output.alarm);
          break;
        case 'device_changed':
          publisher.device(output.device);
          break;
        case 'incident_changed':
          publisher.incident(output.incident);
          break;
        case 'to_device':
          deviceGateway.sendToDevice(output.deviceId, output.frame);
          break;
        case 'audit':
        case 'command_result':
        case 'event_result':
          // Audit entries stay in the journal (re-derivable); results go back through the submitter's callback.
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
    items: (topic: LiveTopic) => liveItems(engine, topic),
    alarm: (alarmId) => engine.alarm(alarmId),
    teamIds: () => teamIdsOf(engine),
  };
  const liveGateway = new LiveGateway({ pipeline, tokens, data: liveData, config, connections, now });
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

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      ready = false;
      uWS.us_listen_socket_close(listenSocket);
      scheduler.stop();
      deviceGateway.closeAll();
      liveGateway.closeAll();
      if (journal.failed === undefined) await journal.flush();
      pipeline.close();
      await journal.close();
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
