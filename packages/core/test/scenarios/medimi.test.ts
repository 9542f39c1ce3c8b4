import { describe, expect, it } from 'vitest';
import { at, Harness, slot } from '../engine/harness.js';

const DAY = '2026-11-25';
const LEVODOPA = { drug: 'Levodopa 100 mg', amount: 1 };
const METFORMIN = { drug: 'Metformin 500 mg', amount: 2 };

function medimi(): Harness {
  const h = new Harness(at(DAY, '06:00'));
  h.setup({
    citizenId: 'c-frida',
    deviceId: 'medimi-1',
    type: 'medimi',
    validFrom: DAY,
    slots: [
      slot('08:00', [LEVODOPA, METFORMIN], { timeCritical: true, earlyMinutes: 15, lateMinutes: 30 }),
      slot('14:00', [LEVODOPA], { timeCritical: true, earlyMinutes: 15, lateMinutes: 30 }),
    ],
  });
  h.connect('medimi-1', 'medimi');
  h.event('medimi-1', { kind: 'cassette_loaded', cassetteId: 'A', drug: LEVODOPA.drug, units: 28 });
  h.event('medimi-1', { kind: 'cassette_loaded', cassetteId: 'B', drug: METFORMIN.drug, units: 4 });
  return h;
}

describe('a day in the life: MedimiSmart (robot composing doses from per-drug cassettes)', () => {
  it('a correctly composed dose passes and counts down the cassettes; a wrong composition is a high wrong_dose alarm', () => {
    const h = medimi();
    h.advanceTo(at(DAY, '08:01'));
    h.status('medimi-1');
    h.event('medimi-1', { kind: 'dispensed', slot: `${DAY}T08:00`, contents: [METFORMIN, LEVODOPA] });
    expect(h.openTypes()).toEqual([]);
    expect(h.engine.device('medimi-1')?.fill.cassettes).toEqual([
      { cassetteId: 'A', remaining: 27, medication: { drug: LEVODOPA.drug } },
      { cassetteId: 'B', remaining: 2, medication: { drug: METFORMIN.drug } },
    ]);

    h.advanceTo(at(DAY, '14:00'));
    h.status('medimi-1');
    h.event('medimi-1', { kind: 'dispensed', slot: `${DAY}T14:00`, contents: [{ drug: LEVODOPA.drug, amount: 2 }] });
    expect(h.alarmOf('wrong_dose')).toMatchObject({
      priority: 'high',
      medication: { expected: [LEVODOPA], actual: [{ drug: LEVODOPA.drug, amount: 2 }] },
    });
  });

  it('cassette low and empty alarms name the drug only in the medication part and clear on refill', () => {
    const h = medimi();
    h.event('medimi-1', { kind: 'cassette_low', cassetteId: 'B', remaining: 2 });
    expect(h.alarmOf('cassette_low')).toMatchObject({
      priority: 'low',
      detail: 'cassette B',
      medication: { drug: METFORMIN.drug },
    });
    h.event('medimi-1', { kind: 'cassette_empty', cassetteId: 'B' });
    expect(h.alarmOf('cassette_empty')).toMatchObject({ priority: 'medium' });
    expect(JSON.stringify({ ...h.alarmOf('cassette_empty'), medication: undefined })).not.toContain('Metformin');
    h.event('medimi-1', { kind: 'cassette_loaded', cassetteId: 'B', drug: METFORMIN.drug, units: 56 });
    expect(h.openTypes()).toEqual([]);
  });

  it('a missed time-critical dose is high priority and escalates each response limit until acknowledged', () => {
    const h = medimi();
    for (let time = h.now; time <= at(DAY, '08:31'); time += 60_000) {
      h.advanceTo(time);
      h.status('medimi-1');
    }
    expect(h.alarmOf('missed_dose')).toMatchObject({ priority: 'high', escalationLevel: 0, state: 'unack_active' });
    const id = h.alarmOf('missed_dose')!.id;
    for (let time = h.now; time <= at(DAY, '09:31'); time += 60_000) {
      h.advanceTo(time);
      h.status('medimi-1');
    }
    expect(h.alarmOf('missed_dose')?.escalationLevel).toBe(2);
    // Shelving stops escalation until the shelf time ends.
    h.command({ action: 'shelve', alarmId: id, durationMs: 60 * 60_000 });
    for (let time = h.now; time <= at(DAY, '10:29'); time += 60_000) {
      h.advanceTo(time);
      h.status('medimi-1');
    }
    expect(h.alarmOf('missed_dose')).toMatchObject({ escalationLevel: 2 });
    expect(h.alarmOf('missed_dose')?.shelvedUntil).toBeDefined();
    h.advanceTo(at(DAY, '10:32'));
    expect(h.alarmOf('missed_dose')).toMatchObject({ escalationLevel: 3, shelvedUntil: undefined });
    h.command({ action: 'acknowledge', alarmId: id });
    expect(h.command({ action: 'acknowledge', alarmId: id })).toContainEqual(
      expect.objectContaining({ type: 'command_result', ok: false, code: 'conflict' }),
    );
    expect(h.command({ action: 'acknowledge', alarmId: 'al-999' })).toContainEqual(
      expect.objectContaining({ type: 'command_result', ok: false, code: 'not_found' }),
    );
    h.command({ action: 'resolve', alarmId: id, outcome: 'dose_given_by_staff', note: 'visit 10:45' });
    expect(h.alarmOf('missed_dose')).toMatchObject({ state: 'closed', outcome: 'dose_given_by_staff' });
  });
});
