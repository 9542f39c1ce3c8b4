import type { Alarm } from '../domain/alarm.js';
import type { AuditEntry } from '../domain/audit.js';
import type { Citizen } from '../domain/citizen.js';
import type { Incident } from '../domain/incident.js';
import type { Schedule } from '../domain/schedule.js';
import type { Team } from '../domain/team.js';
import type { LocalDate } from '../domain/time-types.js';
import type { AlarmId, CitizenId, DeviceId, EpochMs, TeamId } from '../domain/vocabulary.js';
import type { ServerToDeviceFrame } from '../protocol/device-frames.js';
import type { EngineConfig } from './config.js';
import { Deadlines } from './deadlines.js';
import type { EngineOutput } from './outputs.js';
import type { DeviceState, DoseState } from './state.js';

/**
 * The engine's mutable state plus the bookkeeping of the current step (`now`, outputs, whether anything changed).
 * The small modules (alarms, devices, doses, incidents, commands, registry) operate on it; `Engine` is the facade.
 */
export class EngineCore {
  readonly teams = new Map<TeamId, Team>();
  readonly citizens = new Map<CitizenId, Citizen>();
  /** Schedule versions per citizen, oldest first: the version with the latest `validFrom` ≤ a date applies to it. */
  readonly schedules = new Map<CitizenId, Schedule[]>();
  readonly devices = new Map<DeviceId, DeviceState>();
  /** Paired device per citizen (one dispenser per citizen). */
  readonly deviceByCitizen = new Map<CitizenId, DeviceState>();
  /** Dose occurrences keyed `citizenId|slot`. */
  readonly doses = new Map<string, DoseState>();
  /** Every alarm still in memory (open, or closed within the retention). */
  readonly alarms = new Map<AlarmId, Alarm>();
  /** Open (not closed) alarm per dedup key `subject|type|slot`. */
  readonly openAlarms = new Map<string, Alarm>();
  readonly incidents = new Map<string, Incident>();
  readonly deadlines = new Deadlines();
  /** nextDoseOf's last answer per citizen (doses.ts): derived state, never saved. */
  readonly nextDoseMemo = new Map<CitizenId, NextDoseMemo>();
  counters = { alarm: 0, incident: 0, command: 0 };
  materializedUntil: LocalDate | undefined;
  dayTickAt: EpochMs | undefined;

  // ---- the current step ----
  now = 0;
  changed = false;
  /** Replay at start-up: the state changes exactly as in `apply`, but no outputs are built (nobody would read them). */
  quiet = false;
  outputs: EngineOutput[] = [];
  private readonly dirtyAlarms = new Set<Alarm>();
  private readonly dirtyDevices = new Set<DeviceState>();
  private readonly dirtyIncidents = new Set<Incident>();

  constructor(
    readonly config: EngineConfig,
    /** Builds the live view of a device (devices.ts), injected to keep this file free of view logic. */
    private readonly viewOf: (core: EngineCore, device: DeviceState) => EngineOutput & { type: 'device_changed' },
  ) {}

  begin(now: EpochMs): void {
    this.now = now;
    this.changed = false;
    this.outputs = [];
  }

  /** Emit the coalesced changes of this step (one output per changed object) and hand the outputs over. */
  finish(): EngineOutput[] {
    if (this.quiet) {
      this.dirtyAlarms.clear();
      this.dirtyDevices.clear();
      this.dirtyIncidents.clear();
      return this.outputs;
    }
    // Most steps change no alarm, device or incident: skip the (costly) empty iterations and clears.
    if (this.dirtyAlarms.size > 0) {
      for (const alarm of this.dirtyAlarms) {
        this.outputs.push({ type: 'alarm_changed', alarm: { ...alarm, comments: alarm.comments.slice() } });
      }
      this.dirtyAlarms.clear();
    }
    if (this.dirtyDevices.size > 0) {
      for (const device of this.dirtyDevices) this.outputs.push(this.viewOf(this, device));
      this.dirtyDevices.clear();
    }
    if (this.dirtyIncidents.size > 0) {
      for (const incident of this.dirtyIncidents) {
        this.outputs.push({
          type: 'incident_changed',
          incident: {
            ...incident,
            citizenIds: incident.citizenIds.slice(),
            deviceIds: incident.deviceIds.slice(),
            alarmIds: incident.alarmIds.slice(),
          },
        });
      }
      this.dirtyIncidents.clear();
    }
    return this.outputs;
  }

  alarmChanged(alarm: Alarm): void {
    alarm.updatedAt = this.now;
    this.changed = true;
    this.dirtyAlarms.add(alarm);
  }

  deviceChanged(device: DeviceState): void {
    device.updatedAt = this.now;
    this.changed = true;
    this.dirtyDevices.add(device);
  }

  incidentChanged(incident: Incident): void {
    incident.updatedAt = this.now;
    this.changed = true;
    this.dirtyIncidents.add(incident);
  }

  audit(entry: Omit<AuditEntry, 'at'>): void {
    this.changed = true;
    if (!this.quiet) this.outputs.push({ type: 'audit', entry: { ...entry, at: this.now } });
  }

  toDevice(deviceId: DeviceId, frame: ServerToDeviceFrame): void {
    this.changed = true;
    if (!this.quiet) this.outputs.push({ type: 'to_device', deviceId, frame });
  }

  /** A fresh, deterministic command id for frames to devices. */
  nextCommandId(): string {
    this.counters.command += 1;
    return `cmd-${this.counters.command}`;
  }

  teamOfCitizen(citizenId: CitizenId | undefined): TeamId | undefined {
    return citizenId === undefined ? undefined : this.citizens.get(citizenId)?.teamId;
  }
}

/** The next dose of a citizen as computed at `at` on the local date `date` (doses.ts). */
export interface NextDoseMemo {
  at: EpochMs;
  date: LocalDate;
  dose: DoseState | undefined;
  /** False once a dose of the citizen was created or removed, or the answer settled. */
  valid: boolean;
  /** The dose keys to probe per horizon date, built on `keysDate` from the schedule versions of that day. */
  keysDate: LocalDate;
  keys: string[][];
}

export const doseKey = (citizenId: CitizenId, slot: string): string => `${citizenId}|${slot}`;
