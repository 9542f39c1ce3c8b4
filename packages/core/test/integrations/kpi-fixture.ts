import type { DoseSlot } from '../../src/index.js';
import { Harness } from '../engine/harness.js';
import { at } from './fixtures.js';

const slot = (time: string, drug: string): DoseSlot => ({
  time,
  earlyMinutes: 30,
  lateMinutes: 60,
  timeCritical: false,
  contents: [{ drug, amount: 1 }],
});
const TEN_MIN = 10 * 60_000;

/**
 * A small, hand-countable two days (Mon 2026-11-23 and Tue 2026-11-24) for team-a:
 * - Anna (step 2, MedidoClock): D1 08:00 taken 08:05; D1 20:00 missed (alarm acked 21:10, resolved "visit_made"
 *   21:40); D2 08:00 taken 08:50; D2 20:00 skipped; the device is silent 12:00–14:15 on D2 (offline 12:15–14:15,
 *   alarm acked 13:00: 45 min, over the 30 min limit).
 * - Bo (step 1, FlexSmart): D1 09:00 confirmed 09:10; D2 09:00 not confirmed (the app says so at 09:45; alarm acked
 *   09:50, resolved "dose_taken" 10:05); moved up to step 2 on D2 15:00.
 * - Anna's skipped dose raises missed_dose at 20:10 (acked 20:20, resolved "dose_omitted" 20:30).
 * Heartbeats every 10 minutes (offline after 15 min of silence).
 */
export function kpiFixture(): { h: Harness; until: number } {
  const h = new Harness(at('2026-11-22', '23:00'), { heartbeatIntervalMs: TEN_MIN });
  h.setup({
    citizenId: 'c-anna',
    deviceId: 'medido-a',
    type: 'medido',
    slots: [slot('08:00', 'Metformin 500 mg'), slot('20:00', 'Simvastatin 20 mg')],
    validFrom: '2026-11-22',
  });
  setupSecond(h);
  h.connect('medido-a', 'medido');
  h.connect('app-b', 'flexsmart');
  const quiet = { from: at('2026-11-24', '12:00'), to: at('2026-11-24', '14:15') };
  const beatUntil = (until: number) => {
    while (h.now + TEN_MIN <= until) {
      h.advanceBy(TEN_MIN);
      if (h.now <= quiet.from || h.now >= quiet.to) h.status('medido-a');
      h.status('app-b');
    }
    h.advanceTo(until);
    if (h.now <= quiet.from || h.now >= quiet.to) h.status('medido-a');
    h.status('app-b');
  };
  const alarmId = (type: string, slotKey?: string) => h.alarmOf(type as never, slotKey)!.id;

  beatUntil(at('2026-11-23', '08:05'));
  h.event('medido-a', { kind: 'dispensed', slot: '2026-11-23T08:00' });
  h.event('medido-a', { kind: 'taken', slot: '2026-11-23T08:00' });
  beatUntil(at('2026-11-23', '09:10'));
  h.event('app-b', { kind: 'confirmed', slot: '2026-11-23T09:00' });
  beatUntil(at('2026-11-23', '21:10'));
  h.command({ action: 'acknowledge', alarmId: alarmId('missed_dose', '2026-11-23T20:00') });
  beatUntil(at('2026-11-23', '21:40'));
  h.command({ action: 'resolve', alarmId: alarmId('missed_dose', '2026-11-23T20:00'), outcome: 'visit_made' });

  beatUntil(at('2026-11-24', '08:50'));
  h.event('medido-a', { kind: 'dispensed', slot: '2026-11-24T08:00' });
  h.event('medido-a', { kind: 'taken', slot: '2026-11-24T08:00' });
  beatUntil(at('2026-11-24', '09:45'));
  h.event('app-b', { kind: 'not_confirmed', slot: '2026-11-24T09:00' });
  beatUntil(at('2026-11-24', '09:50'));
  h.command({ action: 'acknowledge', alarmId: alarmId('not_confirmed', '2026-11-24T09:00') });
  beatUntil(at('2026-11-24', '10:05'));
  h.command({ action: 'resolve', alarmId: alarmId('not_confirmed', '2026-11-24T09:00'), outcome: 'dose_taken' });
  beatUntil(at('2026-11-24', '12:00'));
  beatUntil(at('2026-11-24', '13:00'));
  h.command({ action: 'acknowledge', alarmId: alarmId('device_offline') });
  beatUntil(at('2026-11-24', '14:15'));
  beatUntil(at('2026-11-24', '15:00'));
  h.apply({
    type: 'registry',
    change: {
      kind: 'citizen_upsert',
      citizen: {
        id: 'c-bo',
        teamId: 'team-a',
        name: 'Bo Berg',
        address: 'Vestergade 2, 8000 Aarhus C',
        staircaseStep: 2,
      },
    },
  });
  beatUntil(at('2026-11-24', '20:10'));
  h.event('medido-a', { kind: 'skipped', slot: '2026-11-24T20:00' });
  beatUntil(at('2026-11-24', '20:20'));
  h.command({ action: 'acknowledge', alarmId: alarmId('missed_dose', '2026-11-24T20:00') });
  beatUntil(at('2026-11-24', '20:30'));
  h.command({ action: 'resolve', alarmId: alarmId('missed_dose', '2026-11-24T20:00'), outcome: 'dose_omitted' });
  beatUntil(at('2026-11-25', '00:00'));
  return { h, until: at('2026-11-25', '00:00') };
}

function setupSecond(h: Harness): void {
  h.apply({
    type: 'registry',
    change: {
      kind: 'citizen_upsert',
      citizen: {
        id: 'c-bo',
        teamId: 'team-a',
        name: 'Bo Berg',
        address: 'Vestergade 2, 8000 Aarhus C',
        staircaseStep: 1,
      },
    },
  });
  h.apply({
    type: 'registry',
    change: {
      kind: 'device_upsert',
      device: { deviceId: 'app-b', type: 'flexsmart', teamId: 'team-a', citizenId: 'c-bo' },
    },
  });
  h.apply({
    type: 'registry',
    change: {
      kind: 'schedule_upsert',
      schedule: {
        citizenId: 'c-bo',
        validFrom: '2026-11-22',
        source: 'eoj',
        slots: [slot('09:00', 'Furosemid 40 mg')],
      },
    },
  });
  // Anna's record with her real step and address (the harness registers step 1).
  h.apply({
    type: 'registry',
    change: {
      kind: 'citizen_upsert',
      citizen: {
        id: 'c-anna',
        teamId: 'team-a',
        name: 'Anna Andersen',
        address: 'Nørregade 1, 8000 Aarhus C',
        staircaseStep: 2,
      },
    },
  });
}
