import { epochToCopenhagen } from '@medtek/core';
import { readFleetSeed, writeFleetSeed, type FleetPlan, type FleetSeed, type SeededDevice } from './fleet-seed.js';
import { planFleet } from './fleet-plan.js';
import type { DeviceMix } from './mix.js';
import type { ProfileMix } from './profiles.js';
import { MedtekRest, type TokenSource } from './rest-client.js';

export interface ProvisionOptions {
  /** The server (`http://host:port`; `ws://` works too). */
  url: string;
  /** An administrator's bearer token (teams, citizens, devices and schedules are written). */
  token: TokenSource;
  devices?: number;
  teams?: number;
  mix?: DeviceMix;
  profiles?: ProfileMix;
  /** Random seed of the fleet plan (default 1). */
  seed?: number;
  prefix?: string;
  /**
   * Fleet seed file. When it exists, its fleet is reused (the size, mix and seed options are ignored) and only what
   * the server lacks is provisioned; otherwise a new fleet is planned. Written (0600) after provisioning either way.
   */
  seedFile?: string;
  /**
   * Heartbeat interval (server-time ms) registered for every device. An accelerated clock needs a longer one than a
   * real clock (a device cannot send 1440 heartbeats a real minute); default: 60 s, or 2 real seconds at the
   * server's measured speed when that is longer.
   */
  heartbeatIntervalMs?: number;
  /** Parallel REST requests (default 16). */
  concurrency?: number;
}

export interface ProvisionedFleet {
  /** The whole fleet with its secrets (what the seed file holds). */
  fleet: FleetSeed;
  /** What this call created on the server (empty when everything already existed). */
  created: { teams: string[]; citizens: string[]; devices: string[] };
  /** Devices the server already had, reused with the secret from the seed file. */
  reused: string[];
  /** True when the fleet came from an existing seed file. */
  fromSeedFile: boolean;
  /** The server's last accepted event seq per device (a restarted device continues after it). */
  lastSeq: Record<string, number>;
  /** The server's clock when provisioning started (epoch ms). */
  serverTime: number;
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(runners);
}

/**
 * Provisions a fleet through the REST API: teams, citizens, schedules and devices (the secrets the server hands out
 * once are kept in memory and in the seed file only). Idempotent: what the server already has (same device id,
 * citizen and team, with a secret in the seed file) is reused, not provisioned again.
 */
export async function provisionFleet(options: ProvisionOptions): Promise<ProvisionedFleet> {
  const rest = new MedtekRest(options.url, options.token);
  const me = await rest.me();
  const existing = options.seedFile ? readFleetSeed(options.seedFile) : undefined;
  const plan: FleetPlan =
    existing ??
    planFleet({
      devices: options.devices ?? 20,
      teams: options.teams ?? 2,
      ...(options.mix ? { mix: options.mix } : {}),
      ...(options.profiles ? { profiles: options.profiles } : {}),
      seed: options.seed ?? 1,
      ...(options.prefix ? { prefix: options.prefix } : {}),
      validFrom: epochToCopenhagen(me.serverTime).date,
    });
  // A reused fleet keeps its heartbeat unless told otherwise (a fresh measurement would differ a little each run).
  const heartbeatIntervalMs =
    options.heartbeatIntervalMs ??
    existing?.devices[0]?.heartbeatIntervalMs ??
    (await measureHeartbeat(rest, me.serverTime));
  const [serverTeams, serverDevices] = await Promise.all([rest.teams(), rest.devices()]);
  const teamIds = new Set(serverTeams.map((team) => team.id));
  const known = new Map(serverDevices.map((device) => [device.deviceId, device]));
  const secrets = new Map((existing?.devices ?? []).map((device) => [device.deviceId, device.secret]));
  const created: ProvisionedFleet['created'] = { teams: [], citizens: [], devices: [] };
  const reused: string[] = [];
  const concurrency = options.concurrency ?? 16;

  await pool(
    plan.teams.filter((team) => !teamIds.has(team.id)),
    concurrency,
    async (team) => {
      await rest.createTeam(team);
      created.teams.push(team.id);
    },
  );

  const citizens = new Map(plan.citizens.map((citizen) => [citizen.id, citizen]));
  const schedules = new Map(plan.schedules.map((schedule) => [schedule.citizenId, schedule]));
  const seeded: SeededDevice[] = [];
  await pool(plan.devices, concurrency, async (planned) => {
    // Only the registry's fields: a plan read from a seed file also carries the secret, which the server refuses.
    const { deviceId, type, teamId, citizenId } = planned;
    const device = { deviceId, type, teamId, citizenId, heartbeatIntervalMs };
    const onServer = known.get(device.deviceId);
    const secret = secrets.get(device.deviceId);
    const previous = existing?.devices.find((d) => d.deviceId === device.deviceId);
    if (
      onServer &&
      secret !== undefined &&
      onServer.citizenId === device.citizenId &&
      onServer.teamId === device.teamId &&
      previous?.heartbeatIntervalMs === heartbeatIntervalMs
    ) {
      reused.push(device.deviceId);
      seeded.push({ ...device, secret });
      return;
    }
    if (!onServer) {
      // A new pairing: the citizen and their schedule first, so the device gets its schedule when it is paired.
      const citizen = citizens.get(device.citizenId);
      const schedule = schedules.get(device.citizenId);
      if (!citizen || !schedule) throw new Error(`fleet plan has no citizen/schedule for ${device.citizenId}`);
      await rest.createCitizen(citizen);
      await rest.putSchedule(schedule);
      created.citizens.push(citizen.id);
    }
    const answer = await rest.provisionDevice(device);
    created.devices.push(device.deviceId);
    seeded.push({ ...device, secret: answer.secret });
  });

  const order = new Map(plan.devices.map((device, index) => [device.deviceId, index]));
  seeded.sort((a, b) => (order.get(a.deviceId) ?? 0) - (order.get(b.deviceId) ?? 0));
  const fleet: FleetSeed = { ...plan, version: 1, server: rest.base, devices: seeded };
  if (options.seedFile) writeFleetSeed(options.seedFile, fleet);
  const lastSeq: Record<string, number> = {};
  for (const device of seeded) lastSeq[device.deviceId] = known.get(device.deviceId)?.lastSeq ?? 0;
  for (const list of Object.values(created)) list.sort();
  reused.sort();
  return { fleet, created, reused, fromSeedFile: existing !== undefined, lastSeq, serverTime: me.serverTime };
}

const BASE_HEARTBEAT_MS = 60_000;
/** Local ms between heartbeats on an accelerated clock: fast enough for the server's 1.5-interval offline rule. */
const ACCELERATED_HEARTBEAT_LOCAL_MS = 2_000;
const SPEED_SAMPLE_MS = 300;

/**
 * 60 s of server time per heartbeat on a real clock; on an accelerated one, one heartbeat per 2 real seconds (speed
 * measured over two /me calls): at one day per minute that is every 48 server-minutes, not 1440 frames a minute.
 */
async function measureHeartbeat(rest: MedtekRest, firstServerTime: number): Promise<number> {
  const startedAt = performance.now();
  await new Promise((resolve) => setTimeout(resolve, SPEED_SAMPLE_MS));
  const second = await rest.me();
  const measured = (second.serverTime - firstServerTime) / (performance.now() - startedAt);
  // Two significant digits: 1437 and 1441 are both "1400 times real time".
  const speed = measured < 2 ? 1 : Number(measured.toPrecision(2));
  return Math.min(86_400_000, Math.max(BASE_HEARTBEAT_MS, Math.round(ACCELERATED_HEARTBEAT_LOCAL_MS * speed)));
}
