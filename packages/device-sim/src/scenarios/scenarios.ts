import { slotInstant, type Alarm, type AlarmType, type DoseSlot } from '@medtek/core';
import type { ScenarioWorld } from './world.js';

const MINUTE = 60_000;
const DAY = '2026-11-25';
const MORNING_SLOT = `${DAY}T08:00`;

/** The morning dose most scenarios use: 08:00, window −30/+60 min. */
export const MORNING_DOSE: DoseSlot = {
  time: '08:00',
  earlyMinutes: 30,
  lateMinutes: 60,
  timeCritical: false,
  contents: [
    { drug: 'Metformin 500 mg', amount: 1 },
    { drug: 'Furix 40 mg', amount: 2 },
  ],
};

/** What a scenario observed: the alarms the live subscriber saw that the scenario asserts on. */
export interface ScenarioOutcome {
  alarms: Alarm[];
  notes: string[];
}

export interface Scenario {
  name: string;
  description: string;
  /** Alarm types a live subscriber must receive. */
  expects: AlarmType[];
  run(world: ScenarioWorld): Promise<ScenarioOutcome>;
}

/** The server clock instant the scenarios start at: 06:00 local on the scenario day. */
export const SCENARIO_START = slotInstant(`${DAY}T06:00`);

async function expectAll(world: ScenarioWorld, types: AlarmType[], filter: { citizenId?: string; deviceId?: string }) {
  const alarms: Alarm[] = [];
  for (const type of types) alarms.push(...(await world.expectAlarm(type, filter)));
  return alarms;
}

function noAlarm(world: ScenarioWorld, type: AlarmType, filter: { citizenId?: string }): void {
  const found = world.live?.alarmsOf(type, filter) ?? [];
  if (found.length > 0) throw new Error(`unexpected ${type} alarm for ${JSON.stringify(filter)}`);
}

/** An alarm raised while data was missing may exist, but must be cleared once the data arrived. */
async function noActiveAlarm(world: ScenarioWorld, type: AlarmType, filter: { citizenId?: string }): Promise<void> {
  const live = world.live!;
  await live.waitFor(() => live.alarmsOf(type, filter).every((a) => a.cleared), 5_000, `${type} cleared`);
}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'missed-morning-dose',
    description: 'A MedidoClock beeps at 08:00; nobody presses; the dose is reported missed and home care is alarmed.',
    expects: ['missed_dose'],
    async run(world) {
      await world.addCitizen({
        citizenId: 'c-missed',
        type: 'medido',
        slots: [MORNING_DOSE],
        validFrom: DAY,
        habits: { [MORNING_SLOT]: 'forgets' },
      });
      await world.subscribe();
      await world.advanceTo(slotInstant(MORNING_SLOT) + 90 * MINUTE);
      return { alarms: await expectAll(world, ['missed_dose'], { citizenId: 'c-missed' }), notes: [] };
    },
  },
  {
    name: 'double-dose-attempt',
    description: 'A FlexSmart citizen confirms the morning dose, then confirms it again 20 minutes later.',
    expects: ['double_dose_attempt'],
    async run(world) {
      await world.addCitizen({
        citizenId: 'c-double',
        type: 'flexsmart',
        slots: [MORNING_DOSE],
        validFrom: DAY,
        habits: { [MORNING_SLOT]: 'tries_twice' },
      });
      await world.subscribe();
      await world.advanceTo(slotInstant(MORNING_SLOT) + 60 * MINUTE);
      return { alarms: await expectAll(world, ['double_dose_attempt'], { citizenId: 'c-double' }), notes: [] };
    },
  },
  {
    name: 'wrong-roll',
    description: 'A MedidoClock is loaded with a roll packed for another citizen: the label reader reports it.',
    expects: ['wrong_citizen'],
    async run(world) {
      await world.addCitizen({
        citizenId: 'c-wrongroll',
        type: 'medido',
        slots: [MORNING_DOSE],
        validFrom: DAY,
        rollForCitizen: 'c-someone-else',
      });
      await world.subscribe();
      return { alarms: await expectAll(world, ['wrong_citizen'], { citizenId: 'c-wrongroll' }), notes: [] };
    },
  },
  {
    name: 'change-after-packing',
    description: 'The schedule changes after the roll was packed: the loaded pouches no longer match.',
    expects: ['schedule_changed_after_packing'],
    async run(world) {
      const device = await world.addCitizen({
        citizenId: 'c-change',
        type: 'medido',
        slots: [MORNING_DOSE],
        validFrom: DAY,
      });
      await world.subscribe();
      await world.server.registry({
        kind: 'schedule_upsert',
        schedule: {
          citizenId: 'c-change',
          validFrom: DAY,
          source: 'fmk',
          slots: [{ ...MORNING_DOSE, contents: [{ drug: 'Metformin 500 mg', amount: 2 }] }],
        },
      });
      await world.advanceTo(world.server.now() + MINUTE);
      const alarms = await expectAll(world, ['schedule_changed_after_packing'], { citizenId: 'c-change' });
      return { alarms, notes: [`device mode after change: ${device.model.mode}, locked: ${device.model.locked}`] };
    },
  },
  {
    name: 'jam-then-manual-dose',
    description: 'A MedimiSmart jams at the morning dose; staff give the dose by hand and resolve the alarm.',
    expects: ['dispense_failed'],
    async run(world) {
      const device = await world.addCitizen({
        citizenId: 'c-jam',
        type: 'medimi',
        slots: [MORNING_DOSE],
        validFrom: DAY,
        habits: { [MORNING_SLOT]: 'on_time' },
        cassettes: [
          { cassetteId: 'K1', drug: 'Metformin 500 mg', units: 60 },
          { cassetteId: 'K2', drug: 'Furix 40 mg', units: 60 },
        ],
      });
      await world.subscribe();
      if ('jamNext' in device.model) device.model.jamNext = true;
      await world.advanceTo(slotInstant(MORNING_SLOT) + 15 * MINUTE);
      const alarms = await expectAll(world, ['dispense_failed'], { citizenId: 'c-jam' });
      const alarm = alarms[0]!;
      world.live!.send({
        t: 'command',
        id: 'resolve-jam',
        command: { action: 'resolve', alarmId: alarm.id, outcome: 'dose_given_by_staff' },
      });
      await world.live!.waitFor(
        () => {
          const latest = world.live!.alarms.get(alarm.id);
          return latest === undefined || latest.cleared;
        },
        5_000,
        'jam alarm resolved',
      );
      return { alarms, notes: ['resolved with outcome dose_given_by_staff'] };
    },
  },
  {
    name: 'travel-mode',
    description: 'The citizen travels: doses are released early in travel mode; no missed-dose alarms follow.',
    expects: [],
    async run(world) {
      const device = await world.addCitizen({
        citizenId: 'c-travel',
        type: 'medido',
        slots: [MORNING_DOSE],
        validFrom: DAY,
        habits: { [MORNING_SLOT]: 'forgets' },
      });
      await world.subscribe();
      device.model.startTravel(slotInstant(MORNING_SLOT) + 3 * 60 * MINUTE);
      await world.settle();
      await world.advanceTo(slotInstant(MORNING_SLOT) + 4 * 60 * MINUTE);
      noAlarm(world, 'missed_dose', { citizenId: 'c-travel' });
      return { alarms: [], notes: ['no missed_dose while travelling'] };
    },
  },
  {
    name: 'observed-video-intake',
    description: 'A Smila citizen asks for a call at dose time; the e-Team starts it; the intake is observed.',
    expects: [],
    async run(world) {
      const device = await world.addCitizen({
        citizenId: 'c-video',
        type: 'smila',
        slots: [MORNING_DOSE],
        validFrom: DAY,
        profile: { late: 0, forgets: 0, triesEarly: 0, triesTwice: 0, leavesPouch: 0, requestsVideo: 1 },
      });
      await world.subscribe();
      await world.advanceTo(slotInstant(MORNING_SLOT) + 5 * MINUTE);
      // The e-Team's call reaches the device as a start_video command (here: given to the device directly).
      device.model.handleCommand({ t: 'command', id: 'call-1', action: 'start_video', callId: 'call-1' });
      await world.settle();
      await world.advanceTo(slotInstant(MORNING_SLOT) + 2 * 60 * MINUTE);
      noAlarm(world, 'missed_dose', { citizenId: 'c-video' });
      return { alarms: [], notes: ['observed intake: taken; no missed_dose'] };
    },
  },
  {
    name: 'offline-intake-replayed',
    description: 'The device is offline at dose time; the citizen takes the dose; the buffered events replay later.',
    expects: ['device_offline'],
    async run(world) {
      const device = await world.addCitizen({
        citizenId: 'c-offline',
        type: 'medido',
        slots: [MORNING_DOSE],
        validFrom: DAY,
        habits: { [MORNING_SLOT]: 'on_time' },
      });
      await world.subscribe();
      device.runtime.setNetworkDown(true);
      await world.advanceTo(slotInstant(MORNING_SLOT) + 30 * MINUTE);
      const buffered = device.runtime.outbox.size();
      await world.advanceTo(slotInstant(MORNING_SLOT) + 100 * MINUTE);
      const alarms = await expectAll(world, ['device_offline'], { deviceId: device.deviceId });
      device.runtime.setNetworkDown(false);
      await world.until(() => device.runtime.outbox.size() === 0, 'replay drained');
      await world.advanceTo(slotInstant(MORNING_SLOT) + 130 * MINUTE);
      // Past the grace period the server may have raised missed_dose; the replayed intake must clear it.
      await noActiveAlarm(world, 'missed_dose', { citizenId: 'c-offline' });
      const raised = world.live!.alarmsOf('missed_dose', { citizenId: 'c-offline' }).length;
      return {
        alarms,
        notes: [`${buffered} events buffered offline and replayed; missed_dose raised then cleared: ${raised}`],
      };
    },
  },
  {
    name: 'mass-outage-one-team',
    description: "One team's devices lose the network together: offline alarms roll up into one incident.",
    expects: ['device_offline'],
    async run(world) {
      const devices = [];
      for (let i = 1; i <= 4; i++) {
        devices.push(
          await world.addCitizen({
            citizenId: `c-out-${i}`,
            teamId: 'team-out',
            type: 'medido',
            slots: [MORNING_DOSE],
            validFrom: DAY,
          }),
        );
      }
      await world.subscribe();
      for (const device of devices) device.runtime.setNetworkDown(true);
      await world.advanceTo(world.server.now() + 100 * MINUTE);
      const alarms = await expectAll(world, ['device_offline'], {});
      await world.live!.waitFor(() => world.live!.incidents.size > 0, 5_000, 'an incident');
      for (const device of devices) device.runtime.setNetworkDown(false);
      return { alarms, notes: [`incidents: ${world.live!.incidents.size}`] };
    },
  },
  {
    name: 'low-cassette-stock',
    description: 'A MedimiSmart cassette runs low after a few doses.',
    expects: ['cassette_low'],
    async run(world) {
      await world.addCitizen({
        citizenId: 'c-cassette',
        type: 'medimi',
        slots: [MORNING_DOSE],
        validFrom: DAY,
        habits: { [MORNING_SLOT]: 'on_time' },
        cassetteLowAt: 4,
        cassettes: [
          { cassetteId: 'K1', drug: 'Metformin 500 mg', units: 30 },
          { cassetteId: 'K2', drug: 'Furix 40 mg', units: 6 },
        ],
      });
      await world.subscribe();
      await world.advanceTo(slotInstant(MORNING_SLOT) + 30 * MINUTE);
      return { alarms: await expectAll(world, ['cassette_low'], { citizenId: 'c-cassette' }), notes: [] };
    },
  },
];
