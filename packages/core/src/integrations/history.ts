import type { Alarm } from '../domain/alarm.js';
import type { AuditEntry } from '../domain/audit.js';
import type { Citizen } from '../domain/citizen.js';
import { addLocalDays, copenhagenToEpoch, epochToCopenhagen } from '../domain/copenhagen-time.js';
import type { DeviceView } from '../domain/device.js';
import type { LocalDate } from '../domain/time-types.js';
import type { CitizenId, DeviceId, EpochMs, StaircaseStep } from '../domain/vocabulary.js';
import type { EngineConfigInput } from '../engine/config.js';
import { Engine } from '../engine/engine.js';
import type { EngineInput } from '../engine/inputs.js';
import type { DoseState } from '../engine/state.js';
import type { DeviceEvent } from '../protocol/device-events.js';

/** One journal record: an engine input and the instant it was applied at (what the server's journal stores). */
export interface JournalEntry {
  now: EpochMs;
  input: EngineInput;
}

/** An applied (not duplicate) device event, for time lines. `at` is the server's receive time. */
export interface DeviceEventRecord {
  at: EpochMs;
  deviceId: DeviceId;
  citizenId?: CitizenId;
  seq: number;
  deviceTime: EpochMs;
  event: DeviceEvent;
}

/** A stretch of time a device was declared offline (from the offline declaration to its next frame). */
export interface OfflineInterval {
  deviceId: DeviceId;
  from: EpochMs;
  /** Absent while still offline at the end of the history. */
  to?: EpochMs;
}

export interface StepChange {
  citizenId: CitizenId;
  at: EpochMs;
  from: StaircaseStep;
  to: StaircaseStep;
}

/**
 * What happened over a stretch of the journal, kept in full (the engine itself forgets settled doses and closed
 * alarms after its retention): every dose occurrence with its final status, every alarm's last version, the audit
 * trail, applied device events, offline intervals and staircase moves. Plain JSON.
 */
export interface IntegrationHistory {
  from: EpochMs;
  until: EpochMs;
  citizens: Citizen[];
  devices: DeviceView[];
  doses: DoseState[];
  alarms: Alarm[];
  audit: AuditEntry[];
  deviceEvents: DeviceEventRecord[];
  offline: OfflineInterval[];
  stepChanges: StepChange[];
}

const DAY_MS = 86_400_000;

/**
 * Replays journal entries through a fresh engine (outputs are observed, nothing is sent) and records the history.
 * Doses are read with `Engine.dose()` once their day is settled (two local midnights later, well inside the engine's
 * retention), and at `finish`.
 */
export class HistoryRecorder {
  private readonly engine: Engine;
  private from: EpochMs | undefined;
  private readonly citizens = new Map<CitizenId, Citizen>();
  private readonly slotTimes = new Map<CitizenId, Set<string>>();
  private readonly firstDate = new Map<CitizenId, LocalDate>();
  private sweptThrough: LocalDate | undefined;
  private readonly doses: DoseState[] = [];
  private readonly alarms = new Map<string, Alarm>();
  private readonly audit: AuditEntry[] = [];
  private readonly deviceEvents: DeviceEventRecord[] = [];
  private readonly offline: OfflineInterval[] = [];
  private readonly openOffline = new Map<DeviceId, OfflineInterval>();
  private readonly stepChanges: StepChange[] = [];

  constructor(config?: EngineConfigInput) {
    this.engine = new Engine(config);
  }

  apply(entry: JournalEntry): void {
    this.from ??= entry.now;
    this.sweepSettledDays(entry.now);
    const { input, now } = entry;
    if (input.type === 'registry') this.noteRegistry(input.change, now);
    const citizenId = input.type === 'device_event' ? this.engine.device(input.deviceId)?.citizenId : undefined;
    const result = this.engine.apply(input, now);
    for (const output of result.outputs) {
      switch (output.type) {
        case 'alarm_changed':
          this.alarms.set(output.alarm.id, output.alarm);
          break;
        case 'audit':
          this.noteAudit(output.entry);
          break;
        case 'event_result':
          if (output.status === 'applied' && input.type === 'device_event') {
            const record: DeviceEventRecord = {
              at: now,
              deviceId: input.deviceId,
              seq: input.event.seq,
              deviceTime: input.event.deviceTime,
              event: input.event.e,
            };
            if (citizenId !== undefined) record.citizenId = citizenId;
            this.deviceEvents.push(record);
          }
          break;
        case 'command_result':
        case 'device_changed':
        case 'incident_changed':
        case 'to_device':
          break; // the history reads devices at the end, and the audit trail carries the rest
      }
    }
  }

  /** Runs the clock to `until` and returns everything recorded (doses still pending are included as pending). */
  finish(until: EpochMs): IntegrationHistory {
    this.apply({ now: until, input: { type: 'tick' } });
    this.sweepThrough(epochToCopenhagen(until).date);
    return {
      from: this.from ?? until,
      until,
      citizens: [...this.citizens.values()],
      devices: this.engine.devices(),
      doses: this.doses.slice(),
      alarms: [...this.alarms.values()],
      audit: this.audit.slice(),
      deviceEvents: this.deviceEvents.slice(),
      offline: this.offline.map((interval) => ({ ...interval })),
      stepChanges: this.stepChanges.slice(),
    };
  }

  private noteRegistry(change: Extract<EngineInput, { type: 'registry' }>['change'], now: EpochMs): void {
    if (change.kind === 'citizen_upsert') {
      const previous = this.citizens.get(change.citizen.id);
      if (previous !== undefined && previous.staircaseStep !== change.citizen.staircaseStep) {
        this.stepChanges.push({
          citizenId: change.citizen.id,
          at: now,
          from: previous.staircaseStep,
          to: change.citizen.staircaseStep,
        });
      }
      this.citizens.set(change.citizen.id, change.citizen);
    } else if (change.kind === 'schedule_upsert') {
      const { citizenId, slots } = change.schedule;
      const times = this.slotTimes.get(citizenId) ?? new Set<string>();
      for (const slot of slots) times.add(slot.time);
      this.slotTimes.set(citizenId, times);
      if (!this.firstDate.has(citizenId)) this.firstDate.set(citizenId, epochToCopenhagen(now).date);
    }
  }

  private noteAudit(entry: AuditEntry): void {
    this.audit.push(entry);
    if (entry.deviceId === undefined) return;
    if (entry.action === 'device_offline' && !this.openOffline.has(entry.deviceId)) {
      const interval: OfflineInterval = { deviceId: entry.deviceId, from: entry.at };
      this.openOffline.set(entry.deviceId, interval);
      this.offline.push(interval);
    } else if (entry.action === 'device_online') {
      const interval = this.openOffline.get(entry.deviceId);
      if (interval !== undefined) {
        interval.to = entry.at;
        this.openOffline.delete(entry.deviceId);
      }
    }
  }

  /** Days whose doses are settled for sure: every window (≤ 12 h late) and grace has ended two midnights later. */
  private sweepSettledDays(now: EpochMs): void {
    this.sweepThrough(epochToCopenhagen(now - 2 * DAY_MS).date);
  }

  private sweepThrough(lastDate: LocalDate): void {
    for (const [citizenId, times] of this.slotTimes) {
      const first = this.firstDate.get(citizenId)!;
      let date =
        this.sweptThrough === undefined || this.sweptThrough < first ? first : addLocalDays(this.sweptThrough, 1);
      for (; date <= lastDate; date = addLocalDays(date, 1)) {
        for (const time of [...times].sort()) {
          const dose = this.engine.dose(citizenId, `${date}T${time}`);
          if (dose !== undefined) this.doses.push(dose);
        }
      }
    }
    if (this.sweptThrough === undefined || lastDate > this.sweptThrough) this.sweptThrough = lastDate;
  }
}

/** Replays `entries` (in journal order) and returns the history up to `until`. */
export function replayHistory(
  entries: Iterable<JournalEntry>,
  until: EpochMs,
  config?: EngineConfigInput,
): IntegrationHistory {
  const recorder = new HistoryRecorder(config);
  for (const entry of entries) recorder.apply(entry);
  return recorder.finish(until);
}

/** The local midnight starting a date, as an instant (period bounds for reports). */
export function startOfLocalDate(date: LocalDate): EpochMs {
  return copenhagenToEpoch(date, '00:00');
}
