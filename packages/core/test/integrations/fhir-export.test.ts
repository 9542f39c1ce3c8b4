import type { Bundle, MedicationAdministration, Task } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { buildFhirBundle, CPR_SYSTEM, replayHistory, type Screening } from '../../src/index.js';
import { at, CPR } from './fixtures.js';
import { validateR4 } from './fhir-validator.js';
import { kpiFixture } from './kpi-fixture.js';

const { h, until } = kpiFixture();
const history = replayHistory(h.inputs, until, { heartbeatIntervalMs: 600_000 });
const anna = history.citizens.find((citizen) => citizen.id === 'c-anna')!;
const screening: Screening = {
  screeningId: 'scr-1',
  citizenId: 'c-anna',
  kind: 'initial',
  questionnaire: { id: 'medication-staircase', version: 1 },
  answers: { lock_required: false, administrations_per_day: 2, phone_use: 'no' },
  status: 'submitted',
  assessedBy: 'nurse-7',
  assessedAt: at('2026-11-23', '13:00'),
  decidedStep: 2,
  deviationNote: 'Borgeren ønsker dispenser',
  followUpDue: at('2027-02-23', '13:00'),
};

function bundleFor(cpr?: string): Bundle {
  return buildFhirBundle({
    citizen: anna,
    ...(cpr !== undefined ? { cpr } : {}),
    from: at('2026-11-23', '00:00'),
    to: until,
    devices: history.devices.filter((device) => device.citizenId === 'c-anna'),
    doses: history.doses,
    alarms: history.alarms,
    screenings: [screening],
    audit: history.audit,
  });
}

describe('FHIR R4 export', () => {
  const bundle = bundleFor(CPR);
  const resources = (bundle.entry ?? []).map((entry) => entry.resource!);
  const ofType = <T>(type: string) => resources.filter((resource) => resource.resourceType === type) as T[];

  it('validates against the R4 StructureDefinitions and required value sets', () => {
    expect(validateR4(bundle)).toEqual([]);
    expect(validateR4(bundleFor())).toEqual([]);
  });

  it('the validator catches real mistakes (so the check above means something)', () => {
    const broken = structuredClone(bundle);
    const administration = broken.entry!.find((entry) => entry.resource?.resourceType === 'MedicationAdministration')!
      .resource as MedicationAdministration;
    administration.status = 'taken' as MedicationAdministration['status'];
    delete (administration as Partial<MedicationAdministration>).subject;
    const issues = validateR4(broken);
    expect(issues.some((issue) => issue.includes('subject'))).toBe(true);
    expect(issues.some((issue) => issue.includes('"taken"'))).toBe(true);
  });

  it('identifies the patient by CPR (DK Core) and our pseudonymous id', () => {
    const [patient] = ofType<{ identifier: { system: string; value: string }[] }>('Patient');
    expect(patient?.identifier).toEqual([
      { use: 'official', system: CPR_SYSTEM, value: CPR },
      { use: 'secondary', system: 'https://medtek.aarhus.dk/fhir/sid/citizen', value: 'c-anna' },
    ]);
    // the care record owns the patient: create only when no patient has this CPR
    const request = bundle.entry?.[0]?.request;
    expect(request?.method).toBe('POST');
    expect(request?.ifNoneExist).toContain('urn%3Aoid%3A1.2.208.176.1.2');
  });

  it('has one MedicationAdministration per settled dose: completed, or not-done with the reason; the device referenced', () => {
    const administrations = ofType<MedicationAdministration>('MedicationAdministration');
    expect(
      administrations.map((item) => [
        item.identifier?.[0]?.value,
        item.status,
        item.statusReason?.[0]?.coding?.[0]?.code,
      ]),
    ).toEqual([
      ['c-anna/2026-11-23T08:00', 'completed', undefined],
      ['c-anna/2026-11-23T20:00', 'not-done', 'missed'],
      ['c-anna/2026-11-24T08:00', 'completed', undefined],
      ['c-anna/2026-11-24T20:00', 'not-done', 'skipped'],
    ]);
    const deviceUrl = bundle.entry!.find((entry) => entry.resource?.resourceType === 'Device')!.fullUrl;
    expect(administrations.every((item) => item.device?.[0]?.reference === deviceUrl)).toBe(true);
  });

  it('maps medication alarms to DetectedIssue, technical ones to Flag, each with a handling Task; screenings and audit too', () => {
    expect(ofType('DetectedIssue')).toHaveLength(2);
    expect(ofType('Flag')).toHaveLength(1);
    const tasks = ofType<Task>('Task');
    expect(tasks.map((task) => [task.status, task.businessStatus?.coding?.[0]?.code])).toEqual([
      ['completed', 'closed'],
      ['completed', 'closed'],
      ['completed', 'closed'],
    ]);
    expect(
      tasks[0]?.output?.find((output) => output.type.text === 'outcome')?.valueCodeableConcept?.coding?.[0]?.code,
    ).toBe('visit_made');
    expect(ofType('QuestionnaireResponse')).toHaveLength(1);
    expect(ofType('AuditEvent').length).toBeGreaterThan(5);
  });

  it('is deterministic: the same period gives the same bundle (stable urn:uuid)', () => {
    expect(bundleFor(CPR)).toEqual(bundle);
    expect(new Set(bundle.entry!.map((entry) => entry.fullUrl)).size).toBe(bundle.entry!.length);
  });
});
