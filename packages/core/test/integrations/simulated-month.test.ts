import { describe, expect, it } from 'vitest';
import { addLocalDays, computeKeyFigures, keyFiguresCsv, replayHistory } from '../../src/index.js';
import { Harness } from '../engine/harness.js';
import { at } from './fixtures.js';

/** mulberry32: a small seeded generator, so the month is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOUR = 3_600_000;
const MIN = 60_000;
const CONFIG = { heartbeatIntervalMs: HOUR };
const CITIZENS = 10;
const DAYS = 30;
const FIRST = '2026-03-02'; // March: the month crosses the spring-forward night (29 March)

describe('a simulated month (10 citizens on MedidoClock, 2 doses a day, seeded)', () => {
  const next = random(20260302);
  const h = new Harness(at('2026-03-01', '12:00'), CONFIG);
  const expected = { taken: 0, missed: 0, skipped: 0, visits: 0, breaches: 0, outages: 0 };
  const actions: { at: number; run: () => void }[] = [];
  const ids = Array.from({ length: CITIZENS }, (_, index) => index);
  for (const index of ids) {
    h.setup({
      team: 'team-a',
      citizenId: `c-${index}`,
      deviceId: `dev-${index}`,
      type: 'medido',
      validFrom: '2026-03-01',
      slots: ['08:00', '20:00'].map((time) => ({
        time,
        earlyMinutes: 30,
        lateMinutes: 60,
        timeCritical: false,
        contents: [{ drug: 'Metformin 500 mg', amount: 1 }],
      })),
    });
    h.apply({
      type: 'registry',
      change: {
        kind: 'citizen_upsert',
        citizen: {
          id: `c-${index}`,
          teamId: 'team-a',
          name: `Borger ${index}`,
          address: `Vej ${index}`,
          staircaseStep: 2,
        },
      },
    });
    h.connect(`dev-${index}`, 'medido');
  }
  const silent = new Set<string>(); // `${device}|${hour instant}` without a heartbeat
  const handle = (alarmOf: () => string | undefined, raisedAt: number, visit: boolean) => {
    const ackDelay = Math.round(1 + next() * 44) * MIN;
    if (ackDelay > 30 * MIN) expected.breaches += 1;
    const resolveDelay = ackDelay + Math.round(5 + next() * 55) * MIN;
    if (visit) expected.visits += 1;
    actions.push({
      at: raisedAt + ackDelay,
      run: () => void h.command({ action: 'acknowledge', alarmId: alarmOf()! }),
    });
    actions.push({
      at: raisedAt + resolveDelay,
      run: () =>
        void h.command({ action: 'resolve', alarmId: alarmOf()!, outcome: visit ? 'visit_made' : 'dose_omitted' }),
    });
  };
  for (let day = 0; day < DAYS; day += 1) {
    const date = addLocalDays(FIRST, day);
    for (const index of ids) {
      const device = `dev-${index}`;
      for (const time of ['08:00', '20:00']) {
        const slot = `${date}T${time}`;
        const roll = next();
        const alarmOf = () =>
          h.engine
            .alarms({ citizenId: `c-${index}` })
            .find((alarm) => alarm.type === 'missed_dose' && alarm.slot === slot)?.id;
        if (roll < 0.93) {
          expected.taken += 1;
          const takenAt = at(date, time) + Math.round(-25 + next() * 80) * MIN;
          actions.push({
            at: takenAt,
            run: () => (h.event(device, { kind: 'dispensed', slot }), h.event(device, { kind: 'taken', slot })),
          });
        } else if (roll < 0.97) {
          expected.missed += 1;
          handle(alarmOf, at(date, time) + 60 * MIN, next() < 0.4);
        } else {
          expected.skipped += 1;
          const skippedAt = at(date, time) + 10 * MIN;
          actions.push({ at: skippedAt, run: () => void h.event(device, { kind: 'skipped', slot }) });
          handle(alarmOf, skippedAt, false);
        }
      }
      if (next() < 0.05) {
        // silent 10:00–16:00 (last heartbeat 10:00): offline from 11:30 (1.5 intervals) to 16:00 = 4.5 h
        expected.outages += 1;
        for (let hour = 11; hour < 16; hour += 1)
          silent.add(`${device}|${at(date, `${String(hour).padStart(2, '0')}:00`)}`);
        const raisedAt = at(date, '11:30');
        const alarmOf = () =>
          h.engine
            .alarms({ deviceId: device })
            .find((alarm) => alarm.type === 'device_offline' && alarm.raisedAt === raisedAt)?.id;
        const ackDelay = Math.round(1 + next() * 44) * MIN;
        if (ackDelay > 30 * MIN) expected.breaches += 1;
        actions.push({
          at: raisedAt + ackDelay,
          run: () => void h.command({ action: 'acknowledge', alarmId: alarmOf()! }),
        });
      }
    }
  }
  const end = at(addLocalDays(FIRST, DAYS), '00:00') + 2 * HOUR;
  for (let hour = at('2026-03-01', '13:00'); hour <= end; hour += HOUR) {
    actions.push({
      at: hour,
      run: () => ids.forEach((index) => silent.has(`dev-${index}|${hour}`) || void h.status(`dev-${index}`)),
    });
  }
  actions.sort((a, b) => a.at - b.at);
  for (const action of actions) {
    h.advanceTo(action.at);
    action.run();
  }
  const history = replayHistory(h.inputs, end, CONFIG);
  const figures = computeKeyFigures(history, { from: at(FIRST, '00:00'), to: at(addLocalDays(FIRST, DAYS), '00:00') });

  it('matches what was generated, exactly', () => {
    const due = CITIZENS * DAYS * 2;
    expect(figures.dosesDue).toBe(due);
    expect(figures.dosesTakenInWindow).toBe(expected.taken);
    expect(figures.dosesMissed).toBe(expected.missed);
    expect(figures.dosesSkipped).toBe(expected.skipped);
    expect(figures.adherence).toBeCloseTo(expected.taken / due, 12);
    expect(figures.alarms).toBe(expected.missed + expected.skipped + expected.outages);
    expect(figures.responseBreaches).toHaveLength(expected.breaches);
    expect(figures.visits).toEqual([{ step: 2, planned: due, made: expected.visits, avoided: due - expected.visits }]);
    expect(figures.offlineHours).toBeCloseTo(expected.outages * 4.5, 9);
  });

  it('is plausible: adherence 90–99 %, a few missed per 100, p50 ≤ p95 ≤ 45 min to acknowledge', () => {
    expect(figures.adherence).toBeGreaterThan(0.9);
    expect(figures.adherence).toBeLessThan(0.99);
    expect(figures.missedPer100).toBeGreaterThan(1);
    expect(figures.missedPer100).toBeLessThan(8);
    expect(figures.timeToAcknowledge.p50Ms!).toBeLessThanOrEqual(figures.timeToAcknowledge.p95Ms!);
    expect(figures.timeToAcknowledge.p95Ms!).toBeLessThanOrEqual(45 * MIN);
    expect(figures.alarmsPerCitizenWeek).toBeGreaterThan(0);
    expect(figures.alarmsPerCitizenWeek).toBeLessThan(3);
    expect(keyFiguresCsv(figures)).toContain('\r\ndoses_due,,600,count\r\n');
  });
});
