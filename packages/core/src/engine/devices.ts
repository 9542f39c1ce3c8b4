import { deviceActor } from '../domain/actor.js';
import type { DeviceView } from '../domain/device.js';
import type { DeviceMode, EpochMs } from '../domain/vocabulary.js';
import type { HelloFrame, StatusFrame } from '../protocol/device-frames.js';
import { clearOpen, raiseAlarm, scheduleEscalation, setSuppressed } from './alarm-lifecycle.js';
import type { EngineCore } from './core.js';
import { nextDoseOf } from './doses.js';
import { onDeviceOffline, onOfflineAlarmCleared } from './incidents.js';
import type { EngineOutput } from './outputs.js';
import { RISK_TABLE } from './risk-table.js';
import type { DeviceState } from './state.js';

/** The offline sweep runs on a 5 s grid, so devices that fell silent together are handled by one tick. */
const SWEEP_GRID_MS = 5_000;

export function newDeviceState(record: DeviceState['record'], now: EpochMs): DeviceState {
  return {
    record,
    lastSeq: 0,
    gapCount: 0,
    online: false,
    connected: false,
    power: 'unknown',
    mode: 'active',
    locked: false,
    clockOffsetMs: 0,
    pouches: [],
    cassettes: [],
    scheduleRevision: 0,
    updatedAt: now,
  };
}

export function teamOfDevice(core: EngineCore, device: DeviceState): string {
  return core.teamOfCitizen(device.record.citizenId) ?? device.record.teamId;
}

/** The live view of a device (a fresh object). */
export function deviceView(core: EngineCore, device: DeviceState): EngineOutput & { type: 'device_changed' } {
  const view: DeviceView = {
    deviceId: device.record.deviceId,
    type: device.record.type,
    teamId: teamOfDevice(core, device),
    online: device.online,
    connected: device.connected,
    power: device.power,
    fill: {},
    mode: device.mode,
    locked: device.locked,
    clockOffsetMs: device.clockOffsetMs,
    lastSeq: device.lastSeq,
    updatedAt: device.updatedAt,
  };
  if (device.record.citizenId !== undefined) view.citizenId = device.record.citizenId;
  if (device.lastContactAt !== undefined) view.lastContactAt = device.lastContactAt;
  if (device.battery !== undefined) view.battery = device.battery;
  if (device.signal !== undefined) view.signal = device.signal;
  if (device.firmware !== undefined) view.firmware = device.firmware;
  if (device.pouchesLeft !== undefined) view.fill.pouchesLeft = device.pouchesLeft;
  if (device.cassettes.length > 0) {
    view.fill.cassettes = device.cassettes.map((cassette) => ({
      cassetteId: cassette.cassetteId,
      remaining: cassette.remaining,
      medication: { drug: cassette.drug },
    }));
  }
  if (device.record.citizenId !== undefined) {
    const next = nextDoseOf(core, device.record.citizenId);
    if (next !== undefined) view.nextDose = { slot: next.slot, dueAt: next.dueAt };
  }
  return { type: 'device_changed', device: view };
}

function offlineLimitMs(core: EngineCore, device: DeviceState): number {
  return (device.record.heartbeatIntervalMs ?? core.config.heartbeatIntervalMs) * core.config.offlineAfterIntervals;
}

/** When the device counts as offline unless it talks again (on the sweep grid). */
export function offlineDueAt(core: EngineCore, device: DeviceState): number | undefined {
  if (!device.online || device.lastContactAt === undefined) return undefined;
  const due = device.lastContactAt + offlineLimitMs(core, device);
  return Math.ceil(due / SWEEP_GRID_MS) * SWEEP_GRID_MS;
}

/**
 * Any frame from the device: it is alive. Cheap on the hot path: only the first contact after silence schedules the
 * offline check; later the check re-arms itself lazily from `lastContactAt`.
 */
export function touchDevice(core: EngineCore, device: DeviceState, at: EpochMs): void {
  core.changed = true;
  if (device.lastContactAt === undefined || at > device.lastContactAt) device.lastContactAt = at;
  if (device.online) return;
  device.online = true;
  core.deviceChanged(device);
  core.audit({ actor: deviceActor(device.record.deviceId), action: 'device_online', deviceId: device.record.deviceId });
  const alarm = clearOpen(
    core,
    deviceActor(device.record.deviceId),
    'device talks again',
    'device_offline',
    device.record.citizenId,
    device.record.deviceId,
  );
  if (alarm !== undefined) onOfflineAlarmCleared(core, alarm);
  const due = offlineDueAt(core, device);
  if (due !== undefined) core.deadlines.schedule('offline', device.record.deviceId, due);
}

export function onOfflineDeadline(core: EngineCore, deviceId: string, entryAt: number): void {
  const device = core.devices.get(deviceId);
  if (device === undefined) return;
  const due = offlineDueAt(core, device);
  if (due === undefined) return;
  if (due > entryAt) {
    core.deadlines.schedule('offline', deviceId, due);
    return;
  }
  device.online = false;
  core.deviceChanged(device);
  core.audit({ actor: 'system', action: 'device_offline', deviceId });
  const alarm = raiseAlarm(core, {
    type: 'device_offline',
    teamId: teamOfDevice(core, device),
    deviceId,
    ...(device.record.citizenId !== undefined ? { citizenId: device.record.citizenId } : {}),
    detail: `no frame for ${Math.round((core.now - (device.lastContactAt ?? core.now)) / 1000)} s`,
    actor: 'system',
  });
  onDeviceOffline(core, alarm);
}

/** Device clock minus server clock; a large offset is an alarm, and dose times are judged on corrected time. */
export function measureClock(core: EngineCore, device: DeviceState, deviceTime: EpochMs, receivedAt: EpochMs): void {
  const offset = deviceTime - receivedAt;
  if (Math.abs(offset - device.clockOffsetMs) >= 1000) {
    device.clockOffsetMs = offset;
    core.deviceChanged(device);
  }
  const deviceId = device.record.deviceId;
  if (Math.abs(offset) > core.config.clockSkewLimitMs) {
    const existing = core.openAlarms.get(`${deviceId}|clock_skew|`);
    if (existing === undefined || existing.cleared) {
      raiseAlarm(core, {
        type: 'clock_skew',
        teamId: teamOfDevice(core, device),
        deviceId,
        ...(device.record.citizenId !== undefined ? { citizenId: device.record.citizenId } : {}),
        detail: `device clock off by ${Math.round(offset / 1000)} s`,
        actor: 'system',
      });
    }
  } else {
    clearOpen(core, 'system', 'device clock back within the limit', 'clock_skew', device.record.citizenId, deviceId);
  }
}

export function applyHello(core: EngineCore, device: DeviceState, hello: HelloFrame, receivedAt: EpochMs): void {
  if (device.firmware !== hello.firmware || device.bootId !== hello.bootId) {
    device.firmware = hello.firmware;
    device.bootId = hello.bootId;
    core.deviceChanged(device);
  }
  measureClock(core, device, hello.deviceTime, receivedAt);
}

export function applyStatus(core: EngineCore, device: DeviceState, status: StatusFrame, receivedAt: EpochMs): void {
  touchDevice(core, device, receivedAt);
  measureClock(core, device, status.deviceTime, receivedAt);
  const actor = deviceActor(device.record.deviceId);
  const { citizenId, deviceId } = device.record;
  if (device.battery !== status.battery || device.power !== status.power || device.signal !== status.signal) {
    device.battery = status.battery;
    device.power = status.power;
    device.signal = status.signal;
    core.deviceChanged(device);
  }
  if (status.battery >= core.config.batteryRecoveredPercent) {
    clearOpen(core, actor, `battery at ${status.battery} %`, 'battery_low', citizenId, deviceId);
  }
  if (status.power === 'mains') clearOpen(core, actor, 'on mains power', 'power_lost', citizenId, deviceId);
  if (status.rollRemaining !== undefined && status.rollRemaining !== device.pouchesLeft) {
    device.pouchesLeft = status.rollRemaining;
    core.deviceChanged(device);
  }
  if (status.cassettes !== undefined) {
    for (const fill of status.cassettes) {
      const cassette = device.cassettes.find((candidate) => candidate.cassetteId === fill.cassetteId);
      if (cassette !== undefined && cassette.remaining !== fill.remaining) {
        cassette.remaining = fill.remaining;
        core.deviceChanged(device);
      }
    }
  }
  if (status.mode !== undefined && status.mode !== device.mode) setMode(core, device, status.mode, actor);
}

/** Paused/travel suppresses the open dose alarms of the device's citizen; active again unsuppresses them. */
export function setMode(
  core: EngineCore,
  device: DeviceState,
  mode: DeviceMode,
  actor: string,
  travelUntil?: EpochMs,
): void {
  device.travelUntil = mode === 'travel' ? travelUntil : undefined;
  if (device.travelUntil !== undefined) core.deadlines.schedule('travel', device.record.deviceId, device.travelUntil);
  if (device.mode === mode) return;
  device.mode = mode;
  core.deviceChanged(device);
  core.audit({
    actor,
    action: 'device_mode_changed',
    deviceId: device.record.deviceId,
    ...(device.record.citizenId !== undefined ? { citizenId: device.record.citizenId } : {}),
    detail: mode,
  });
  const citizenId = device.record.citizenId;
  if (citizenId === undefined) return;
  for (const alarm of core.openAlarms.values()) {
    if (alarm.citizenId !== citizenId || !RISK_TABLE[alarm.type].suppressible) continue;
    setSuppressed(core, alarm, mode !== 'active');
    if (mode === 'active') scheduleEscalation(core, alarm);
  }
}

export function onTravelDeadline(core: EngineCore, deviceId: string, entryAt: number): void {
  const device = core.devices.get(deviceId);
  if (device?.mode !== 'travel' || device.travelUntil === undefined) return;
  if (device.travelUntil > entryAt) {
    core.deadlines.schedule('travel', deviceId, device.travelUntil);
    return;
  }
  setMode(core, device, 'active', 'system');
}
