import { describe, expect, it } from 'vitest';
import { CPR_SYSTEM, scheduleFromMedicationRequests } from '../../src/index.js';
import { at, CPR } from './fixtures.js';

const target = { citizenId: 'c-finn', cpr: CPR, now: at('2026-11-25', '10:00') };

function request(overrides: Record<string, unknown> = {}, dosage: Record<string, unknown> = {}) {
  return {
    resourceType: 'MedicationRequest',
    id: 'mr-1',
    status: 'active',
    intent: 'order',
    meta: { profile: ['http://example.org/any-profile'] },
    medicationCodeableConcept: {
      coding: [{ system: 'urn:oid:1.2.208.176.2.1', code: '28100636', display: 'Metformin 500 mg' }],
    },
    subject: { reference: 'Patient/p1', identifier: { system: CPR_SYSTEM, value: CPR } },
    dosageInstruction: [
      {
        timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd', timeOfDay: ['08:00:00'], when: ['EVE'] } },
        doseAndRate: [{ doseQuantity: { value: 1, unit: 'tablet' } }],
        ...dosage,
      },
    ],
    ...overrides,
  };
}

describe('FHIR R4 MedicationRequest import', () => {
  it('maps timeOfDay, when, dayOfWeek and doseQuantity from a Bundle; other FHIR elements pass', () => {
    const weekly = request(
      { id: 'mr-2', medicationCodeableConcept: { text: 'Alendronat 70 mg' } },
      { timing: { repeat: { periodUnit: 'wk', dayOfWeek: ['sun'], timeOfDay: ['08:00:00'] } } },
    );
    const bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [{ resource: request() }, { resource: weekly }],
    };
    const result = scheduleFromMedicationRequests(bundle, target);
    expect(result).toEqual({
      ok: true,
      warnings: [],
      schedules: [
        {
          citizenId: 'c-finn',
          validFrom: '2026-11-25',
          source: 'fhir',
          slots: [
            {
              time: '08:00',
              earlyMinutes: 30,
              lateMinutes: 60,
              timeCritical: false,
              contents: [{ drug: 'Metformin 500 mg', amount: 1 }],
              weekdays: [1, 2, 3, 4, 5, 6],
            },
            {
              time: '08:00',
              earlyMinutes: 30,
              lateMinutes: 60,
              timeCritical: false,
              contents: [
                { drug: 'Alendronat 70 mg', amount: 1 },
                { drug: 'Metformin 500 mg', amount: 1 },
              ],
              weekdays: [7],
            },
            {
              time: '18:00',
              earlyMinutes: 30,
              lateMinutes: 60,
              timeCritical: false,
              contents: [{ drug: 'Metformin 500 mg', amount: 1 }],
            },
          ],
        },
      ],
    });
  });

  it('a bounded request gives a version where it starts and one after it ends; pn and stopped requests are left out', () => {
    const course = request(
      { id: 'mr-3', medicationCodeableConcept: { text: 'Prednisolon 5 mg' } },
      { timing: { repeat: { boundsPeriod: { start: '2026-11-27', end: '2026-12-01' }, timeOfDay: ['08:00:00'] } } },
    );
    const pn = request({ id: 'mr-4' }, { asNeededBoolean: true });
    const stopped = request({ id: 'mr-5', status: 'stopped' });
    const result = scheduleFromMedicationRequests([request(), course, pn, stopped], target);
    expect(
      result.ok && result.schedules.map((schedule) => [schedule.validFrom, schedule.slots[0]?.contents.length]),
    ).toEqual([
      ['2026-11-25', 1],
      ['2026-11-27', 2],
      ['2026-12-02', 1],
    ]);
    expect(result.ok && result.warnings).toEqual([
      '2.dosageInstruction.0: pn (as needed) dosage left out of the schedule',
      '3.status: stopped request left out',
    ]);
  });

  it('names the field of unusable timing and dose', () => {
    const cases: [unknown, string][] = [
      [request({}, { timing: { repeat: { frequency: 2, periodUnit: 'd' } } }), 'dosageInstruction.0.timing.repeat'],
      [
        request({}, { timing: { repeat: { period: 2, periodUnit: 'd', timeOfDay: ['08:00:00'] } } }),
        'dosageInstruction.0.timing.repeat.periodUnit',
      ],
      [
        request({}, { timing: { repeat: { frequency: 3, timeOfDay: ['08:00:00'] } } }),
        'dosageInstruction.0.timing.repeat.frequency',
      ],
      [request({}, { timing: { repeat: { when: ['AC'] } } }), 'dosageInstruction.0.timing.repeat.when.0'],
      [
        request({}, { timing: { repeat: { timeOfDay: ['08:00:30'] } } }),
        'dosageInstruction.0.timing.repeat.timeOfDay.0',
      ],
      [request({}, { doseAndRate: undefined }), 'dosageInstruction.0.doseAndRate'],
      [request({ medicationCodeableConcept: { coding: [{ code: '1' }] } }), 'medicationCodeableConcept'],
      [request({ status: 'active-ish' }), 'status'],
      [request({ subject: { identifier: { system: CPR_SYSTEM, value: '0202501234' } } }), 'subject.identifier.value'],
    ];
    for (const [input, path] of cases) {
      const result = scheduleFromMedicationRequests(input, target);
      expect(!result.ok && result.errors.map((error) => error.path), path).toEqual([path]);
    }
  });

  it('refuses requests for two patients and an empty set', () => {
    const other = request({ subject: { reference: 'Patient/p2' } });
    expect(scheduleFromMedicationRequests([request(), other], target)).toMatchObject({
      ok: false,
      errors: [{ path: '1.subject' }],
    });
    expect(scheduleFromMedicationRequests({ resourceType: 'Patient' }, target).ok).toBe(false);
  });
});
