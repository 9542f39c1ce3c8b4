import type {
  Citizen,
  DeviceRecord,
  DeviceType,
  DoseItem,
  DoseSlot,
  LocalDate,
  Role,
  Schedule,
  StaircaseStep,
  StockMove,
  Team,
} from '@medtek/core';

/**
 * The demo municipality of `pnpm start`: three home-care teams (the e-Team sees all three), citizens spread over the
 * staircase, their devices, dose schedules and a stock of spare units in two depots. Pure data from a seed, so two
 * runs make the same town. Names are common Danish names on streets that do not exist (Eksempelvej, Prøvegade, …):
 * obviously fictitious.
 */
export interface DemoMunicipality {
  teams: Team[];
  citizens: Citizen[];
  devices: DemoDevice[];
  schedules: Schedule[];
  stock: DemoStockUnit[];
}

export type DemoDevice = DeviceRecord & { citizenId: string };

export interface DemoStockUnit {
  unitId: string;
  deviceType: DeviceType;
  serial: string;
  location: string;
  deviceId?: string;
  /** Moves applied after registration (installed units: reserve + install). */
  moves: StockMove[];
}

export interface DemoUser {
  sub: string;
  role: Role;
  teams: string[];
  name: string;
}

export const DEMO_TEAMS: readonly Team[] = [
  { id: 'team-nord', name: 'Hjemmeplejen Nord' },
  { id: 'team-syd', name: 'Hjemmeplejen Syd' },
  { id: 'team-vest', name: 'Hjemmeplejen Vest' },
];
const ALL_TEAMS = DEMO_TEAMS.map((t) => t.id);

/** One ready login per role (development tokens only). The e-Team's super user sees every home-care team. */
export const DEMO_USERS: readonly DemoUser[] = [
  { sub: 'demo-staff', role: 'staff', teams: ['team-nord'], name: 'Mette Hjemmehjælper (Nord)' },
  { sub: 'demo-technician', role: 'technician', teams: ALL_TEAMS, name: 'Jonas Tekniker' },
  { sub: 'demo-coordinator', role: 'coordinator', teams: ['team-nord'], name: 'Hanne Tovholder (Nord)' },
  { sub: 'demo-superuser', role: 'superuser', teams: ALL_TEAMS, name: 'Sofie e-Teamet' },
  { sub: 'demo-administrator', role: 'administrator', teams: ALL_TEAMS, name: 'Admin Systemansvarlig' },
];

export const DEMO_DEPOTS = ['depot-nord', 'depot-syd'] as const;

const FIRST_NAMES = [
  'Karen', 'Jens', 'Inge', 'Poul', 'Birthe', 'Erik', 'Grethe', 'Knud', 'Hanne', 'Ole', 'Kirsten', 'Bent',
  'Lis', 'Svend', 'Ruth', 'Aage', 'Else', 'Preben', 'Jytte', 'Finn', 'Ellen', 'Arne', 'Bodil', 'Henning',
]; // prettier-ignore
const LAST_NAMES = [
  'Jensen', 'Nielsen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen', 'Rasmussen',
  'Jørgensen', 'Petersen', 'Madsen', 'Kristensen', 'Olsen', 'Thomsen', 'Poulsen', 'Johansen', 'Møller',
]; // prettier-ignore
const STREETS = ['Eksempelvej', 'Prøvegade', 'Testvænget', 'Demoallé', 'Opdigtet Stræde', 'Fiktivparken'];
const TOWNS: Record<string, string> = {
  'team-nord': '8200 Aarhus N',
  'team-syd': '8260 Viby J',
  'team-vest': '8210 Aarhus V',
};

/** Citizens per staircase step (the technology of steps 1–4 is a device). */
const STEP_SHARES: ReadonlyArray<[StaircaseStep, number]> = [
  [0, 0.1],
  [1, 0.2],
  [2, 0.27],
  [3, 0.17],
  [4, 0.16],
  [5, 0.1],
];
const STEP_DEVICE: Partial<Record<StaircaseStep, DeviceType>> = {
  1: 'flexsmart',
  2: 'medido',
  3: 'smila',
  4: 'medimi',
};

const DRUGS: readonly DoseItem[] = [
  { drug: 'Paracetamol 500 mg', amount: 2 },
  { drug: 'Metformin 500 mg', amount: 1 },
  { drug: 'Furosemid 40 mg', amount: 1 },
  { drug: 'Amlodipin 5 mg', amount: 1 },
  { drug: 'Pantoprazol 20 mg', amount: 1 },
  { drug: 'Magnyl 75 mg', amount: 1 },
  { drug: 'Simvastatin 20 mg', amount: 1 },
  { drug: 'Levothyroxin 50 mikrog', amount: 1 },
];
const PARKINSON: DoseItem = { drug: 'Madopar 125 mg', amount: 1 };
const NIGHT: DoseItem = { drug: 'Zopiclon 7,5 mg', amount: 1 };

/** Morning, noon, evening and night slots; a citizen has two to four of them. */
const SLOT_TIMES = ['08:00', '12:00', '17:30', '22:00'] as const;

export interface DemoOptions {
  /** Citizens with a device (the fleet size); about a quarter more citizens are on steps 0 and 5. */
  devices: number;
  /** First local date of every schedule. */
  validFrom: LocalDate;
  seed?: number;
}

export function buildDemoMunicipality(options: DemoOptions): DemoMunicipality {
  const random = mulberry32(options.seed ?? 2026);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const deviceShare = STEP_SHARES.filter(([step]) => STEP_DEVICE[step]).reduce((sum, [, share]) => sum + share, 0);
  const totalCitizens = Math.max(STEP_SHARES.length, Math.round(options.devices / deviceShare));

  const citizens: Citizen[] = [];
  const devices: DemoDevice[] = [];
  const schedules: Schedule[] = [];
  const stock: DemoStockUnit[] = [];
  const steps = spreadSteps(totalCitizens, options.devices);
  const usedNames = new Set<string>();

  steps.forEach((step, index) => {
    const number = String(index + 1).padStart(3, '0');
    const teamId = DEMO_TEAMS[index % DEMO_TEAMS.length]!.id;
    let name = `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
    while (usedNames.has(name)) name = `${pick(FIRST_NAMES)} ${pick(FIRST_NAMES).charAt(0)}. ${pick(LAST_NAMES)}`;
    usedNames.add(name);
    const citizenId = `borger-${number}`;
    citizens.push({
      id: citizenId,
      teamId,
      name,
      address: `${pick(STREETS)} ${1 + Math.floor(random() * 120)}, ${TOWNS[teamId]}`,
      staircaseStep: step,
    });
    const type = STEP_DEVICE[step];
    // Steps 0 and 5 have no device: the citizen or the visiting staff handle the medicine outside the platform.
    if (type === undefined) return;
    schedules.push({ citizenId, validFrom: options.validFrom, source: 'fmk', slots: slotsFor(random) });
    const deviceId = `${type}-${number}`;
    devices.push({ deviceId, type, teamId, citizenId });
    stock.push({
      unitId: `unit-${deviceId}`,
      deviceType: type,
      serial: serialOf(type, index),
      location: DEMO_DEPOTS[index % 2]!,
      deviceId,
      moves: [
        { kind: 'reserve', citizenId },
        { kind: 'install', citizenId },
      ],
    });
  });

  // Spare units on the shelves: a few per type and depot, some coming back from cleaning or waiting for repair.
  let spare = 0;
  for (const location of DEMO_DEPOTS) {
    for (const deviceType of ['flexsmart', 'medido', 'smila', 'medimi'] as const) {
      const count = deviceType === 'flexsmart' ? 1 : 2 + Math.floor(random() * 3);
      for (let i = 0; i < count; i++) {
        spare++;
        // The third unit of a type waits for repair, the fourth is being cleaned (repair → clean).
        const moves: StockMove[] =
          i === 2
            ? [{ kind: 'repair', reason: 'Låget lukker ikke' }]
            : i === 3
              ? [{ kind: 'repair', reason: 'Eftersyn' }, { kind: 'clean' }]
              : [];
        stock.push({
          unitId: `spare-${deviceType}-${String(spare).padStart(3, '0')}`,
          deviceType,
          serial: serialOf(deviceType, 500 + spare),
          location,
          moves,
        });
      }
    }
  }
  return { teams: [...DEMO_TEAMS], citizens, devices, schedules, stock };
}

/** Steps for `total` citizens so that exactly `withDevice` of them are on steps 1–4. */
function spreadSteps(total: number, withDevice: number): StaircaseStep[] {
  const deviceSteps = STEP_SHARES.filter(([step]) => STEP_DEVICE[step]);
  const deviceShare = deviceSteps.reduce((sum, [, share]) => sum + share, 0);
  const out: StaircaseStep[] = [];
  let assigned = 0;
  deviceSteps.forEach(([step, share], i) => {
    const count = i === deviceSteps.length - 1 ? withDevice - assigned : Math.round((withDevice * share) / deviceShare);
    assigned += count;
    for (let n = 0; n < count; n++) out.push(step);
  });
  const others = Math.max(0, total - withDevice);
  for (let n = 0; n < others; n++) out.push(n % 2 === 0 ? 0 : 5);
  // Interleave so every team gets every step (teams are assigned round-robin by index).
  return interleave(out);
}

function interleave(steps: StaircaseStep[]): StaircaseStep[] {
  const groups = new Map<StaircaseStep, StaircaseStep[]>();
  for (const step of steps) groups.set(step, [...(groups.get(step) ?? []), step]);
  const out: StaircaseStep[] = [];
  while (out.length < steps.length) {
    for (const group of groups.values()) {
      const next = group.shift();
      if (next !== undefined) out.push(next);
    }
  }
  return out;
}

function slotsFor(random: () => number): DoseSlot[] {
  const count = 2 + Math.floor(random() * 3);
  const times = count === 2 ? ['08:00', '17:30'] : count === 3 ? ['08:00', '12:00', '17:30'] : [...SLOT_TIMES];
  const parkinson = random() < 0.15;
  const baseDrugs = [0, 1, 2].map(() => DRUGS[Math.floor(random() * DRUGS.length)]!);
  return times.map((time) => {
    const contents: DoseItem[] = [];
    if (time === '08:00') contents.push(...dedupe(baseDrugs));
    else if (time === '22:00') contents.push(NIGHT);
    else contents.push(baseDrugs[0]!);
    if (parkinson && time !== '22:00') contents.push(PARKINSON);
    return {
      time,
      earlyMinutes: parkinson ? 15 : 30,
      lateMinutes: parkinson ? 30 : 60,
      timeCritical: parkinson,
      contents: dedupe(contents),
    };
  });
}

function dedupe(items: readonly DoseItem[]): DoseItem[] {
  const seen = new Map<string, DoseItem>();
  for (const item of items) if (!seen.has(item.drug)) seen.set(item.drug, { ...item });
  return [...seen.values()];
}

function serialOf(type: DeviceType, n: number): string {
  const prefix = { flexsmart: 'FS', medido: 'MD', smila: 'SM', medimi: 'MM' }[type];
  return `${prefix}-2026-${String(1000 + n)}`;
}

/** Small seeded PRNG (mulberry32): the demo town is the same on every first start. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
