import type { EpochMs, FhirBundle, FhirPatient } from '@medtek/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/clock/index.js';
import {
  adverseEventDraftOf,
  contingency,
  fhirExport,
  importSchedule,
  type IntegrationDeps,
  keyFigures,
  readJournalEntries,
} from '../../src/integrations/index.js';
import { applyRegistry, startTestServer, TEST_START, twoTeamFixture, type TestServer } from '../support/test-server.js';

const CPR = '0101401234';
const dates = (start: string, days: number) =>
  Array.from({ length: days }, (_, i) =>
    new Date(Date.parse(`${start}T12:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10),
  );

function card(evening: string) {
  const days = dates('2026-11-23', 14);
  return {
    format: 'medtek.fmk-dose-card/1',
    cpr: CPR,
    retrievedAt: '2026-11-25T06:00:00+01:00',
    periods: [
      {
        periodId: 'P-48',
        start: '2026-11-23',
        end: '2026-12-06',
        changeDeadline: '2026-11-18T12:00:00+01:00',
        packedAt: '2026-11-19T06:00:00+01:00',
        pouches: days.flatMap((date) => [
          { date, time: '08:00', drugs: [{ name: 'Metformin 500 mg', amount: 1 }] },
          { date, time: '20:00', drugs: [{ name: evening, amount: 1 }] },
        ]),
      },
    ],
  };
}

describe('integration handlers on a real server (pipeline, journal, engine)', () => {
  let handle: TestServer;
  let deps: IntegrationDeps;

  beforeAll(async () => {
    handle = await startTestServer();
    const server = handle.server;
    await applyRegistry(server, twoTeamFixture());
    deps = {
      engine: server.engine,
      submit: (input) => server.pipeline.submit(input),
      readJournal: async () => {
        await new Promise<void>((resolve) => server.pipeline.whenCaughtUp(resolve));
        return readJournalEntries(server.journal);
      },
      engineConfig: { heartbeatIntervalMs: server.config.heartbeatIntervalMs },
      now: () => server.clock.now(),
      cprOf: (citizenId) => (citizenId === 'cit-a1' ? CPR : undefined),
    };
  });
  afterAll(async () => {
    await handle.stop();
  });

  it('imports an FMK card through the engine: the schedule applies from today', () => {
    const result = importSchedule(deps, {
      source: 'fmk',
      citizenId: 'cit-a1',
      body: card('Simvastatin 20 mg'),
      actor: 'coord-1',
    });
    expect(result.status).toBe(200);
    expect(handle.server.engine.dose('cit-a1', '2026-11-25T20:00')?.contents).toEqual([
      { drug: 'Simvastatin 20 mg', amount: 1 },
    ]);
  });

  it('refuses bad input with 422 naming the fields, an unknown citizen with 404, another CPR with 422', () => {
    const bad = card('Simvastatin 20 mg') as { periods: { pouches: { time: string }[] }[] };
    bad.periods[0]!.pouches[1]!.time = '24:00';
    expect(importSchedule(deps, { source: 'fmk', citizenId: 'cit-a1', body: bad, actor: 'coord-1' })).toEqual({
      status: 422,
      body: {
        error: 'schema_violation',
        errors: [{ path: 'periods.0.pouches.1.time', message: expect.any(String) as string }],
      },
    });
    expect(importSchedule(deps, { source: 'eoj', citizenId: 'nobody', body: {}, actor: 'coord-1' }).status).toBe(404);
    const other = importSchedule(deps, {
      source: 'fmk',
      citizenId: 'cit-a1',
      body: { ...card('X'), cpr: '0202501234' },
      actor: 'c',
    });
    expect(other).toMatchObject({ status: 422, body: { errors: [{ path: 'cpr' }] } });
  });

  it('computes key figures, a FHIR bundle and the contingency list from the journal and the snapshot', async () => {
    const clock = handle.server.clock as ManualClock;
    clock.advance(3 * 3_600_000); // 10:00: the 08:00 doses were missed (no device reported; grace over)
    handle.server.pipeline.submit({ type: 'tick' });
    const from: EpochMs = TEST_START - 3_600_000;
    const figures = await keyFigures(deps, { from, to: clock.now(), format: 'json' });
    expect(figures.body).toMatchObject({ citizens: 2 });
    const csv = await keyFigures(deps, { from, to: clock.now(), format: 'csv', teamIds: ['team-a'] });
    expect(csv.contentType).toBe('text/csv; charset=utf-8');
    expect(String(csv.body)).toMatch(/^figure,breakdown,value,unit\r\n/);

    const bundle = await fhirExport(deps, { citizenId: 'cit-a1', from, to: clock.now() });
    expect(bundle.contentType).toBe('application/fhir+json');
    const body = bundle.body as FhirBundle;
    expect(body).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
    const patient = body.entry?.find((entry) => entry.resource?.resourceType === 'Patient')?.resource as FhirPatient;
    expect(patient.identifier?.[0]).toEqual({ use: 'official', system: 'urn:oid:1.2.208.176.1.2', value: CPR });
    expect(body.entry?.some((entry) => entry.resource?.resourceType === 'MedicationAdministration')).toBe(true);
    expect((await fhirExport(deps, { citizenId: 'nobody', from, to: clock.now() })).status).toBe(404);
    expect((await adverseEventDraftOf(deps, { alarmId: 'no-such-alarm' })).status).toBe(404);

    const page = contingency(deps, { teamId: 'team-a', format: 'html' });
    expect(page.contentType).toBe('text/html; charset=utf-8');
    expect(String(page.body)).toContain('Borger A1');
    expect(String(page.body)).not.toContain('Borger B1');
    const list = contingency(deps, { teamId: 'team-a', format: 'csv', locale: 'en' });
    expect(String(list.body).split('\r\n')[0]).toBe('Citizen,Address,Step,Dose times,Device,State,Last contact');
  });

  it('falls back to the saved snapshot when the engine cannot answer (degraded)', () => {
    const saved = handle.server.engine.snapshot();
    const broken: IntegrationDeps = {
      ...deps,
      engine: Object.assign(Object.create(handle.server.engine) as typeof deps.engine, {
        snapshot: () => {
          throw new Error('engine unavailable');
        },
      }),
      savedSnapshot: () => ({ snapshot: saved, at: TEST_START }),
    };
    const page = contingency(broken, { teamId: 'team-a', format: 'html' });
    expect(String(page.body)).toContain('Data fra ons 25.11 07:00');
  });
});
