import { Engine, type EngineOutput } from '@medtek/core';
import { isDeepStrictEqual } from 'node:util';
import { Journal } from '../../../src/journal/index.js';
import { decodeJournalRecord } from '../../../src/pipeline/journal-record.js';
import { eventFor } from './crash-fleet.js';

/** What each device knows after the final drain. */
export interface DeviceOutcome {
  deviceId: string;
  /** Highest cumulative ack the device received: A_d = {1..maxAcked}. */
  maxAcked: number;
  /** Highest seq the device recorded. */
  recorded: number;
  /** Unacknowledged events still in its outbox. */
  outbox: number;
}

export interface CheckReport {
  journalRecords: number;
  /** Distinct (deviceId, seq) applied from the journal. */
  journaledEvents: number;
  acknowledged: number;
  /** Acknowledged but not in the journal: must be 0. */
  lost: number;
  /** A (deviceId, seq) applied twice when the journal is replayed: must be 0. */
  duplicates: number;
  /** Missing seqs below a device's highest journaled seq: must be 0. */
  holes: number;
  /** Journaled events whose content differs from what the device recorded under that seq: must be 0. */
  corrupted: number;
  /** Journaled events the device never recorded: must be 0. */
  unknown: number;
  /** Events journaled although the device never saw their ack (allowed: the ack was lost in a kill). */
  recoveredUnacked: number;
  /** Dispense failures in the journal, and alarms a fresh engine derives from them (must be equal, one per slot). */
  alarmTriggers: number;
  alarmsDerived: number;
  /** Trigger slots with no alarm, or with more than one. */
  alarmMismatches: number;
  /** Devices whose outbox is not empty after the drain: must be 0. */
  nonEmptyOutboxes: number;
  /** Events the journal recorded as sequence gaps (the device skipped ahead; expected 0 with in-order replay). */
  gapRecords: number;
  violations: string[];
}

type EventResult = Extract<EngineOutput, { type: 'event_result' }>;

/**
 * The offline checker (reliability.md §1, Jepsen's set checker): replays the journal files after the final stop
 * through the Journal API and a fresh Engine, and compares with what every device saw acknowledged.
 */
export async function checkCrashRun(options: {
  journalDir: string;
  heartbeatIntervalMs: number;
  devices: readonly DeviceOutcome[];
}): Promise<CheckReport> {
  const journal = await Journal.open({ directory: options.journalDir });
  const engine = new Engine({ heartbeatIntervalMs: options.heartbeatIntervalMs });
  const applied = new Map<string, Map<number, number>>();
  const report: CheckReport = {
    journalRecords: 0,
    journaledEvents: 0,
    acknowledged: 0,
    lost: 0,
    duplicates: 0,
    holes: 0,
    corrupted: 0,
    unknown: 0,
    recoveredUnacked: 0,
    alarmTriggers: 0,
    alarmsDerived: 0,
    alarmMismatches: 0,
    nonEmptyOutboxes: 0,
    gapRecords: 0,
    violations: [],
  };
  const recordedBy = new Map(options.devices.map((device) => [device.deviceId, device.recorded]));
  const triggers = new Set<string>();
  const note = (text: string): void => {
    if (report.violations.length < 20) report.violations.push(text);
  };
  try {
    await journal.replay((payload) => {
      report.journalRecords++;
      const record = decodeJournalRecord(payload);
      const input = record.input;
      if (input === undefined) return; // a registry projection record (screenings, stock): not an engine input
      const result = engine.apply(input, record.now);
      if (input.type !== 'device_event') return;
      const status = result.outputs.find((output): output is EventResult => output.type === 'event_result')?.status;
      if (status === 'gap') report.gapRecords++;
      if (status !== 'applied') return;
      const { deviceId, event } = input;
      const seqs = applied.get(deviceId) ?? new Map<number, number>();
      applied.set(deviceId, seqs);
      seqs.set(event.seq, (seqs.get(event.seq) ?? 0) + 1);
      if (event.seq > (recordedBy.get(deviceId) ?? 0)) {
        report.unknown++;
        note(`${deviceId} seq ${event.seq} journaled but never recorded by the device`);
      } else if (!isDeepStrictEqual(event.e, eventFor(event.seq))) {
        report.corrupted++;
        note(`${deviceId} seq ${event.seq}: journaled ${JSON.stringify(event.e)}`);
      }
      if (event.e.kind === 'dispense_failed') triggers.add(`${deviceId}|${event.e.slot}`);
    });
  } finally {
    await journal.close();
  }

  for (const device of options.devices) {
    const seqs = applied.get(device.deviceId) ?? new Map<number, number>();
    let max = 0;
    for (const [seq, count] of seqs) {
      max = Math.max(max, seq);
      if (count > 1) {
        report.duplicates += count - 1;
        note(`${device.deviceId} seq ${seq} applied ${count} times`);
      }
    }
    report.journaledEvents += seqs.size;
    report.holes += max - seqs.size;
    if (max !== seqs.size) note(`${device.deviceId}: ${max - seqs.size} holes below seq ${max}`);
    report.acknowledged += device.maxAcked;
    for (let seq = 1; seq <= device.maxAcked; seq++) {
      if (!seqs.has(seq)) {
        report.lost++;
        note(`${device.deviceId} seq ${seq} acknowledged but not journaled`);
      }
    }
    for (const seq of seqs.keys()) if (seq > device.maxAcked) report.recoveredUnacked++;
    if (device.outbox !== 0) {
      report.nonEmptyOutboxes++;
      note(`${device.deviceId}: ${device.outbox} events still in the outbox`);
    }
    if (engine.lastSeq(device.deviceId) !== max) note(`${device.deviceId}: engine lastSeq differs from the journal`);
  }

  // Derived alarms exactly once: one dispense_failed alarm per (device, slot) that the journal holds a trigger for.
  const derived = new Map<string, number>();
  for (const alarm of engine.alarms()) {
    if (alarm.type !== 'dispense_failed') continue;
    const key = `${alarm.deviceId ?? ''}|${alarm.slot ?? ''}`;
    derived.set(key, (derived.get(key) ?? 0) + 1);
  }
  report.alarmTriggers = triggers.size;
  report.alarmsDerived = [...derived.values()].reduce((sum, count) => sum + count, 0);
  for (const key of triggers) if (derived.get(key) !== 1) report.alarmMismatches++;
  for (const key of derived.keys()) if (!triggers.has(key)) report.alarmMismatches++;
  if (report.alarmMismatches > 0) {
    const example =
      [...triggers].find((key) => derived.get(key) !== 1) ?? [...derived.keys()].find((key) => !triggers.has(key));
    note(
      `${report.alarmMismatches} trigger slots without exactly one alarm (e.g. ${example}: ${derived.get(example ?? '') ?? 0})`,
    );
  }
  return report;
}

/** True when the report proves the guarantees (the counters that must be zero are zero). */
export function crashCheckPassed(report: CheckReport): boolean {
  return (
    report.lost === 0 &&
    report.duplicates === 0 &&
    report.holes === 0 &&
    report.corrupted === 0 &&
    report.unknown === 0 &&
    report.alarmMismatches === 0 &&
    report.alarmTriggers === report.alarmsDerived &&
    report.nonEmptyOutboxes === 0
  );
}
