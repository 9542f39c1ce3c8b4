import { describe, expect, it } from 'vitest';
import type { Habit } from '../../src/devices/citizen.js';
import { FlexSmartApp } from '../../src/devices/flexsmart.js';
import { MedimiSmart } from '../../src/devices/medimi.js';
import { packRoll } from '../../src/devices/pharmacy.js';
import { MedidoClock } from '../../src/devices/roll-dispenser.js';
import { Smila } from '../../src/devices/smila.js';
import { createRandom } from '../../src/random.js';
import { drive, MINUTE } from '../helpers/recording-sink.js';

const SLOT = '2026-11-25T08:00';
const base = (habit?: Habit) => ({
  deviceId: 'd1',
  citizenId: 'c1',
  random: createRandom(1),
  ...(habit ? { habits: { [SLOT]: habit } } : {}),
});

describe('FlexSmart App', () => {
  it('reminds at the slot and reports the confirmation', () => {
    const { sink, at } = drive(new FlexSmartApp(base('on_time')));
    at(SLOT, 60 * MINUTE);
    expect(sink.kinds()).toEqual(['dose_due', 'confirmed']);
  });

  it('reports not_confirmed when the window ends without a tap', () => {
    const { sink, at } = drive(new FlexSmartApp(base('forgets')));
    at(SLOT, 120 * MINUTE);
    expect(sink.kinds()).toEqual(['dose_due', 'not_confirmed']);
  });

  it('cannot stop a second confirmation: both reach the server', () => {
    const { sink, at } = drive(new FlexSmartApp(base('tries_twice')));
    at(SLOT, 89 * MINUTE);
    expect(sink.kinds()).toEqual(['dose_due', 'confirmed', 'confirmed']);
  });
});

describe('MedidoClock', () => {
  const loaded = (habit?: Habit, extra: object = {}, days = 14) => {
    const model = new MedidoClock({ ...base(habit), ...extra });
    const driver = drive(model, '2026-11-25', days);
    model.loadRoll('R1', packRoll('c1', 'R1', driver.occurrences));
    driver.sink.events.length = 0;
    return { model, ...driver };
  };

  it('reads the roll labels when loaded', () => {
    const model = new MedidoClock(base());
    const { sink, occurrences } = drive(model, '2026-11-25', 3);
    model.loadRoll('R1', packRoll('c1', 'R1', occurrences));
    expect(sink.events).toEqual([{ kind: 'roll_loaded', rollId: 'R1', pouches: packRoll('c1', 'R1', occurrences) }]);
  });

  it('beeps at the slot, releases on the press, and the pouch is taken', () => {
    const { sink, at } = loaded('on_time');
    at(SLOT, 30 * MINUTE);
    expect(sink.events).toEqual([
      { kind: 'dose_due', slot: SLOT, pouchId: 'R1-001' },
      { kind: 'dispensed', slot: SLOT, pouchId: 'R1-001' },
      { kind: 'taken', slot: SLOT, pouchId: 'R1-001' },
    ]);
  });

  it('keeps the pouch locked on an early press, then releases on time', () => {
    const { sink, at } = loaded('tries_early');
    at(SLOT, -31 * MINUTE);
    expect(sink.kinds()).toEqual([]);
    at(SLOT, 30 * MINUTE);
    expect(sink.kinds()).toEqual(['dose_due', 'dispensed', 'taken']);
  });

  it('releases only once when the citizen tries twice', () => {
    const { sink, at } = loaded('tries_twice');
    at(SLOT, 80 * MINUTE);
    expect(sink.kinds()).toEqual(['dose_due', 'dispensed', 'taken']);
  });

  it('reports missed after its 45-minute escalation when nobody reacts (75 when configured)', () => {
    const { sink, at } = loaded('forgets');
    at(SLOT, 44 * MINUTE);
    expect(sink.kinds()).toEqual(['dose_due']);
    at(SLOT, 45 * MINUTE);
    expect(sink.events.at(-1)).toEqual({ kind: 'missed', slot: SLOT, pouchId: 'R1-001' });

    const slow = loaded('forgets', { escalationMinutes: 75 });
    slow.at(SLOT, 74 * MINUTE);
    expect(slow.sink.kinds()).toEqual(['dose_due']);
    slow.at(SLOT, 75 * MINUTE);
    expect(slow.sink.kinds()).toEqual(['dose_due', 'missed']);
  });

  it('reports a pouch left in the tray as missed', () => {
    const model = new MedidoClock({ ...base('on_time'), profile: { ...noHabits, leavesPouch: 1 } });
    const { sink, occurrences, at } = drive(model, '2026-11-25', 14);
    model.loadRoll('R1', packRoll('c1', 'R1', occurrences));
    at(SLOT, 60 * MINUTE);
    expect(sink.kinds()).toEqual(['roll_loaded', 'dose_due', 'dispensed', 'missed']);
  });

  it('does not release while locked by the server, nor an invalidated pouch', () => {
    const locked = loaded('on_time');
    locked.model.handleCommand({ t: 'command', id: 'c1', action: 'lock' });
    locked.at(SLOT, 30 * MINUTE);
    expect(locked.sink.kinds()).toEqual(['dose_due']);

    const invalid = loaded('on_time');
    invalid.model.handleCommand({ t: 'command', id: 'c2', action: 'invalidate_pouches', pouchIds: ['R1-001'] });
    invalid.at(SLOT, 30 * MINUTE);
    expect(invalid.sink.kinds()).toEqual(['dose_due']);
  });

  it('reports a jam instead of releasing', () => {
    const { model, sink, at } = loaded('on_time');
    model.jamNext = true;
    at(SLOT, 30 * MINUTE);
    expect(sink.events.at(-1)).toEqual({ kind: 'dispense_failed', slot: SLOT, reason: 'jam' });
  });

  it('reports roll low and roll empty as the roll runs out', () => {
    const { sink, at } = loaded('on_time', { rollLowAt: 2 }, 3);
    at('2026-11-27T08:00', 30 * MINUTE);
    expect(sink.events.filter((e) => e.kind === 'roll_low' || e.kind === 'roll_empty')).toEqual([
      { kind: 'roll_low', remaining: 2 },
      { kind: 'roll_empty' },
    ]);
  });

  it('in travel mode releases the doses of the trip early, and stays quiet until back', () => {
    const { model, sink, at } = loaded('forgets');
    at('2026-11-24T20:00');
    model.startTravel(slotPlusDays(1));
    expect(sink.kinds()).toEqual([
      'travel_mode',
      'early_release',
      'dispensed',
      'taken',
      'early_release',
      'dispensed',
      'taken',
    ]);
    expect(model.mode).toBe('travel');
  });

  it('pauses and resumes on command, without dose reminders in between', () => {
    const { model, sink, at } = loaded('on_time');
    model.handleCommand({ t: 'command', id: 'p', action: 'pause' });
    at(SLOT, 60 * MINUTE);
    model.handleCommand({ t: 'command', id: 'r', action: 'resume' });
    expect(sink.kinds()).toEqual(['paused', 'resumed']);
  });
});

describe('Smila', () => {
  it('observed intake: video requested at the dose, the e-Team calls, the intake is observed', () => {
    const model = new Smila({ ...base('on_time'), profile: { ...noHabits, requestsVideo: 1 } });
    const { sink, occurrences, at } = drive(model, '2026-11-25', 14);
    model.loadRoll('R1', packRoll('c1', 'R1', occurrences));
    at(SLOT, 20 * MINUTE);
    expect(sink.kinds()).toEqual(['roll_loaded', 'dose_due', 'video_requested']);
    model.handleCommand({ t: 'command', id: 'v', action: 'start_video', callId: 'call-1' });
    expect(sink.events.slice(3)).toEqual([
      { kind: 'video_started', callId: 'call-1' },
      { kind: 'dispensed', slot: SLOT, pouchId: 'R1-001' },
      { kind: 'taken', slot: SLOT, pouchId: 'R1-001' },
      { kind: 'video_ended', callId: 'call-1', observed: { slot: SLOT, outcome: 'taken' } },
    ]);
  });
});

describe('MedimiSmart', () => {
  const robot = (habit: Habit, units: [number, number], extra: object = {}) => {
    const model = new MedimiSmart({ ...base(habit), ...extra });
    const driver = drive(model, '2026-11-25', 3);
    model.loadCassette({ cassetteId: 'K1', drug: 'Metformin 500 mg', units: units[0] });
    model.loadCassette({ cassetteId: 'K2', drug: 'Furix 40 mg', units: units[1] });
    driver.sink.events.length = 0;
    return { model, ...driver };
  };

  it('composes the dose from its cassettes and counts the stock down', () => {
    const { model, sink, at } = robot('on_time', [30, 30]);
    at(SLOT, 30 * MINUTE);
    expect(sink.events).toEqual([
      { kind: 'dose_due', slot: SLOT },
      {
        kind: 'dispensed',
        slot: SLOT,
        contents: [
          { drug: 'Metformin 500 mg', amount: 1 },
          { drug: 'Furix 40 mg', amount: 2 },
        ],
      },
      { kind: 'taken', slot: SLOT },
    ]);
    expect(model.cassetteUnits('Furix 40 mg')).toBe(28);
    expect(model.status().cassettes).toEqual([
      { cassetteId: 'K1', remaining: 29 },
      { cassetteId: 'K2', remaining: 28 },
    ]);
  });

  it('reports a low cassette, then an empty one and a failed dispense', () => {
    const { sink, at } = robot('on_time', [30, 5], { cassetteLowAt: 3 });
    at('2026-11-27T08:00', 30 * MINUTE);
    expect(sink.events.filter((e) => e.kind.startsWith('cassette') || e.kind === 'dispense_failed')).toEqual([
      { kind: 'cassette_low', cassetteId: 'K2', remaining: 3 },
      { kind: 'dispense_failed', slot: '2026-11-27T08:00', reason: 'empty', cassetteId: 'K2' },
      { kind: 'cassette_empty', cassetteId: 'K2' },
    ]);
  });

  it('reports a jam with the cassette', () => {
    const { model, sink, at } = robot('on_time', [30, 30]);
    model.jamNext = true;
    at(SLOT, 30 * MINUTE);
    expect(sink.events.at(-1)).toEqual({ kind: 'dispense_failed', slot: SLOT, reason: 'jam', cassetteId: 'K1' });
  });
});

describe('citizen behaviour', () => {
  it('is reproducible from the seed', () => {
    const run = () => {
      const model = new FlexSmartApp({ deviceId: 'd', citizenId: 'c', random: createRandom(9), profile: busy });
      const { sink, at } = drive(model, '2026-11-25', 20);
      at('2026-12-14T23:00');
      return sink.kinds();
    };
    const first = run();
    expect(run()).toEqual(first);
    expect(first.filter((k) => k === 'not_confirmed').length).toBeGreaterThan(0);
  });
});

const noHabits = { late: 0, forgets: 0, triesEarly: 0, triesTwice: 0, leavesPouch: 0, requestsVideo: 0 };
const busy = { late: 0.2, forgets: 0.3, triesEarly: 0.1, triesTwice: 0.1, leavesPouch: 0, requestsVideo: 0 };
function slotPlusDays(days: number): number {
  return Date.parse('2026-11-25T07:00:00Z') + (days - 1) * 86_400_000 + 86_400_000;
}
