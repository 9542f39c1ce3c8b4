import { describe, expect, it } from 'vitest';
import { at, EVENING, Harness, MORNING, slot } from '../engine/harness.js';

const DAY = '2026-11-25';

describe('a day in the life: FlexSmart app (confirm / not confirmed only)', () => {
  it('confirmed doses raise nothing; not confirmed raises an alarm; a silent app goes offline and a missed dose waits for the replay', () => {
    const h = new Harness(at(DAY, '06:00'));
    h.setup({
      citizenId: 'c-anna',
      deviceId: 'app-1',
      type: 'flexsmart',
      validFrom: DAY,
      slots: [slot('08:00', MORNING), slot('20:00', EVENING)],
    });
    h.connect('app-1', 'flexsmart');
    expect(h.engine.device('app-1')).toMatchObject({ online: true, nextDose: { slot: `${DAY}T08:00` } });

    // 08:05 Anna confirms the morning dose: inside the window, no alarm.
    h.now = at(DAY, '08:05');
    h.status('app-1');
    const confirmed = h.event('app-1', { kind: 'confirmed', slot: `${DAY}T08:00` });
    expect(confirmed).toContainEqual({ type: 'event_result', deviceId: 'app-1', seq: 1, status: 'applied' });
    expect(h.engine.dose('c-anna', `${DAY}T08:00`)).toMatchObject({ status: 'taken', evidence: 'app' });
    expect(h.engine.device('app-1')?.nextDose?.slot).toBe(`${DAY}T20:00`);

    // Heartbeats all day keep the app online.
    for (let time = at(DAY, '08:05'); time < at(DAY, '20:00'); time += 60_000) {
      h.advanceTo(time);
      h.status('app-1');
    }
    expect(h.openTypes()).toEqual([]);

    // 20:45 the reminder ran out: not confirmed → alarm (medium), no separate missed-dose alarm at the window end.
    h.advanceTo(at(DAY, '20:45'));
    h.status('app-1');
    h.event('app-1', { kind: 'not_confirmed', slot: `${DAY}T20:00` });
    expect(h.openTypes()).toEqual(['not_confirmed']);
    expect(h.alarmOf('not_confirmed')).toMatchObject({
      priority: 'medium',
      state: 'unack_active',
      slot: `${DAY}T20:00`,
    });
    h.advanceTo(at(DAY, '20:59'));
    h.status('app-1');
    h.advanceTo(at(DAY, '21:00') + 1);
    expect(h.openTypes()).toEqual(['not_confirmed']);

    // 21:10 Anna confirms after the call: the alarm clears (still unacknowledged), the e-Team acknowledges → closed.
    h.advanceTo(at(DAY, '21:10'));
    h.event('app-1', { kind: 'confirmed', slot: `${DAY}T20:00` });
    expect(h.alarmOf('not_confirmed')?.state).toBe('cleared_unack');
    const alarmId = h.alarmOf('not_confirmed')!.id;
    h.command({ action: 'acknowledge', alarmId });
    expect(h.alarmOf('not_confirmed')).toMatchObject({
      state: 'closed',
      acknowledgedBy: 'nurse-1',
      timeToAcknowledgeMs: 25 * 60_000,
    });
  });

  it('a phone that goes silent: offline after 1.5 heartbeats, the missed dose waits the grace period, the replay settles it', () => {
    const h = new Harness(at(DAY, '07:00'));
    h.setup({
      citizenId: 'c-bo',
      deviceId: 'app-2',
      type: 'flexsmart',
      validFrom: DAY,
      slots: [slot('08:00', MORNING)],
    });
    h.connect('app-2', 'flexsmart');
    h.status('app-2');
    // silent from 07:00: offline at 07:01:30 (on the 5 s sweep grid)
    h.advanceTo(at(DAY, '07:01') + 25_000);
    expect(h.openTypes()).toEqual([]);
    h.advanceTo(at(DAY, '07:01') + 30_000);
    expect(h.openTypes()).toEqual(['device_offline']);
    expect(h.engine.device('app-2')?.online).toBe(false);
    // window ends 09:00, but the app is silent: wait 15 min grace
    h.advanceTo(at(DAY, '09:10'));
    expect(h.openTypes()).toEqual(['device_offline']);
    // 09:12 it reconnects and replays the 08:10 confirmation
    h.advanceTo(at(DAY, '09:12'));
    h.connect('app-2', 'flexsmart');
    h.event('app-2', { kind: 'confirmed', slot: `${DAY}T08:00` }, { deviceTime: at(DAY, '08:10') });
    expect(h.alarmOf('device_offline')).toMatchObject({
      cleared: true,
      state: 'cleared_unack',
      clearedBy: 'device:app-2',
    });
    h.advanceTo(at(DAY, '09:30'));
    expect(h.alarmOf('missed_dose')).toBeUndefined();
  });

  it('no replay within the grace period: missed dose raised, escalates when not acknowledged, a late replay clears it', () => {
    const h = new Harness(at(DAY, '07:00'));
    h.setup({
      citizenId: 'c-bo',
      deviceId: 'app-2',
      type: 'flexsmart',
      validFrom: DAY,
      slots: [slot('08:00', MORNING)],
    });
    h.connect('app-2', 'flexsmart');
    h.advanceTo(at(DAY, '09:15'));
    expect(h.alarmOf('missed_dose')).toMatchObject({
      priority: 'medium',
      escalationLevel: 0,
      medication: { expected: MORNING },
    });
    h.advanceTo(at(DAY, '09:45'));
    expect(h.alarmOf('missed_dose')?.escalationLevel).toBe(1);
    h.connect('app-2', 'flexsmart');
    h.event('app-2', { kind: 'confirmed', slot: `${DAY}T08:00` }, { deviceTime: at(DAY, '08:30') });
    expect(h.alarmOf('missed_dose')?.state).toBe('cleared_unack');
  });
});
