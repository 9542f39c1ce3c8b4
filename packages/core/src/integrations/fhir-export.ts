import type {
  AuditEvent,
  Bundle,
  BundleEntry,
  DetectedIssue,
  Device,
  Flag,
  FhirResource,
  Medication,
  MedicationAdministration,
  Patient,
  QuestionnaireResponse,
  Reference,
  Task,
} from 'fhir/r4';
import type { Alarm } from '../domain/alarm.js';
import type { AuditEntry } from '../domain/audit.js';
import type { Citizen } from '../domain/citizen.js';
import type { DeviceView } from '../domain/device.js';
import type { AlarmType, DeviceType, EpochMs } from '../domain/vocabulary.js';
import type { DoseState } from '../engine/state.js';
import type { Screening } from '../screening/records.js';
import { CPR_SYSTEM } from './cpr.js';
import { stableUuid } from './stable-uuid.js';

/** The R4 types of the export, for packages that do not depend on @types/fhir themselves. */
export type { Bundle as FhirBundle, FhirResource, Patient as FhirPatient } from 'fhir/r4';

/**
 * Per citizen and period, an HL7 FHIR R4 transaction Bundle the care record can take (profile choices in
 * docs/integrations.md): Patient (DK Core CPR identifier when known), Device, MedicationAdministration per dose,
 * alarms as DetectedIssue (medication) or Flag (technical) with their handling as Task, screenings as
 * QuestionnaireResponse and AuditEvent entries. Entries are conditional (ifNoneExist / PUT on our identifier), so
 * sending the same period twice creates nothing twice.
 */
export interface FhirExportInput {
  citizen: Citizen;
  /** The citizen's CPR number, when the registry holds it (DK Core identifier). */
  cpr?: string;
  from: EpochMs;
  to: EpochMs;
  /** The citizen's device(s); doses reference the paired one. */
  devices: readonly Pick<DeviceView, 'deviceId' | 'type' | 'citizenId'>[];
  doses: readonly DoseState[];
  alarms: readonly Alarm[];
  screenings: readonly Screening[];
  audit: readonly AuditEntry[];
  /** Base of Medtek's identifier systems and code systems (the municipality's URL). */
  systemBase?: string;
}

const DEFAULT_SYSTEM_BASE = 'https://medtek.aarhus.dk/fhir';

/** Alarm types about the citizen's medication → DetectedIssue; the rest are technical → Flag. */
const MEDICATION_ALARMS: ReadonlySet<AlarmType> = new Set<AlarmType>([
  'missed_dose',
  'double_dose_attempt',
  'wrong_citizen',
  'wrong_dose',
  'outside_window',
  'not_confirmed',
  'schedule_changed_after_packing',
]);

const DEVICE_NAMES: Record<DeviceType, string> = {
  flexsmart: 'FlexSmart App',
  medido: 'MedidoClock',
  smila: 'Smila',
  medimi: 'MedimiSmart',
};

const NOT_DONE_TEXT: Partial<Record<DoseState['status'], string>> = {
  missed: 'Dosis ikke taget inden for tidsvinduet',
  not_confirmed: 'Indtag ikke bekræftet i appen',
  skipped: 'Dosis sprunget over',
};

const iso = (at: EpochMs): string => new Date(at).toISOString();
const inPeriod = (at: EpochMs, input: FhirExportInput) => at >= input.from && at < input.to;

export function buildFhirBundle(input: FhirExportInput): Bundle {
  const base = input.systemBase ?? DEFAULT_SYSTEM_BASE;
  const system = (name: string) => `${base}/sid/${name}`;
  const codeSystem = (name: string) => `${base}/CodeSystem/${name}`;
  const urn = (kind: string, id: string) => `urn:uuid:${stableUuid(`${base}|${kind}|${id}`)}`;
  const entries: BundleEntry<FhirResource>[] = [];
  const add = (
    fullUrl: string,
    resource: FhirResource,
    identifier: { system: string; value: string },
    create = false,
  ) => {
    const search = `identifier=${encodeURIComponent(`${identifier.system}|${identifier.value}`)}`;
    entries.push({
      fullUrl,
      resource,
      request: create
        ? { method: 'POST', url: resource.resourceType, ifNoneExist: search }
        : { method: 'PUT', url: `${resource.resourceType}?${search}` },
    });
  };

  const { citizen } = input;
  const patientUrl = urn('Patient', citizen.id);
  const patientRef: Reference = { reference: patientUrl, type: 'Patient' };
  const patient: Patient = {
    resourceType: 'Patient',
    identifier: [
      ...(input.cpr !== undefined ? [{ use: 'official' as const, system: CPR_SYSTEM, value: input.cpr }] : []),
      { use: 'secondary', system: system('citizen'), value: citizen.id },
    ],
    name: [{ text: citizen.name }],
    ...(citizen.address !== '' ? { address: [{ text: citizen.address }] } : {}),
  };
  // The care record owns the patient: create only if unknown (matched on CPR when we have it).
  add(patientUrl, patient, patient.identifier![0]! as { system: string; value: string }, true);

  const deviceRefs = new Map<string, Reference>();
  for (const device of input.devices) {
    const url = urn('Device', device.deviceId);
    deviceRefs.set(device.deviceId, { reference: url, type: 'Device', display: DEVICE_NAMES[device.type] });
    const resource: Device = {
      resourceType: 'Device',
      identifier: [{ system: system('device'), value: device.deviceId }],
      status: 'active',
      deviceName: [{ name: DEVICE_NAMES[device.type], type: 'model-name' }],
      type: { coding: [{ system: codeSystem('device-type'), code: device.type, display: DEVICE_NAMES[device.type] }] },
      patient: patientRef,
    };
    add(url, resource, { system: system('device'), value: device.deviceId });
  }
  const pairedDevice = input.devices.find((device) => device.citizenId === citizen.id) ?? input.devices[0];
  const pairedRef = pairedDevice === undefined ? undefined : deviceRefs.get(pairedDevice.deviceId);

  for (const dose of input.doses) {
    if (dose.citizenId !== citizen.id || !inPeriod(dose.dueAt, input) || dose.status === 'pending') continue;
    const id = `${citizen.id}/${dose.slot}`;
    const url = urn('MedicationAdministration', id);
    const status = dose.status === 'taken' ? 'completed' : dose.status === 'dispensed' ? 'unknown' : 'not-done';
    const medication: Medication = {
      resourceType: 'Medication',
      id: 'dose',
      form: { text: 'Dosis (dosispose eller sammensat dosis)' },
      ingredient: dose.contents.map((item) => ({
        itemCodeableConcept: { text: item.drug },
        strength: { numerator: { value: item.amount, unit: 'stk' }, denominator: { value: 1, unit: 'dosis' } },
      })),
    };
    const administration: MedicationAdministration = {
      resourceType: 'MedicationAdministration',
      identifier: [{ system: system('dose'), value: id }],
      status,
      contained: [medication],
      medicationReference: { reference: '#dose' },
      subject: patientRef,
      effectiveDateTime: iso(dose.statusAt ?? dose.dueAt),
      dosage: {
        text: `Planlagt ${dose.slot.replace('T', ' ')} (vindue ${iso(dose.windowStart)}–${iso(dose.windowEnd)})`,
        dose: { value: 1, unit: 'dosis' },
      },
      ...(pairedRef !== undefined ? { device: [pairedRef] } : {}),
    };
    if (status === 'not-done') {
      administration.statusReason = [
        {
          coding: [
            {
              system: codeSystem('dose-status'),
              code: dose.status,
              display: NOT_DONE_TEXT[dose.status] ?? dose.status,
            },
          ],
        },
      ];
    }
    if (dose.evidence !== undefined) {
      administration.note = [
        {
          text: `Kilde: ${dose.evidence === 'video' ? 'observeret via video' : dose.evidence === 'app' ? 'bekræftet i app' : 'dispenser'}`,
        },
      ];
    }
    add(url, administration, { system: system('dose'), value: id });
  }

  for (const alarm of input.alarms) {
    if (alarm.citizenId !== citizen.id || !inPeriod(alarm.raisedAt, input)) continue;
    const alarmUrl = urn('Alarm', alarm.id);
    const identifier = { system: system('alarm'), value: alarm.id };
    const code = { coding: [{ system: codeSystem('alarm-type'), code: alarm.type }], text: alarm.detail ?? alarm.type };
    const author = alarm.deviceId !== undefined ? deviceRefs.get(alarm.deviceId) : undefined;
    if (MEDICATION_ALARMS.has(alarm.type)) {
      const issue: DetectedIssue = {
        resourceType: 'DetectedIssue',
        identifier: [identifier],
        status: alarm.closedAt !== undefined ? 'final' : 'preliminary',
        code,
        severity: alarm.priority === 'medium' ? 'moderate' : alarm.priority,
        patient: patientRef,
        identifiedDateTime: iso(alarm.raisedAt),
        ...(author !== undefined ? { author } : {}),
        ...(alarm.outcome !== undefined
          ? {
              mitigation: [
                {
                  action: { coding: [{ system: codeSystem('alarm-outcome'), code: alarm.outcome }] },
                  ...(alarm.closedAt !== undefined ? { date: iso(alarm.closedAt) } : {}),
                },
              ],
            }
          : {}),
      };
      add(alarmUrl, issue, identifier);
    } else {
      const flag: Flag = {
        resourceType: 'Flag',
        identifier: [identifier],
        status: alarm.cleared ? 'inactive' : 'active',
        category: [
          {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/flag-category', code: 'safety', display: 'Safety' },
            ],
          },
        ],
        code,
        subject: patientRef,
        period: { start: iso(alarm.raisedAt), ...(alarm.clearedAt !== undefined ? { end: iso(alarm.clearedAt) } : {}) },
        ...(author !== undefined ? { author } : {}),
      };
      add(alarmUrl, flag, identifier);
    }
    add(urn('Task', alarm.id), handlingTask(alarm, alarmUrl, patientRef, system, codeSystem), {
      system: system('alarm-handling'),
      value: alarm.id,
    });
  }

  for (const screening of input.screenings) {
    if (screening.citizenId !== citizen.id || !inPeriod(screening.assessedAt, input)) continue;
    add(
      urn('QuestionnaireResponse', screening.screeningId),
      questionnaireResponse(screening, patientRef, base, system),
      {
        system: system('screening'),
        value: screening.screeningId,
      },
    );
  }

  input.audit.forEach((entry, index) => {
    if (entry.citizenId !== citizen.id || !inPeriod(entry.at, input)) return;
    const id = `${citizen.id}/${entry.at}/${index}`;
    add(urn('AuditEvent', id), auditEvent(entry, patientRef, system, codeSystem), {
      system: system('audit'),
      value: id,
    });
  });

  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}

function handlingTask(
  alarm: Alarm,
  focus: string,
  patient: Reference,
  system: (name: string) => string,
  codeSystem: (name: string) => string,
): Task {
  const status: Task['status'] =
    alarm.closedAt !== undefined
      ? 'completed'
      : alarm.shelvedUntil !== undefined
        ? 'on-hold'
        : alarm.acknowledged
          ? 'in-progress'
          : 'requested';
  const task: Task = {
    resourceType: 'Task',
    identifier: [{ system: system('alarm-handling'), value: alarm.id }],
    status,
    businessStatus: { coding: [{ system: codeSystem('alarm-state'), code: alarm.state }] },
    intent: 'order',
    priority: alarm.priority === 'high' ? 'stat' : alarm.priority === 'medium' ? 'urgent' : 'routine',
    code: { text: 'Håndtér alarm fra medicinteknologi' },
    focus: { reference: focus },
    for: patient,
    authoredOn: iso(alarm.raisedAt),
    lastModified: iso(alarm.updatedAt),
    executionPeriod: {
      start: iso(alarm.raisedAt),
      ...(alarm.closedAt !== undefined ? { end: iso(alarm.closedAt) } : {}),
    },
    // The unit's own response limit: acknowledged by this instant.
    restriction: { period: { end: iso(alarm.raisedAt + alarm.responseLimitMs) } },
    note: alarm.comments.map((comment) => ({ authorString: comment.by, time: iso(comment.at), text: comment.text })),
  };
  if (alarm.assignee !== undefined) task.owner = { identifier: { system: system('user'), value: alarm.assignee } };
  const output: NonNullable<Task['output']> = [];
  if (alarm.timeToAcknowledgeMs !== undefined) {
    output.push({
      type: { text: 'time-to-acknowledge' },
      valueDuration: {
        value: alarm.timeToAcknowledgeMs / 60_000,
        unit: 'min',
        system: 'http://unitsofmeasure.org',
        code: 'min',
      },
    });
  }
  if (alarm.timeToResolveMs !== undefined) {
    output.push({
      type: { text: 'time-to-resolve' },
      valueDuration: {
        value: alarm.timeToResolveMs / 60_000,
        unit: 'min',
        system: 'http://unitsofmeasure.org',
        code: 'min',
      },
    });
  }
  if (alarm.outcome !== undefined) {
    output.push({
      type: { text: 'outcome' },
      valueCodeableConcept: { coding: [{ system: codeSystem('alarm-outcome'), code: alarm.outcome }] },
    });
  }
  if (output.length > 0) task.output = output;
  return task;
}

function questionnaireResponse(
  screening: Screening,
  patient: Reference,
  base: string,
  system: (name: string) => string,
): QuestionnaireResponse {
  const items: NonNullable<QuestionnaireResponse['item']> = Object.entries(screening.answers).map(
    ([linkId, value]) => ({
      linkId,
      answer: [
        typeof value === 'boolean'
          ? { valueBoolean: value }
          : typeof value === 'number'
            ? { valueDecimal: value }
            : { valueString: value },
      ],
    }),
  );
  const step = screening.decidedStep ?? screening.recommendation?.step;
  if (step !== undefined)
    items.push({ linkId: 'medtek-staircase-step', text: 'Trin på indsatstrappen', answer: [{ valueInteger: step }] });
  return {
    resourceType: 'QuestionnaireResponse',
    identifier: { system: system('screening'), value: screening.screeningId },
    questionnaire: `${base}/Questionnaire/${screening.questionnaire.id}|${screening.questionnaire.version}`,
    status: screening.status === 'submitted' ? 'completed' : 'in-progress',
    subject: patient,
    authored: iso(screening.assessedAt),
    author: { identifier: { system: system('user'), value: screening.assessedBy } },
    item: items,
  };
}

/** AuditEvent.action: C(reate), R(ead), U(pdate), D(elete), E(xecute). */
function auditAction(entry: AuditEntry): AuditEvent['action'] {
  if (entry.action === 'alarm_raised' || entry.action === 'incident_opened') return 'C';
  if (entry.action === 'registry_changed' || entry.action.startsWith('alarm_') || entry.action.startsWith('incident_'))
    return 'U';
  return 'E';
}

function auditEvent(
  entry: AuditEntry,
  patient: Reference,
  system: (name: string) => string,
  codeSystem: (name: string) => string,
): AuditEvent {
  const who: Reference =
    entry.actor === 'system'
      ? { display: 'Medtek' }
      : entry.actor.startsWith('device:')
        ? { identifier: { system: system('device'), value: entry.actor.slice(7) } }
        : { identifier: { system: system('user'), value: entry.actor } };
  return {
    resourceType: 'AuditEvent',
    type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110110', display: 'Patient Record' },
    subtype: [{ system: codeSystem('audit-action'), code: entry.action }],
    action: auditAction(entry),
    recorded: iso(entry.at),
    outcome: '0',
    ...(entry.detail !== undefined ? { outcomeDesc: entry.detail } : {}),
    agent: [{ who, requestor: entry.actor !== 'system' && !entry.actor.startsWith('device:') }],
    source: { observer: { display: 'Medtek' } },
    entity: [
      {
        what: patient,
        role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
      },
      ...(entry.alarmId !== undefined
        ? [{ what: { identifier: { system: system('alarm'), value: entry.alarmId } } }]
        : []),
    ],
  };
}
