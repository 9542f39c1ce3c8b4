import { describe, expect, it } from 'vitest';
import { computeKeyFigures, keyFiguresCsv, replayHistory, responseBreachesCsv } from '../../src/index.js';
import { at } from './fixtures.js';
import { kpiFixture } from './kpi-fixture.js';

const MIN = 60_000;

describe('key figures on a hand-counted fixture', () => {
  const { h, until } = kpiFixture();
  const history = replayHistory(h.inputs, until, { heartbeatIntervalMs: 10 * MIN });
  const figures = computeKeyFigures(history, { from: at('2026-11-23', '00:00'), to: until });

  it('counts doses: 6 due, 3 taken in window, 2 missed (one not confirmed), 1 skipped', () => {
    expect(
      history.doses
        .filter((dose) => dose.status !== 'pending' && dose.slot >= '2026-11-23')
        .map((dose) => `${dose.citizenId} ${dose.slot} ${dose.status}`)
        .sort(),
    ).toEqual([
      'c-anna 2026-11-23T08:00 taken',
      'c-anna 2026-11-23T20:00 missed',
      'c-anna 2026-11-24T08:00 taken',
      'c-anna 2026-11-24T20:00 skipped',
      'c-bo 2026-11-23T09:00 taken',
      'c-bo 2026-11-24T09:00 not_confirmed',
    ]);
    expect(figures).toMatchObject({
      citizens: 2,
      dosesDue: 6,
      dosesTakenInWindow: 3,
      dosesMissed: 2,
      dosesSkipped: 1,
      adherence: 0.5,
    });
    expect(figures.missedPer100).toBeCloseTo(33.333, 2);
  });

  it('counts visits avoided per step: step 2 planned 4, one visit made; step 1 planned 2', () => {
    expect(figures.visits).toEqual([
      { step: 1, planned: 2, made: 0, avoided: 2 },
      { step: 2, planned: 4, made: 1, avoided: 3 },
    ]);
    expect(figures.visitsAvoided).toBe(5);
  });

  it('measures alarm handling against the response limits and lists the breach', () => {
    expect(history.alarms.map((alarm) => [alarm.type, alarm.timeToAcknowledgeMs, alarm.timeToResolveMs])).toEqual([
      ['missed_dose', 10 * MIN, 40 * MIN],
      ['not_confirmed', 5 * MIN, 20 * MIN],
      ['device_offline', 45 * MIN, 120 * MIN],
      ['missed_dose', 10 * MIN, 20 * MIN],
    ]);
    expect(figures.alarms).toBe(4);
    const { high, medium, low } = figures.alarmsByPriority;
    expect(high + medium + low).toBe(4);
    // 4 alarms / (2 citizens × 2/7 weeks)
    expect(figures.alarmsPerCitizenWeek).toBeCloseTo(7, 9);
    // nearest rank: acknowledge [5, 10, 10, 45] min, resolve [20, 20, 40, 120] min
    expect(figures.timeToAcknowledge).toMatchObject({ count: 4, p50Ms: 10 * MIN, p95Ms: 45 * MIN });
    expect(figures.timeToAcknowledge.byPriority.medium.count).toBeGreaterThan(0);
    expect(figures.timeToResolve).toEqual({ count: 4, p50Ms: 20 * MIN, p95Ms: 120 * MIN });
    expect(figures.responseBreaches).toEqual([
      expect.objectContaining({
        type: 'device_offline',
        citizenId: 'c-anna',
        responseLimitMs: 30 * MIN,
        timeToAcknowledgeMs: 45 * MIN,
      }),
    ]);
  });

  it('counts 2 offline hours and one move up the staircase', () => {
    expect(figures.offlineHours).toBe(2);
    expect(figures).toMatchObject({ staircaseMovesUp: 1, staircaseMovesDown: 0 });
  });

  it('exports CSV', () => {
    const csv = keyFiguresCsv(figures);
    expect(csv.split('\r\n')[0]).toBe('figure,breakdown,value,unit');
    expect(csv).toContain('\r\nadherence,,0.5,ratio\r\n');
    expect(csv).toContain('\r\nvisits_avoided,step 2,3,count\r\n');
    expect(csv).toContain('\r\noffline_hours,,2,h\r\n');
    expect(responseBreachesCsv(figures).split('\r\n')[1]).toMatch(
      /^\S+,device_offline,medium,c-anna,2026-11-24T11:15:00.000Z,30,45$/,
    );
  });

  it('filters by team and period', () => {
    expect(
      computeKeyFigures(history, { from: at('2026-11-23', '00:00'), to: until, teamIds: ['team-x'] }),
    ).toMatchObject({ citizens: 0, dosesDue: 0, alarms: 0 });
    expect(computeKeyFigures(history, { from: at('2026-11-24', '00:00'), to: until })).toMatchObject({
      dosesDue: 3,
      alarms: 3,
    });
  });
});
