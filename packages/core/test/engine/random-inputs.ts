import fc from 'fast-check';
import type { AlarmCommand, DeviceEvent, DeviceType, EngineInput } from '../../src/index.js';
import { at, MORNING, slot } from './harness.js';

/** A timed input, as the journal stores it. */
export interface Timed {
  input: EngineInput;
  now: number;
}

const DAY = '2026-03-28'; // the day before spring-forward: random walks cross the DST change
const START = at(DAY, '06:00');
const DEVICES: { deviceId: string; citizenId: string; type: DeviceType }[] = [
  { deviceId: 'd-1', citizenId: 'c-1', type: 'flexsmart' },
  { deviceId: 'd-2', citizenId: 'c-2', type: 'medido' },
  { deviceId: 'd-3', citizenId: 'c-3', type: 'smila' },
  { deviceId: 'd-4', citizenId: 'c-4', type: 'medimi' },
];
const SLOTS = [
  '2026-03-28T08:00',
  '2026-03-28T20:00',
  '2026-03-29T02:30',
  '2026-03-29T08:00',
  '2026-03-29T20:00',
  '2026-03-30T08:00',
];

/** Fixed registry: one team, four citizens with one device each, the same schedule (incl. a 02:30 slot). */
export function setupInputs(): Timed[] {
  const inputs: EngineInput[] = [
    { type: 'registry', change: { kind: 'team_upsert', team: { id: 'team-a', name: 'A' } } },
  ];
  for (const device of DEVICES) {
    inputs.push(
      {
        type: 'registry',
        change: {
          kind: 'citizen_upsert',
          citizen: { id: device.citizenId, teamId: 'team-a', name: device.citizenId, address: '', staircaseStep: 2 },
        },
      },
      {
        type: 'registry',
        change: {
          kind: 'device_upsert',
          device: { deviceId: device.deviceId, type: device.type, teamId: 'team-a', citizenId: device.citizenId },
        },
      },
      {
        type: 'registry',
        change: {
          kind: 'schedule_upsert',
          schedule: {
            citizenId: device.citizenId,
            validFrom: DAY,
            source: 'fmk',
            slots: [slot('08:00', MORNING), slot('20:00', MORNING), slot('02:30', MORNING)],
          },
        },
      },
      { type: 'device_connection', deviceId: device.deviceId, connected: true, receivedAt: START },
    );
  }
  return inputs.map((input) => ({ input, now: START }));
}

const slotArb = fc.constantFrom(...SLOTS);
/** Type each literal as a DeviceEvent (fc.oneof cannot infer the union). */
const event = (value: DeviceEvent): DeviceEvent => value;
const eventArb: fc.Arbitrary<DeviceEvent> = fc.oneof(
  slotArb.map((s) => event({ kind: 'dispensed', slot: s })),
  slotArb.map((s) => event({ kind: 'taken', slot: s })),
  slotArb.map((s) => event({ kind: 'confirmed', slot: s })),
  slotArb.map((s) => event({ kind: 'not_confirmed', slot: s })),
  slotArb.map((s) => event({ kind: 'missed', slot: s })),
  slotArb.map((s) => event({ kind: 'early_release', slot: s })),
  slotArb.map((s) => event({ kind: 'dispensed', slot: s, contents: [{ drug: 'Other', amount: 1 }] })),
  fc.constant(event({ kind: 'roll_empty' })),
  fc.constant(event({ kind: 'power_lost' })),
  fc.constant(event({ kind: 'power_restored' })),
  fc.constant(event({ kind: 'paused' })),
  fc.constant(event({ kind: 'resumed' })),
  fc.constant(event({ kind: 'help_requested' })),
  fc.constant(event({ kind: 'tamper' })),
  fc.constant(event({ kind: 'travel_mode' })),
  fc.constant(
    event({
      kind: 'roll_loaded',
      rollId: 'r',
      pouches: [{ pouchId: 'p1', citizenId: 'c-9', slot: SLOTS[3]!, contents: MORNING }],
    }),
  ),
);

const commandArb: fc.Arbitrary<AlarmCommand> = fc
  .tuple(
    fc.integer({ min: 1, max: 25 }),
    fc.constantFrom('acknowledge', 'shelve', 'resolve', 'escalate', 'assign', 'comment'),
  )
  .map(([n, action]): AlarmCommand => {
    const alarmId = `al-${n}`;
    switch (action) {
      case 'shelve':
        return { action, alarmId, durationMs: 30 * 60_000 };
      case 'resolve':
        return { action, alarmId, outcome: 'other' };
      case 'assign':
        return { action, alarmId, assignee: 'nurse-2' };
      case 'comment':
        return { action, alarmId, text: 'note' };
      case 'acknowledge':
      case 'escalate':
        return { action, alarmId };
    }
  });

type Step =
  | { kind: 'event'; device: number; seqDelta: number; event: DeviceEvent; skewMs: number }
  | { kind: 'status'; device: number; battery: number; mains: boolean; skewMs: number }
  | { kind: 'command'; command: AlarmCommand }
  | { kind: 'tick' };

const stepArb: fc.Arbitrary<{ advanceMs: number; step: Step }> = fc.record({
  advanceMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 120_000 }), fc.integer({ min: 1, max: 4 * 3_600_000 })),
  step: fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant('event' as const),
        device: fc.integer({ min: 0, max: 3 }),
        seqDelta: fc.oneof(
          { weight: 8, arbitrary: fc.constant(1) },
          { weight: 1, arbitrary: fc.constant(0) },
          { weight: 1, arbitrary: fc.constant(3) },
        ),
        event: eventArb,
        skewMs: fc.constantFrom(0, 0, 600_000),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('status' as const),
        device: fc.integer({ min: 0, max: 3 }),
        battery: fc.integer({ min: 0, max: 100 }),
        mains: fc.boolean(),
        skewMs: fc.constantFrom(0, 0, 600_000),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('command' as const), command: commandArb }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'tick' as const }) },
  ),
});

/** Random journals: the fixed setup, then timed device events, statuses, commands and ticks. */
export const journalArb: fc.Arbitrary<Timed[]> = fc.array(stepArb, { minLength: 1, maxLength: 60 }).map((steps) => {
  const journal = setupInputs();
  const seqs = DEVICES.map(() => 0);
  let now = START;
  let request = 0;
  for (const { advanceMs, step } of steps) {
    now += advanceMs;
    switch (step.kind) {
      case 'event': {
        const device = DEVICES[step.device]!;
        const seq = Math.max(1, seqs[step.device]! + step.seqDelta);
        if (step.seqDelta === 1) seqs[step.device] = seq;
        journal.push({
          now,
          input: {
            type: 'device_event',
            deviceId: device.deviceId,
            receivedAt: now,
            event: {
              t: 'event',
              deviceId: device.deviceId,
              seq,
              deviceTime: now + step.skewMs,
              bootId: 'b',
              e: step.event,
            },
          },
        });
        break;
      }
      case 'status':
        journal.push({
          now,
          input: {
            type: 'device_status',
            deviceId: DEVICES[step.device]!.deviceId,
            receivedAt: now,
            status: {
              t: 'status',
              deviceTime: now + step.skewMs,
              battery: step.battery,
              power: step.mains ? 'mains' : 'battery',
              signal: 50,
            },
          },
        });
        break;
      case 'command':
        request += 1;
        journal.push({
          now,
          input: {
            type: 'command',
            actor: { userId: 'nurse-1', role: 'superuser', teamIds: ['team-a'] },
            requestId: `r-${request}`,
            command: step.command,
          },
        });
        break;
      case 'tick':
        journal.push({ now, input: { type: 'tick' } });
        break;
    }
  }
  return journal;
});
