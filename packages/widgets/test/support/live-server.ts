/**
 * A real Medtek server for the widget tests, in its own process (started by the wtr plugin in
 * `live-server-plugin.mjs` with `node --import tsx`, killed when wtr stops).
 *
 *   node --import tsx test/support/live-server.ts <allowed browser origin>
 *
 * It starts `startServer` on an ephemeral port with a temp data dir and a manual clock (time moves only when a test
 * says, so no dose deadline or heartbeat timeout fires by itself), then serves a small control API on another
 * ephemeral port and prints one JSON line `{"control":"http://127.0.0.1:<port>"}`. POST a JSON command to it:
 *
 * - `{ name: 'fixture' }`: a fresh team (ids unique per call, so tests never see each other's data) with a citizen
 *   and device of each type, plus dev tokens for a superuser, a staff member and a technician of that team.
 * - `{ name: 'raise', deviceId, event }`: the device sends the event as a real signed, sequenced frame; answers once
 *   the server acknowledged it, with the device's open alarms.
 * - `{ name: 'status', deviceId, status }`: the device sends a heartbeat (`status` frame); answers when applied.
 * - `{ name: 'alarm', alarmId }`: the server's own view of an alarm (to check a widget's command reached it).
 * - `{ name: 'restart' }`: closes the server (clients get its "going away" close) and starts it again on the same
 *   data dir (journal replay). Widgets keep the same URL: they connect through a TCP relay on a fixed port, because
 *   the server's own port stays in TIME_WAIT after it closed connections, and binding it again within a minute fails
 *   ("cannot listen"). The relay accepts nothing while the server is down, as a stopped server would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  stepForDeviceType,
  type DeviceType,
  type EventFrame,
  type RegistryChange,
  type StatusFrame,
} from '@medtek/core';
import { startServer, type RunningServer } from '@medtek/server';
import { DeviceClient } from './device-client.js';

const origin = process.argv[2] ?? 'http://localhost:8000';
const dataDir = mkdtempSync(join(tmpdir(), 'medtek-widgets-'));
/** The manual clock's start: the real time at launch, so the widgets' "raised … ago" reads naturally. */
const startAt = Date.now();
const baseConfig = {
  host: '127.0.0.1',
  port: 0,
  dataDir,
  clock: { mode: 'manual', startAt },
  allowManualClock: true,
  allowedOrigins: [origin],
};

let server: RunningServer = await startServer({ config: baseConfig });
/** Where the relay forwards to; undefined while the server is restarting. */
let backendPort: number | undefined = server.port;

const relay = createTcpServer((client: Socket) => {
  if (backendPort === undefined) {
    client.destroy();
    return;
  }
  const upstream = connect(backendPort, '127.0.0.1');
  const end = (): void => {
    client.destroy();
    upstream.destroy();
  };
  client.pipe(upstream).on('error', end);
  upstream.pipe(client).on('error', end);
  for (const socket of [client, upstream]) {
    socket.on('error', end);
    socket.on('close', end);
  }
});
await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
const relayAddress = relay.address();
const relayPort = typeof relayAddress === 'object' && relayAddress !== null ? relayAddress.port : 0;
const devices = new Map<string, DeviceClient>();
const seqs = new Map<string, number>();
let fixtureCount = 0;

const DEVICE_TYPES: DeviceType[] = ['flexsmart', 'medido', 'smila', 'medimi'];
const CITIZEN_NAMES = ['Karen Østergaard', 'Søren Ærø', 'Birthe Lund', 'Niels Holm'];

async function caughtUp(): Promise<void> {
  await new Promise<void>((resolve) => server.pipeline.whenCaughtUp(resolve));
}

async function fixture(): Promise<unknown> {
  fixtureCount += 1;
  const teamId = `wt${fixtureCount}`;
  const changes: RegistryChange[] = [{ kind: 'team_upsert', team: { id: teamId, name: `Hjemmepleje ${teamId}` } }];
  const deviceIds: string[] = [];
  DEVICE_TYPES.forEach((type, index) => {
    const citizenId = `${teamId}-c${index + 1}`;
    const deviceId = `${teamId}-${type}`;
    deviceIds.push(deviceId);
    changes.push(
      {
        kind: 'citizen_upsert',
        citizen: {
          id: citizenId,
          teamId,
          name: CITIZEN_NAMES[index]!,
          address: 'Testvej 1',
          staircaseStep: stepForDeviceType(type),
        },
      },
      { kind: 'device_upsert', device: { deviceId, type, teamId, citizenId } },
    );
  });
  for (const change of changes) server.pipeline.submit({ type: 'registry', change, actor: 'admin' });
  await caughtUp();
  const issuer = server.devTokens;
  if (issuer === undefined) throw new Error('the test server has no dev token issuer');
  const token = (role: 'superuser' | 'staff' | 'technician') =>
    issuer.issueDevToken({ sub: `${role}-${teamId}`, role, teams: [teamId] }, 3600);
  return {
    liveUrl: `ws://127.0.0.1:${relayPort}/live`,
    teamId,
    deviceIds,
    tokens: { superuser: await token('superuser'), staff: await token('staff'), technician: await token('technician') },
  };
}

/** The device's connection, opened (again) on demand: after a restart the old socket is gone. */
async function device(deviceId: string): Promise<DeviceClient> {
  const existing = devices.get(deviceId);
  if (existing?.open === true) return existing;
  const client = await DeviceClient.connect(server.url, deviceId, server.deviceSecret(deviceId), server.clock.now());
  devices.set(deviceId, client);
  await caughtUp();
  return client;
}

async function raise(deviceId: string, event: EventFrame['e']): Promise<unknown> {
  const client = await device(deviceId);
  const seq = (seqs.get(deviceId) ?? server.engine.lastSeq(deviceId) ?? 0) + 1;
  seqs.set(deviceId, seq);
  await client.event(seq, server.clock.now(), event);
  return { alarms: server.engine.alarms({ openOnly: true, deviceId }) };
}

async function status(deviceId: string, patch: Partial<StatusFrame>): Promise<unknown> {
  const client = await device(deviceId);
  client.send({ t: 'status', deviceTime: server.clock.now(), battery: 80, power: 'mains', signal: 90, ...patch });
  // Frames on one socket are applied in order: a no-op heartbeat round-trip is not acknowledged, so wait until the
  // engine shows the reported battery (bounded: a few hundred event-loop turns).
  for (let turn = 0; turn < 500; turn += 1) {
    const view = server.engine.device(deviceId);
    if (view?.battery === (patch.battery ?? 80)) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  await caughtUp();
  return { device: server.engine.device(deviceId) };
}

async function restart(): Promise<unknown> {
  backendPort = undefined;
  for (const client of devices.values()) client.close();
  devices.clear();
  await server.close();
  server = await startServer({ config: baseConfig });
  backendPort = server.port;
  return { replayedRecords: server.startup.replayedRecords };
}

async function handle(command: Record<string, unknown>): Promise<unknown> {
  switch (command.name) {
    case 'fixture':
      return fixture();
    case 'raise':
      return raise(String(command.deviceId), command.event as EventFrame['e']);
    case 'status':
      return status(String(command.deviceId), command.status ?? {});
    case 'alarm':
      return { alarm: server.engine.alarm(String(command.alarmId)) ?? null };
    case 'restart':
      return restart();
    default:
      throw new Error(`unknown command ${String(command.name)}`);
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

// One command at a time: a restart must not interleave with a device sending.
let queue: Promise<unknown> = Promise.resolve();
const control = createServer((request: IncomingMessage, response: ServerResponse) => {
  queue = queue.then(async () => {
    try {
      const result = await handle(JSON.parse(await readBody(request)) as Record<string, unknown>);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    } catch (error) {
      response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
    }
  });
});
control.listen(0, '127.0.0.1', () => {
  const address = control.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.stdout.write(
    `${JSON.stringify({ control: `http://127.0.0.1:${port}`, live: `ws://127.0.0.1:${relayPort}/live` })}\n`,
  );
});

async function shutdown(): Promise<void> {
  control.close();
  relay.close();
  for (const client of devices.values()) client.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
