import type { Schedule } from '@medtek/core';
import {
  startFleet,
  type CitizenProfileName,
  type Fleet,
  type ProvisionedFleet,
  type SeededDevice,
  type TokenSource,
} from '@medtek/device-sim';
import type { RunningServer } from '../server.js';

export interface DemoFleetOptions {
  server: RunningServer;
  /** An administrator's token (the fleet moves a manual clock and changes schedules through REST). */
  token: TokenSource;
  /** Run at most this many of the registered devices (in id order). */
  maxDevices: number;
  /** The server's clock factor (accelerated) — saves the fleet measuring it. */
  speed?: number;
  /** Origin for the fleet's own live subscriber (must be allowed by the server). */
  origin: string;
  seed?: number;
}

/**
 * THE place where the simulated fleet plugs into `pnpm start`: device-sim's `startFleet`, handed the devices the
 * registry already knows (seeded through REST with the demo municipality), so nothing is provisioned twice and a
 * restart simulates the same fleet. Secrets are re-derived in-process (the server's key), never written to a file.
 */
export async function startDemoFleet(options: DemoFleetOptions): Promise<Fleet> {
  const { server } = options;
  const seed = options.seed ?? 2026;
  const manual = server.clock.mode === 'manual';
  const registered = server.registry
    .listDevices()
    .filter((device) => device.citizenId !== undefined && device.credential.revokedAt === undefined)
    .sort((a, b) => a.deviceId.localeCompare(b.deviceId))
    .slice(0, options.maxDevices);
  const citizenIds = new Set(registered.map((device) => device.citizenId!));
  const citizens = server.registry.listCitizens().filter((citizen) => citizenIds.has(citizen.id));
  const schedules = citizens.flatMap((citizen): Schedule[] => server.registry.getSchedules(citizen.id).slice(-1));

  const devices: SeededDevice[] = registered.map((device) => ({
    deviceId: device.deviceId,
    type: device.type,
    teamId: device.teamId,
    citizenId: device.citizenId!,
    heartbeatIntervalMs: device.heartbeatIntervalMs ?? server.config.heartbeatIntervalMs,
    secret: Buffer.from(server.deviceSecret(device.deviceId)).toString('hex'),
  }));
  const lastSeq: Record<string, number> = {};
  for (const device of devices) lastSeq[device.deviceId] = server.engine.lastSeq(device.deviceId) ?? 0;

  const provisioned: ProvisionedFleet = {
    fleet: {
      version: 1,
      seed,
      teams: server.registry.listTeams(),
      citizens,
      devices,
      schedules,
      behaviour: Object.fromEntries(citizens.map((citizen) => [citizen.id, behaviourOf(citizen.id)])),
    },
    created: { teams: [], citizens: [], devices: [] },
    reused: devices.map((device) => device.deviceId),
    fromSeedFile: false,
    lastSeq,
    serverTime: server.clock.now(),
  };
  return startFleet({
    url: server.url,
    token: options.token,
    provisioned,
    clock: manual ? 'manual' : 'follow',
    ...(options.speed !== undefined && !manual ? { speed: options.speed } : {}),
    origin: options.origin,
    live: false,
    backoff: { initialMs: 200, maxMs: 5_000, factor: 2 },
  });
}

/** Most citizens are reliable; a quarter forget now and then, a few are chaotic or absent (every dose missed). */
function behaviourOf(citizenId: string): CitizenProfileName {
  const bucket = hash(citizenId) % 20;
  if (bucket < 12) return 'reliable';
  if (bucket < 17) return 'forgetful';
  if (bucket < 19) return 'chaotic';
  return 'absent';
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
