import { describe, expect, it } from 'vitest';
import { at, Harness, MORNING, slot } from './harness.js';

const DAY = '2026-11-25';

function team(size: number): Harness {
  const h = new Harness(at(DAY, '10:00'));
  for (let n = 1; n <= size; n += 1) {
    h.setup({
      citizenId: `c-${n}`,
      deviceId: `d-${n}`,
      type: 'medido',
      validFrom: DAY,
      slots: [slot('20:00', MORNING)],
    });
    h.connect(`d-${n}`, 'medido');
  }
  return h;
}

describe('mass offline becomes one incident', () => {
  it('three devices of a team going silent within minutes are linked to one incident listing the citizens', () => {
    const h = team(10);
    // d-1 … d-3 stop talking; the others keep sending heartbeats
    for (let minute = 1; minute <= 4; minute += 1) {
      h.advanceTo(at(DAY, '10:00') + minute * 60_000);
      for (let n = 4; n <= 10; n += 1) h.status(`d-${n}`);
    }
    const incidents = h.engine.incidents();
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ teamId: 'team-a', cause: 'mass_offline', citizenIds: ['c-1', 'c-2', 'c-3'] });
    const offline = h.engine.alarms().filter((alarm) => alarm.type === 'device_offline');
    expect(offline.map((alarm) => alarm.incidentId)).toEqual(['in-1', 'in-1', 'in-1']);
    expect(incidents[0]!.alarmIds).toEqual(offline.map((alarm) => alarm.id));

    // They come back: alarms clear, the incident closes.
    for (let n = 1; n <= 3; n += 1) h.status(`d-${n}`);
    expect(h.engine.incidents()[0]!.closedAt).toBe(h.now);
  });

  it('a single silent device stays a single alarm', () => {
    const h = team(10);
    for (let minute = 1; minute <= 4; minute += 1) {
      h.advanceTo(at(DAY, '10:00') + minute * 60_000);
      for (let n = 2; n <= 10; n += 1) h.status(`d-${n}`);
    }
    expect(h.engine.incidents()).toEqual([]);
    expect(h.openTypes()).toEqual(['device_offline']);
  });
});

describe('daylight saving: a 02:30 dose slot', () => {
  it('on the spring-forward day (2026-03-29) is due at 03:30 CEST and missed only after its shifted window', () => {
    const h = new Harness(at('2026-03-28', '22:00'));
    h.setup({
      citizenId: 'c-1',
      deviceId: 'd-1',
      type: 'medido',
      validFrom: '2026-03-28',
      slots: [slot('02:30', MORNING, { earlyMinutes: 15, lateMinutes: 30 })],
    });
    h.connect('d-1', 'medido');
    const dose = h.engine.dose('c-1', '2026-03-29T02:30');
    expect(new Date(dose!.dueAt).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // keep the device talking; no alarm before 04:00 CEST (02:00 UTC)
    while (h.now < Date.UTC(2026, 2, 29, 1, 59)) {
      h.advanceBy(60_000);
      h.status('d-1');
    }
    expect(h.alarmOf('missed_dose')).toBeUndefined();
    while (h.now < Date.UTC(2026, 2, 29, 2, 1)) {
      h.advanceBy(60_000);
      h.status('d-1');
    }
    expect(h.alarmOf('missed_dose')).toMatchObject({ slot: '2026-03-29T02:30', raisedAt: Date.UTC(2026, 2, 29, 2, 0) });
  });

  it('on the fall-back day (2026-10-25) is due at the first 02:30 (CEST) and taken once, not twice', () => {
    const h = new Harness(at('2026-10-24', '22:00'));
    h.setup({
      citizenId: 'c-1',
      deviceId: 'd-1',
      type: 'flexsmart',
      validFrom: '2026-10-24',
      slots: [slot('02:30', MORNING, { earlyMinutes: 15, lateMinutes: 30 })],
    });
    h.connect('d-1', 'flexsmart');
    const dose = h.engine.dose('c-1', '2026-10-25T02:30');
    expect(new Date(dose!.dueAt).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    h.now = Date.UTC(2026, 9, 25, 0, 35);
    h.event('d-1', { kind: 'confirmed', slot: '2026-10-25T02:30' });
    expect(h.openTypes()).toEqual([]);
    // an hour later the wall clock shows 02:35 again: confirming the slot again is a double dose
    h.now = Date.UTC(2026, 9, 25, 1, 35);
    h.status('d-1');
    h.event('d-1', { kind: 'confirmed', slot: '2026-10-25T02:30' });
    expect(h.openTypes()).toEqual(['double_dose_attempt']);
  });
});
