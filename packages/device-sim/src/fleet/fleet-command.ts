import { existsSync } from 'node:fs';
import { parseFaultRates } from '../faults/fault-plan.js';
import { tokenFromFile } from './dev-token.js';
import { startFleet } from './fleet.js';
import { parseMix } from './mix.js';
import { parseProfileMix } from './profiles.js';
import { formatSummary, startProgress } from './progress.js';
import type { TokenSource } from './rest-client.js';

/** The CLI's parsed flags that `pnpm sim fleet` reads (strings as typed). */
export interface FleetCommandFlags {
  url?: string | undefined;
  token?: string | undefined;
  'dev-token-file'?: string | undefined;
  devices?: string | undefined;
  teams?: string | undefined;
  mix?: string | undefined;
  profiles?: string | undefined;
  faults?: string | undefined;
  seed?: string | undefined;
  'seed-file'?: string | undefined;
  prefix?: string | undefined;
  origin?: string | undefined;
  speed?: string | undefined;
  'no-live'?: boolean | undefined;
}

/** Where `pnpm start` keeps its development signing key by default. */
const DEFAULT_DEV_KEY = 'data/dev-token-key.json';

function positiveInteger(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number ≥ 1, got "${text}"`);
  return value;
}

function tokenSource(flags: FleetCommandFlags): TokenSource {
  if (flags.token) return flags.token;
  if (process.env.MEDTEK_TOKEN) return process.env.MEDTEK_TOKEN;
  const file = flags['dev-token-file'] ?? (existsSync(DEFAULT_DEV_KEY) ? DEFAULT_DEV_KEY : undefined);
  if (!file) {
    throw new Error(
      `an administrator token is needed: --token JWT, MEDTEK_TOKEN, or --dev-token-file <server dataDir>/dev-token-key.json`,
    );
  }
  return tokenFromFile(file, {
    ...(process.env.MEDTEK_TOKEN_ISSUER ? { issuer: process.env.MEDTEK_TOKEN_ISSUER } : {}),
    ...(process.env.MEDTEK_TOKEN_AUDIENCE ? { audience: process.env.MEDTEK_TOKEN_AUDIENCE } : {}),
  });
}

/**
 * `pnpm sim` / `pnpm sim fleet`: provisions (or reuses) a fleet, runs it against the server's own clock with a live
 * progress display, and on Ctrl-C closes every socket and prints a summary.
 */
export async function runFleetCommand(flags: FleetCommandFlags): Promise<void> {
  const speed = flags.speed !== undefined ? Number(flags.speed) : undefined;
  let fleetOptions;
  try {
    if (speed !== undefined && !(speed > 0)) throw new Error(`--speed must be a number > 0, got "${flags.speed}"`);
    const origin = flags.origin ?? process.env.MEDTEK_ALLOWED_ORIGINS?.split(',')[0]?.trim();
    fleetOptions = {
      url: flags.url ?? process.env.MEDTEK_URL ?? 'http://127.0.0.1:8080',
      token: tokenSource(flags),
      devices: positiveInteger(flags.devices, 'devices', 20),
      teams: positiveInteger(flags.teams, 'teams', 2),
      seed: positiveInteger(flags.seed, 'seed', 1),
      ...(flags.mix ? { mix: parseMix(flags.mix) } : {}),
      ...(flags.profiles ? { profiles: parseProfileMix(flags.profiles) } : {}),
      ...(flags.faults ? { faults: parseFaultRates(flags.faults) } : {}),
      ...(flags['seed-file'] ? { seedFile: flags['seed-file'] } : {}),
      ...(flags.prefix ? { prefix: flags.prefix } : {}),
      ...(origin ? { origin } : {}),
      live: flags['no-live'] !== true,
    };
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
  console.error(`provisioning ${fleetOptions.devices} devices on ${fleetOptions.url} …`);
  const startedAt = performance.now();
  let fleet;
  try {
    fleet = await startFleet(fleetOptions);
  } catch (error) {
    console.error(`fleet could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const { provisioned } = fleet;
  console.error(
    `${provisioned.fromSeedFile ? `reusing ${fleetOptions.seedFile}` : 'new fleet'}: ` +
      `${provisioned.created.devices.length} devices provisioned, ${provisioned.reused.length} reused, ` +
      `${provisioned.fleet.teams.length} teams (Ctrl-C stops)`,
  );
  // The server owns the clock: --speed is only checked against what was measured.
  const measured = fleet.stats.serverSpeed;
  if (speed !== undefined && Math.abs(speed - measured) > 0.1 * speed) {
    console.error(`note: --speed ${speed}, but the server's clock runs ×${measured.toFixed(0)}; following the server`);
  }
  const stopProgress = startProgress(() => fleet.stats);
  const stop = (): void => {
    // A second Ctrl-C does not wait for the close handshakes.
    process.once('SIGINT', () => process.exit(130));
    stopProgress();
    void fleet.stop().then((summary) => {
      console.error(formatSummary(summary, performance.now() - startedAt));
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
