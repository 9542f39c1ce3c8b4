import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { copenhagenToEpoch, epochToCopenhagen, type EpochMs } from '@medtek/core';
import { startServer, type RunningServer } from '../server.js';
import type { Fleet } from '@medtek/device-sim';
import { startDemoFleet } from './demo-fleet.js';
import { buildDemoMunicipality, DEMO_USERS } from './demo-municipality.js';
import { seedDemoMunicipality, type SeedResult } from './demo-seed.js';
import {
  buildIfStale,
  DEV_SESSION_REFRESH_MS,
  prepareDemoSite,
  writeDevSession,
  type DevSession,
} from './demo-site.js';

export interface DemoSystemOptions {
  dataDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fleet size: devices seeded on the first start, and simulated at most on every start. */
  devices?: number;
  /** Clock factor of the accelerated demo clock (60: one simulated minute per second). */
  speed?: number;
  /** Run the simulated fleet (default true). */
  fleet?: boolean;
  /** Tests: a manual clock starting at this instant instead of the accelerated one. */
  manualClockAt?: EpochMs;
  /** Build the widget bundle and the protocol module when missing or stale (default true). */
  build?: boolean;
  log?: (line: string) => void;
}

export interface DemoSystem {
  readonly server: RunningServer;
  readonly fleet: Fleet | undefined;
  /** `http://host:port`: the examples' index page. */
  readonly url: string;
  readonly seed: SeedResult;
  /** The current development session (tokens per role); refreshed every 10 minutes. */
  session(): DevSession;
  /** Stops the fleet, then the server (graceful: flushes the journal and writes the snapshot). */
  stop(): Promise<void>;
}

export const DEFAULT_DEMO_DEVICES = 48;
export const DEFAULT_DEMO_SPEED = 60;
/**
 * Heartbeats every 10 simulated minutes (10 real seconds at speed 60): a modest frame rate, and longer than the
 * fleet's 10-minute steps on a manual clock (otherwise every step would look like an outage).
 */
const DEMO_HEARTBEAT_MS = 10 * 60_000;
/** A first start begins during the morning doses, so the first alarms (missed, double dose) come within a simulated hour. */
const FIRST_START_LOCAL_TIME = '08:15';

/**
 * The whole system on one machine: builds what is stale, starts the server on the embedded default (accelerated
 * clock, its own origin allowed, the examples as static files), seeds the demo municipality through REST on the
 * first start, writes the development session file and starts the simulated fleet.
 */
export async function startDemoSystem(options: DemoSystemOptions): Promise<DemoSystem> {
  const log = options.log ?? console.log;
  const dataDir = resolve(options.dataDir);
  const host = options.host ?? '127.0.0.1';
  const port = options.port === undefined || options.port === 0 ? await freePort(host) : options.port;
  const devices = options.devices ?? DEFAULT_DEMO_DEVICES;
  const speed = options.speed ?? DEFAULT_DEMO_SPEED;
  if (options.build ?? true) buildIfStale(log);
  const siteDir = prepareDemoSite(join(dataDir, 'demo-site'));

  const clockFile = join(dataDir, 'demo-clock.json');
  const clock =
    options.manualClockAt !== undefined
      ? { mode: 'manual', startAt: Math.max(options.manualClockAt, lastDemoTime(dataDir, clockFile) ?? 0) }
      : { mode: 'accelerated', factor: speed, startAt: lastDemoTime(dataDir, clockFile) ?? firstStartInstant() };
  const origins = [`http://${host}:${port}`, ...(host === '127.0.0.1' ? [`http://localhost:${port}`] : [])];
  const server = await startServer({
    config: {
      host,
      port,
      dataDir,
      staticDir: siteDir,
      allowedOrigins: origins,
      clock,
      allowManualClock: clock.mode === 'manual',
      heartbeatIntervalMs: DEMO_HEARTBEAT_MS,
    },
  });
  const url = server.url;
  // Simulated time goes on from where it stopped (journaled inputs need monotonic time).
  const saveClock = (): void => writeFileSync(clockFile, JSON.stringify({ now: server.clock.now() }));
  saveClock();
  const clockTimer = setInterval(saveClock, 1_000);
  clockTimer.unref();

  const issuer = server.devTokens;
  if (!issuer) throw new Error('the demo needs the local development token key (no token.jwksUrl)');
  let session = await writeDevSession(siteDir, issuer, DEMO_USERS);
  const sessionTimer = setInterval(() => {
    void writeDevSession(siteDir, issuer, DEMO_USERS).then((fresh) => (session = fresh));
  }, DEV_SESSION_REFRESH_MS);
  sessionTimer.unref();

  let fleet: Fleet | undefined;
  try {
    const town = buildDemoMunicipality({ devices, validFrom: epochToCopenhagen(server.clock.now()).date });
    const seed = await seedDemoMunicipality(url, session.users.administrator!.token, town);
    log(
      seed.seeded
        ? `Seeded the demo municipality: ${seed.counts.teams} teams, ${seed.counts.citizens} citizens, ` +
            `${seed.counts.devices} devices, ${seed.counts.stockUnits} stock units.`
        : 'Existing data found: nothing seeded (delete the data directory to start over).',
    );
    if (options.fleet ?? true) {
      const administrator = DEMO_USERS.find((user) => user.role === 'administrator')!;
      fleet = await startDemoFleet({
        server,
        maxDevices: devices,
        origin: origins[0]!,
        ...(clock.mode === 'accelerated' ? { speed } : {}),
        token: () => issuer.issueDevToken(administrator, 30 * 60),
      });
    }
    return {
      server,
      fleet,
      url,
      seed,
      session: () => session,
      stop: async () => {
        clearInterval(sessionTimer);
        clearInterval(clockTimer);
        await fleet?.stop();
        saveClock();
        await server.close();
      },
    };
  } catch (error) {
    clearInterval(sessionTimer);
    clearInterval(clockTimer);
    await fleet?.stop();
    await server.close();
    throw error;
  }
}

/** Today at 08:15 in Copenhagen (real date): a first start begins during the morning doses. */
function firstStartInstant(): EpochMs {
  return copenhagenToEpoch(epochToCopenhagen(Date.now()).date, FIRST_START_LOCAL_TIME);
}

/** The simulated time the last run reached: the saved demo clock or the engine snapshot, whichever is later. */
function lastDemoTime(dataDir: string, clockFile: string): EpochMs | undefined {
  const times: number[] = [];
  try {
    if (existsSync(clockFile)) times.push((JSON.parse(readFileSync(clockFile, 'utf8')) as { now: number }).now);
  } catch {
    // An unreadable clock file only loses the saved time; the snapshot below still counts.
  }
  try {
    const registryFile = join(dataDir, 'registry.json');
    if (existsSync(registryFile)) {
      const registry = JSON.parse(readFileSync(registryFile, 'utf8')) as { snapshot?: { takenAt?: number } };
      if (typeof registry.snapshot?.takenAt === 'number') times.push(registry.snapshot.takenAt);
    }
  } catch {
    // The server reports a broken registry itself at start.
  }
  const valid = times.filter((t) => Number.isSafeInteger(t) && t > 0);
  return valid.length > 0 ? Math.max(...valid) + 1_000 : undefined;
}

/** A free TCP port (the allowed origin must name the port before the server listens). */
function freePort(host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const found = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolvePort(found));
    });
  });
}
