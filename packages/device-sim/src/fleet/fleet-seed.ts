import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Citizen, CitizenId, DeviceRecord, Schedule, Team } from '@medtek/core';
import { z } from 'zod';
import { CITIZEN_PROFILE_NAMES, type CitizenProfileName } from './profiles.js';

/** A fleet device as planned: always paired with one citizen. */
export const PlannedDevice = DeviceRecord.extend({ citizenId: CitizenId });
export type PlannedDevice = z.infer<typeof PlannedDevice>;

/** What a fleet consists of, before the server has been told (no secrets yet). */
export const FleetPlan = z.strictObject({
  /** The random seed the plan was drawn from (behaviour in later runs uses it too). */
  seed: z.number().int(),
  teams: z.array(Team),
  citizens: z.array(Citizen),
  devices: z.array(PlannedDevice),
  schedules: z.array(Schedule),
  /** Each citizen's behaviour profile (simulation only; the server never sees it). */
  behaviour: z.record(CitizenId, z.enum(CITIZEN_PROFILE_NAMES as [CitizenProfileName, ...CitizenProfileName[]])),
});
export type FleetPlan = z.infer<typeof FleetPlan>;

/** A provisioned device: the secret the server handed out once (64 hex digits), needed to answer challenges. */
export const SeededDevice = PlannedDevice.extend({ secret: z.string().regex(/^[0-9a-f]{64}$/) });
export type SeededDevice = z.infer<typeof SeededDevice>;

/**
 * The fleet seed file: a provisioned fleet, written by the first run and read by the next ones (same devices, same
 * secrets). It holds device secrets, so it is written with mode 0600 into a git-ignored data directory.
 */
export const FleetSeed = FleetPlan.extend({
  version: z.literal(1),
  /** The server the fleet was provisioned on (informational: a different server would not know these devices). */
  server: z.string().max(512).optional(),
  devices: z.array(SeededDevice),
});
export type FleetSeed = z.infer<typeof FleetSeed>;

/** Reads and validates a seed file; undefined when it does not exist. A malformed file throws with the zod paths. */
export function readFleetSeed(file: string): FleetSeed | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = FleetSeed.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`fleet seed file ${file} is invalid:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

/** Writes the seed file atomically (temp file + rename), mode 0600: it contains device secrets. */
export function writeFleetSeed(file: string, seed: FleetSeed): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(FleetSeed.parse(seed), null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}
