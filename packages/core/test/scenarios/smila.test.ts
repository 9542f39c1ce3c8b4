import { describe, expect, it } from 'vitest';
import { at, EVENING, Harness, MORNING, slot } from '../engine/harness.js';

const DAY = '2026-11-25';

function smila(): Harness {
  const h = new Harness(at(DAY, '06:00'));
  h.setup({
    citizenId: 'c-erik',
    deviceId: 'smila-1',
    type: 'smila',
    validFrom: DAY,
    slots: [slot('08:00', MORNING), slot('20:00', EVENING)],
  });
  h.connect('smila-1', 'smila');
  return h;
}

describe('a day in the life: Smila (dose pouches with two-way video)', () => {
  it('an intake observed on video counts as taken with video evidence; "not taken" on video is a missed dose', () => {
    const h = smila();
    h.advanceTo(at(DAY, '08:10'));
    h.status('smila-1');
    h.event('smila-1', { kind: 'video_started', callId: 'call-1' });
    h.event('smila-1', {
      kind: 'video_ended',
      callId: 'call-1',
      observed: { slot: `${DAY}T08:00`, outcome: 'taken' },
    });
    expect(h.engine.dose('c-erik', `${DAY}T08:00`)).toMatchObject({ status: 'taken', evidence: 'video' });
    expect(h.openTypes()).toEqual([]);
    expect(h.outputs).toContainEqual({
      type: 'audit',
      entry: expect.objectContaining({ action: 'dose_taken', detail: `observed by video: ${DAY}T08:00` }) as unknown,
    });

    h.advanceTo(at(DAY, '20:20'));
    h.status('smila-1');
    h.event('smila-1', { kind: 'video_ended', observed: { slot: `${DAY}T20:00`, outcome: 'not_taken' } });
    expect(h.alarmOf('missed_dose')).toMatchObject({ slot: `${DAY}T20:00`, detail: 'observed not taken on video' });
  });

  it('a jam, a help request, tamper, power loss and low battery each raise their alarm; power and battery clear', () => {
    const h = smila();
    h.advanceTo(at(DAY, '08:00'));
    h.event('smila-1', { kind: 'dispense_failed', slot: `${DAY}T08:00`, reason: 'jam' });
    expect(h.alarmOf('dispense_failed')).toMatchObject({ priority: 'high', responseLimitMs: 15 * 60_000 });
    h.event('smila-1', { kind: 'help_requested' });
    h.event('smila-1', { kind: 'tamper', detail: 'lid forced' });
    h.event('smila-1', { kind: 'power_lost' });
    h.event('smila-1', { kind: 'battery_low', battery: 15 });
    expect(h.openTypes()).toEqual(['battery_low', 'dispense_failed', 'help_requested', 'power_lost', 'tamper']);
    expect(h.engine.device('smila-1')).toMatchObject({ power: 'battery', battery: 15 });

    h.event('smila-1', { kind: 'power_restored' });
    h.status('smila-1', { battery: 60, power: 'mains' });
    expect(h.openTypes()).toEqual(['dispense_failed', 'help_requested', 'tamper']);

    // The e-Team resolves the jam: the staff gave the dose by hand.
    const jam = h.alarmOf('dispense_failed')!;
    h.command({ action: 'assign', alarmId: jam.id, assignee: 'nurse-2' });
    h.command({ action: 'comment', alarmId: jam.id, text: 'visiting now' });
    h.command({ action: 'resolve', alarmId: jam.id, outcome: 'dose_given_by_staff' });
    expect(h.alarmOf('dispense_failed')).toMatchObject({
      state: 'closed',
      assignee: 'nurse-2',
      outcome: 'dose_given_by_staff',
      acknowledgedBy: 'nurse-1',
      timeToResolveMs: 0,
    });
  });
});
