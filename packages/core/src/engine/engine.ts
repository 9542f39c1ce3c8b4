import type { Alarm } from '../domain/alarm.js';
import type { Citizen } from '../domain/citizen.js';
import type { DeviceView } from '../domain/device.js';
import type { Incident } from '../domain/incident.js';
import type { AlarmId, CitizenId, DeviceId, EpochMs, SlotKey } from '../domain/vocabulary.js';
import { EngineConfig, type EngineConfigInput } from './config.js';
import { keyOfAlarm, onEscalationDeadline, onUnshelveDeadline, scheduleEscalation } from './alarm-lifecycle.js';
import { applyCommand } from './commands.js';
import { doseKey, EngineCore } from './core.js';
import { onDayDeadline } from './day.js';
import { applyDeviceEvent } from './device-events.js';
import {
  applyHello,
  applyStatus,
  deviceView,
  offlineDueAt,
  onOfflineDeadline,
  onTravelDeadline,
  touchDevice,
} from './devices.js';
import type { EngineInput } from './inputs.js';
import type { EngineOutput, EngineResult } from './outputs.js';
import { applyRegistry } from './registry.js';
import { EngineSnapshot, type DoseState } from './state.js';
import { onDoseDeadline } from './verification.js';

/**
 * The deterministic dose and alarm engine: `(state, input, now) → (state, outputs)`. No I/O, no timers, no clock:
 * `now` is an argument and every id is a counter, so replaying the journaled inputs reproduces the state exactly.
 */
export class Engine {
  private readonly core: EngineCore;
  /** The instant of the last input that changed the state (a snapshot restores queries to that moment). */
  private lastChangeAt: EpochMs | undefined;

  constructor(config?: EngineConfigInput, snapshot?: EngineSnapshot) {
    const parsed = snapshot === undefined ? undefined : EngineSnapshot.parse(snapshot);
    const resolved = EngineConfig.parse({ ...(parsed?.config ?? {}), ...(config ?? {}) });
    this.core = new EngineCore(resolved, deviceView);
    if (parsed !== undefined) this.restore(parsed);
  }

  get config(): EngineConfig {
    return this.core.config;
  }

  /** Apply one input at `now`. Due deadlines are processed first, so results do not depend on tick timing. */
  apply(input: EngineInput, now: EpochMs): EngineResult {
    const core = this.core;
    core.begin(now);
    this.runDeadlines();
    switch (input.type) {
      case 'device_event': {
        const device = core.devices.get(input.deviceId);
        if (device === undefined) break; // the server only feeds registered devices
        const status = applyDeviceEvent(core, device, input.event, input.receivedAt);
        const result: EngineOutput = { type: 'event_result', deviceId: input.deviceId, seq: input.event.seq, status };
        if (status === 'gap') result.expectedSeq = device.lastSeq + 1;
        core.outputs.push(result);
        break;
      }
      case 'device_status': {
        const device = core.devices.get(input.deviceId);
        if (device !== undefined) applyStatus(core, device, input.status, input.receivedAt);
        break;
      }
      case 'device_connection': {
        const device = core.devices.get(input.deviceId);
        if (device === undefined) break;
        if (device.connected !== input.connected) {
          device.connected = input.connected;
          core.deviceChanged(device);
        }
        if (input.connected) touchDevice(core, device, input.receivedAt);
        if (input.hello !== undefined) applyHello(core, device, input.hello, input.receivedAt);
        break;
      }
      case 'command':
        applyCommand(core, input.actor, input.requestId, input.command);
        break;
      case 'registry':
        applyRegistry(core, input.change, input.actor ?? 'system');
        break;
      case 'tick':
        break;
    }
    const outputs = core.finish();
    if (core.changed) this.lastChangeAt = now;
    return { outputs, journal: core.changed };
  }

  /**
   * Start-up replay of a journaled input: the same state change as `apply(input, now)`, without building outputs
   * (they were delivered before the stop). Much cheaper for millions of records.
   */
  replay(input: EngineInput, now: EpochMs): void {
    this.core.quiet = true;
    try {
      this.apply(input, now);
    } finally {
      this.core.quiet = false;
    }
  }

  /**
   * Process every deadline due at `now` in the order (real instant, kind, key). An entry found early (its real
   * instant moved later) is re-queued at the real instant rather than handled, so the order never depends on how
   * the queue was built (a restored engine handles the same deadlines in the same order).
   */
  private runDeadlines(): void {
    const core = this.core;
    for (;;) {
      const due = core.deadlines.popDue(core.now);
      if (due === undefined) return;
      switch (due.kind) {
        case 'offline':
          onOfflineDeadline(core, due.key, due.at);
          break;
        case 'dose':
          onDoseDeadline(core, due.key, due.at);
          break;
        case 'escalate':
          onEscalationDeadline(core, due.key, due.at);
          break;
        case 'unshelve':
          onUnshelveDeadline(core, due.key, due.at);
          break;
        case 'travel':
          onTravelDeadline(core, due.key, due.at);
          break;
        case 'day':
          onDayDeadline(core, due.at);
          break;
      }
    }
  }

  /** The earliest instant at which a `tick` may change something (never later; occasionally a no-op tick). */
  nextDeadline(): EpochMs | undefined {
    return this.core.deadlines.peek();
  }

  // ---- read-only queries (fresh copies) ----

  alarm(id: AlarmId): Alarm | undefined {
    const alarm = this.core.alarms.get(id);
    return alarm === undefined ? undefined : { ...alarm, comments: alarm.comments.slice() };
  }

  /** Alarms in memory (open ones and closed ones within the retention), in raise order. */
  alarms(filter?: { openOnly?: boolean; citizenId?: CitizenId; deviceId?: DeviceId }): Alarm[] {
    const result: Alarm[] = [];
    for (const alarm of this.core.alarms.values()) {
      if (filter?.openOnly === true && alarm.closedAt !== undefined) continue;
      if (filter?.citizenId !== undefined && alarm.citizenId !== filter.citizenId) continue;
      if (filter?.deviceId !== undefined && alarm.deviceId !== filter.deviceId) continue;
      result.push({ ...alarm, comments: alarm.comments.slice() });
    }
    return result;
  }

  device(id: DeviceId): DeviceView | undefined {
    const device = this.core.devices.get(id);
    return device === undefined ? undefined : deviceView(this.core, device).device;
  }

  devices(): DeviceView[] {
    return [...this.core.devices.values()].map((device) => deviceView(this.core, device).device);
  }

  incidents(): Incident[] {
    return [...this.core.incidents.values()].map((incident) => structuredClone(incident));
  }

  citizens(): Citizen[] {
    return [...this.core.citizens.values()].map((citizen) => ({ ...citizen }));
  }

  /** Last applied event seq of a device (0 before the first; undefined for an unknown device). */
  lastSeq(deviceId: DeviceId): number | undefined {
    return this.core.devices.get(deviceId)?.lastSeq;
  }

  /** The dose occurrence of a citizen's slot, if the engine tracks it. */
  dose(citizenId: CitizenId, slot: SlotKey): DoseState | undefined {
    const dose = this.core.doses.get(doseKey(citizenId, slot));
    return dose === undefined ? undefined : { ...dose };
  }

  // ---- snapshot / restore ----

  /** The whole state as plain JSON; `new Engine(config, snapshot)` continues exactly as this engine would. */
  snapshot(): EngineSnapshot {
    const core = this.core;
    const snapshot: EngineSnapshot = {
      version: 1,
      config: core.config,
      counters: { ...core.counters },
      materializedUntil: core.materializedUntil,
      teams: [...core.teams.values()],
      citizens: [...core.citizens.values()],
      schedules: [...core.schedules.values()].flat(),
      devices: [...core.devices.values()],
      doses: [...core.doses.values()],
      alarms: [...core.alarms.values()],
      incidents: [...core.incidents.values()],
      dayTickAt: core.dayTickAt,
      now: this.lastChangeAt,
    };
    return JSON.parse(JSON.stringify(snapshot)) as EngineSnapshot;
  }

  private restore(snapshot: EngineSnapshot): void {
    const core = this.core;
    core.counters = { ...snapshot.counters };
    core.materializedUntil = snapshot.materializedUntil;
    core.dayTickAt = snapshot.dayTickAt;
    if (snapshot.now !== undefined) {
      core.now = snapshot.now;
      this.lastChangeAt = snapshot.now;
    }
    for (const team of snapshot.teams) core.teams.set(team.id, team);
    for (const citizen of snapshot.citizens) core.citizens.set(citizen.id, citizen);
    for (const schedule of snapshot.schedules) {
      const versions = core.schedules.get(schedule.citizenId);
      if (versions === undefined) core.schedules.set(schedule.citizenId, [schedule]);
      else versions.push(schedule);
    }
    for (const device of snapshot.devices) {
      core.devices.set(device.record.deviceId, device);
      if (device.record.citizenId !== undefined) core.deviceByCitizen.set(device.record.citizenId, device);
      const offlineAt = offlineDueAt(core, device);
      if (offlineAt !== undefined) core.deadlines.schedule('offline', device.record.deviceId, offlineAt);
      if (device.mode === 'travel' && device.travelUntil !== undefined) {
        core.deadlines.schedule('travel', device.record.deviceId, device.travelUntil);
      }
    }
    for (const dose of snapshot.doses) {
      const key = doseKey(dose.citizenId, dose.slot);
      core.doses.set(key, dose);
      if (dose.status === 'pending') core.deadlines.schedule('dose', key, dose.missedCheckAt ?? dose.windowEnd);
    }
    for (const alarm of snapshot.alarms) {
      core.alarms.set(alarm.id, alarm);
      if (alarm.closedAt !== undefined) continue;
      core.openAlarms.set(keyOfAlarm(alarm), alarm);
      if (alarm.shelvedUntil !== undefined) core.deadlines.schedule('unshelve', alarm.id, alarm.shelvedUntil);
      scheduleEscalation(core, alarm);
    }
    for (const incident of snapshot.incidents) core.incidents.set(incident.id, incident);
    if (core.dayTickAt !== undefined) core.deadlines.schedule('day', 'day', core.dayTickAt);
  }
}
