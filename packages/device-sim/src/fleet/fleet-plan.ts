import type { DoseContents, DoseSlot, LocalDate, Schedule } from '@medtek/core';
import { createRandom, type Random } from '../random.js';
import type { FleetPlan, PlannedDevice } from './fleet-seed.js';
import { apportion, DEFAULT_MIX, type DeviceMix } from './mix.js';
import { DEFAULT_PROFILE_MIX, type ProfileMix } from './profiles.js';

export interface FleetPlanOptions {
  /** Number of devices (= citizens; each device is paired with one citizen). */
  devices: number;
  /** Number of care teams the citizens are spread over (round robin). */
  teams: number;
  mix?: DeviceMix;
  profiles?: ProfileMix;
  seed: number;
  /** Id prefix, so several fleets can share one server (default `sim`). */
  prefix?: string;
  /** First local date of every schedule (the server's date today). */
  validFrom: LocalDate;
}

/** The four daily administrations a schedule can have; morning is always there. */
const ADMINISTRATIONS = [
  { time: '08:00', chance: 1 },
  { time: '12:00', chance: 0.4 },
  { time: '18:00', chance: 0.7 },
  { time: '22:00', chance: 0.3 },
] as const;

const DRUGS = [
  'Metformin 500 mg',
  'Furix 40 mg',
  'Pinex 500 mg',
  'Madopar 125 mg',
  'Hjertemagnyl 75 mg',
  'Simvastatin 20 mg',
  'Amlodipin 5 mg',
  'Lanzo 15 mg',
] as const;

function contents(random: Random): DoseContents {
  const count = random.int(1, 3);
  const drugs = new Set<string>();
  while (drugs.size < count) drugs.add(random.pick(DRUGS));
  return [...drugs].map((drug) => ({ drug, amount: random.chance(0.25) ? 2 : 1 }));
}

/** Daily dose slots: morning always, noon/evening/night sometimes; a few citizens on time-critical medicine. */
function drawSlots(random: Random): DoseSlot[] {
  const timeCritical = random.chance(0.05);
  return ADMINISTRATIONS.filter((a) => random.chance(a.chance)).map((a) => ({
    time: a.time,
    earlyMinutes: timeCritical ? 15 : 30,
    lateMinutes: timeCritical ? 30 : 60,
    timeCritical,
    contents: contents(random),
  }));
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/**
 * Draws a fleet from a seed: N citizens over T teams, each with one device of a type from the mix, a behaviour
 * profile from the profile mix and a daily schedule (morning, and noon/evening/night by chance). Same options, same
 * fleet.
 */
export function planFleet(options: FleetPlanOptions): FleetPlan {
  if (!Number.isInteger(options.devices) || options.devices < 1) throw new RangeError('devices must be ≥ 1');
  if (!Number.isInteger(options.teams) || options.teams < 1) throw new RangeError('teams must be ≥ 1');
  const prefix = options.prefix ?? 'sim';
  const random = createRandom(options.seed);
  const types = apportion(options.devices, options.mix ?? DEFAULT_MIX, random.fork('mix'));
  const profiles = apportion(options.devices, options.profiles ?? DEFAULT_PROFILE_MIX, random.fork('profiles'));
  const teamCount = Math.min(options.teams, options.devices);
  const width = String(options.devices).length;
  const teams = Array.from({ length: teamCount }, (_, i) => ({
    id: `${prefix}-team-${i + 1}`,
    name: `Hjemmepleje ${prefix} ${i + 1}`,
  }));
  const plan: FleetPlan = { seed: options.seed, teams, citizens: [], devices: [], schedules: [], behaviour: {} };
  types.forEach((type, i) => {
    const number = pad(i + 1, width);
    const teamId = (teams[i % teamCount] as { id: string }).id;
    const citizenId = `${prefix}-c${number}`;
    const device: PlannedDevice = { deviceId: `${prefix}-${type}-${number}`, type, teamId, citizenId };
    const schedule: Schedule = {
      citizenId,
      validFrom: options.validFrom,
      source: type === 'flexsmart' || type === 'medimi' ? 'eoj' : 'fmk',
      slots: drawSlots(random.fork(citizenId)),
    };
    plan.citizens.push({
      id: citizenId,
      teamId,
      name: `Borger ${prefix} ${number}`,
      address: `Simulatorvej ${i + 1}, 8000 Aarhus C`,
      staircaseStep: STEP_OF[type],
    });
    plan.devices.push(device);
    plan.schedules.push(schedule);
    plan.behaviour[citizenId] = profiles[i] ?? 'reliable';
  });
  return plan;
}

/** The staircase step each technology sits on (DESIGN §1). */
const STEP_OF = { flexsmart: 1, medido: 2, smila: 3, medimi: 4 } as const;
