import { describe, expect, it } from 'vitest';
import type { EngineOutput, PouchLabel } from '../../src/index.js';
import { at, EVENING, Harness, MORNING, slot } from '../engine/harness.js';

const DAY = '2026-11-25';
const NEXT = '2026-11-26';

const pouch = (
  citizenId: string,
  slotKey: string,
  contents = slotKey.endsWith('08:00') ? MORNING : EVENING,
): PouchLabel => ({
  pouchId: `p-${citizenId}-${slotKey}`,
  citizenId,
  slot: slotKey,
  contents,
});

const commandsOf = (outputs: EngineOutput[]) =>
  outputs.flatMap((output) =>
    output.type === 'to_device' && output.frame.t === 'command' ? [output.frame.action] : [],
  );

const roll = (citizenId: string, dates: string[]) =>
  dates.flatMap((date) => [pouch(citizenId, `${date}T08:00`), pouch(citizenId, `${date}T20:00`)]);

function medido(start = at(DAY, '06:00')): Harness {
  const h = new Harness(start);
  h.setup({
    citizenId: 'c-carl',
    deviceId: 'medido-1',
    type: 'medido',
    validFrom: DAY,
    slots: [slot('08:00', MORNING), slot('20:00', EVENING)],
  });
  h.connect('medido-1', 'medido');
  return h;
}

/** Keep the device talking until `until` (status every minute). */
function heartbeatUntil(h: Harness, deviceId: string, until: number): void {
  while (h.now + 60_000 <= until) {
    h.advanceBy(60_000);
    h.status(deviceId);
  }
  h.advanceTo(until);
}

describe('a day in the life: MedidoClock (pharmacy dose roll)', () => {
  it('loads the right roll, releases and takes the morning dose in time; a second release is a double dose', () => {
    const h = medido();
    h.event('medido-1', { kind: 'roll_loaded', rollId: 'roll-1', pouches: roll('c-carl', [DAY, NEXT]) });
    expect(h.engine.device('medido-1')).toMatchObject({ fill: { pouchesLeft: 4 }, locked: false });
    heartbeatUntil(h, 'medido-1', at(DAY, '08:02'));
    h.event('medido-1', { kind: 'dispensed', slot: `${DAY}T08:00`, pouchId: `p-c-carl-${DAY}T08:00` });
    h.event('medido-1', { kind: 'taken', slot: `${DAY}T08:00`, pouchId: `p-c-carl-${DAY}T08:00` });
    expect(h.openTypes()).toEqual([]);
    expect(h.engine.device('medido-1')).toMatchObject({ fill: { pouchesLeft: 3 }, nextDose: { slot: `${DAY}T20:00` } });

    h.event('medido-1', { kind: 'dispensed', slot: `${DAY}T08:00` });
    expect(h.alarmOf('double_dose_attempt')).toMatchObject({
      priority: 'high',
      slot: `${DAY}T08:00`,
      citizenId: 'c-carl',
    });
    // The same event replayed (same seq) is a duplicate: no effect, not journaled.
    const result = h.engine.apply(h.inputs.at(-1)!.input, h.now);
    expect(result).toEqual({
      journal: false,
      outputs: [{ type: 'event_result', deviceId: 'medido-1', seq: 4, status: 'duplicate' }],
    });
  });

  it('a roll for another citizen is blocked: lock + invalidate, wrong_citizen (high); the right roll unlocks', () => {
    const h = medido();
    const outputs = h.event('medido-1', { kind: 'roll_loaded', rollId: 'roll-x', pouches: roll('c-dora', [DAY]) });
    const commands = outputs.flatMap((output) =>
      output.type === 'to_device' && output.frame.t === 'command' ? [output.frame] : [],
    );
    expect(commands.map((command) => command.action)).toEqual(['lock', 'invalidate_pouches']);
    expect(h.alarmOf('wrong_citizen')).toMatchObject({ priority: 'high', state: 'unack_active', citizenId: 'c-carl' });
    expect(h.engine.device('medido-1')?.locked).toBe(true);

    const fixed = h.event('medido-1', { kind: 'roll_loaded', rollId: 'roll-2', pouches: roll('c-carl', [DAY]) });
    expect(commandsOf(fixed)).toContain('unlock');
    expect(h.alarmOf('wrong_citizen')?.state).toBe('cleared_unack');
    expect(h.engine.device('medido-1')?.locked).toBe(false);
  });

  it('a schedule change after packing invalidates the affected pouches, pauses the device and alarms the coordinator', () => {
    const h = medido();
    h.event('medido-1', { kind: 'roll_loaded', rollId: 'roll-1', pouches: roll('c-carl', [DAY, NEXT]) });
    h.advanceTo(at(DAY, '10:00'));
    h.status('medido-1');
    // The GP changes the evening dose from tomorrow on, after the pharmacy's deadline.
    const outputs = h.apply({
      type: 'registry',
      actor: 'coordinator-1',
      change: {
        kind: 'schedule_upsert',
        schedule: {
          citizenId: 'c-carl',
          validFrom: NEXT,
          source: 'fmk',
          slots: [slot('08:00', MORNING), slot('20:00', [{ drug: 'Simvastatin 40 mg', amount: 1 }])],
          packing: { packedUntil: '2026-12-06', changeDeadline: at('2026-11-20', '12:00') },
        },
      },
    });
    const frames = outputs.flatMap((output) => (output.type === 'to_device' ? [output.frame] : []));
    expect(frames).toContainEqual(
      expect.objectContaining({ action: 'invalidate_pouches', pouchIds: [`p-c-carl-${NEXT}T20:00`] }),
    );
    expect(frames).toContainEqual(expect.objectContaining({ action: 'pause' }));
    expect(h.alarmOf('schedule_changed_after_packing')).toMatchObject({
      priority: 'high',
      medication: { pouchIds: [`p-c-carl-${NEXT}T20:00`], expected: [{ drug: 'Simvastatin 40 mg', amount: 1 }] },
    });
    // The device reports paused; the dose alarms of the pause are suppressed by design.
    h.event('medido-1', { kind: 'paused' });
    expect(h.engine.device('medido-1')?.mode).toBe('paused');
    heartbeatUntil(h, 'medido-1', at(DAY, '21:05'));
    // the morning dose was missed before the pause: still open, now suppressed (hidden, no escalation)
    expect(h.alarmOf('missed_dose', `${DAY}T08:00`)).toMatchObject({ suppressed: true, state: 'unack_active' });
    // the evening dose missed during the pause: recorded, closed at once
    expect(h.alarmOf('missed_dose', `${DAY}T20:00`)).toMatchObject({ suppressed: true, state: 'closed' });
    // A replacement roll that matches: the alarm clears and the device is resumed.
    const replaced = h.event('medido-1', {
      kind: 'roll_loaded',
      rollId: 'roll-2',
      pouches: [
        pouch('c-carl', `${NEXT}T08:00`),
        pouch('c-carl', `${NEXT}T20:00`, [{ drug: 'Simvastatin 40 mg', amount: 1 }]),
      ],
    });
    expect(commandsOf(replaced)).toContain('resume');
    expect(h.alarmOf('schedule_changed_after_packing')?.cleared).toBe(true);
  });

  it('early release outside travel mode is flagged; in travel mode it is allowed and missed-dose alarms are suppressed', () => {
    const h = medido();
    h.event('medido-1', { kind: 'roll_loaded', rollId: 'roll-1', pouches: roll('c-carl', [DAY, NEXT]) });
    h.advanceTo(at(DAY, '06:30'));
    h.event('medido-1', { kind: 'early_release', slot: `${DAY}T08:00`, pouchId: `p-c-carl-${DAY}T08:00` });
    expect(h.alarmOf('outside_window')).toMatchObject({ priority: 'medium', detail: '60 min before the window' });

    h.event('medido-1', { kind: 'travel_mode', until: at(NEXT, '12:00') });
    h.event('medido-1', { kind: 'early_release', slot: `${DAY}T20:00`, pouchId: `p-c-carl-${DAY}T20:00` });
    expect(h.engine.alarms().filter((alarm) => alarm.type === 'outside_window')).toHaveLength(1);
    // away overnight: no heartbeats; the device offline alarm still comes (technical), dose alarms do not annunciate
    h.advanceTo(at(NEXT, '09:30'));
    expect(h.openTypes()).toEqual(['device_offline', 'outside_window']);
    expect(h.alarmOf('missed_dose', `${NEXT}T08:00`)).toMatchObject({ suppressed: true, state: 'closed' });
    // travel ends at noon
    h.advanceTo(at(NEXT, '12:00'));
    expect(h.engine.device('medido-1')?.mode).toBe('active');
  });

  it('roll low and empty alarms clear when a new roll is loaded; a device clock 10 min off is an alarm and times are corrected', () => {
    const h = medido();
    h.clockOffsets.set('medido-1', 10 * 60_000);
    h.status('medido-1');
    expect(h.alarmOf('clock_skew')).toMatchObject({ priority: 'low', detail: 'device clock off by 600 s' });
    h.event('medido-1', { kind: 'roll_loaded', rollId: 'roll-1', pouches: roll('c-carl', [DAY]) });
    // device says 07:35 (10 min fast) at server time 07:25: corrected 07:25 is before the 07:30 window start
    h.advanceTo(at(DAY, '07:25'));
    h.status('medido-1');
    h.event('medido-1', { kind: 'dispensed', slot: `${DAY}T08:00`, pouchId: `p-c-carl-${DAY}T08:00` });
    expect(h.alarmOf('outside_window')?.detail).toBe('5 min before the window');
    h.event('medido-1', { kind: 'roll_low', remaining: 1 });
    h.event('medido-1', { kind: 'roll_empty' });
    expect(h.alarmOf('roll_low')?.cleared).toBe(true);
    expect(h.alarmOf('roll_empty')).toMatchObject({ priority: 'medium', cleared: false });
    h.event('medido-1', { kind: 'roll_loaded', rollId: 'roll-2', pouches: roll('c-carl', [NEXT]) });
    expect(h.alarmOf('roll_empty')?.cleared).toBe(true);
    // clock fixed
    h.clockOffsets.set('medido-1', 0);
    h.status('medido-1');
    expect(h.alarmOf('clock_skew')?.cleared).toBe(true);
  });

  it('sequence gaps are reported with the expected seq and not applied; repeated gaps raise device_fault', () => {
    const h = medido();
    expect(h.event('medido-1', { kind: 'dose_due', slot: `${DAY}T08:00` }, { seq: 3 })).toContainEqual({
      type: 'event_result',
      deviceId: 'medido-1',
      seq: 3,
      status: 'gap',
      expectedSeq: 1,
    });
    expect(h.engine.lastSeq('medido-1')).toBe(0);
    h.event('medido-1', { kind: 'dose_due', slot: `${DAY}T08:00` }, { seq: 4 });
    h.event('medido-1', { kind: 'dose_due', slot: `${DAY}T08:00` }, { seq: 5 });
    expect(h.alarmOf('device_fault')).toMatchObject({ priority: 'medium', deviceId: 'medido-1' });
    expect(h.event('medido-1', { kind: 'dose_due', slot: `${DAY}T08:00` }, { seq: 1 })).toContainEqual(
      expect.objectContaining({ status: 'applied' }),
    );
  });
});
