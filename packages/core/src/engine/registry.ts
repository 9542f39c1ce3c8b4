import type { Actor } from '../domain/actor.js';
import type { CitizenId } from '../domain/vocabulary.js';
import type { EngineCore } from './core.js';
import { newDeviceState } from './devices.js';
import { nextCopenhagenMidnight } from '../domain/copenhagen-time.js';
import { dropPendingDoses, materializeCitizen, scheduleFrame } from './doses.js';
import type { RegistryChange } from './inputs.js';
import type { DeviceState } from './state.js';
import { applyScheduleChangeToRoll } from './verification.js';

/** Registry changes: teams, citizens, devices, pairing and schedules. */
export function applyRegistry(core: EngineCore, change: RegistryChange, actor: Actor): void {
  core.changed = true;
  switch (change.kind) {
    case 'team_upsert':
      core.teams.set(change.team.id, change.team);
      break;
    case 'team_remove':
      core.teams.delete(change.teamId);
      break;
    case 'citizen_upsert':
      core.citizens.set(change.citizen.id, change.citizen);
      break;
    case 'citizen_remove': {
      const device = core.deviceByCitizen.get(change.citizenId);
      if (device !== undefined) pair(core, device, undefined);
      core.citizens.delete(change.citizenId);
      core.schedules.delete(change.citizenId);
      core.nextDoseMemo.delete(change.citizenId);
      break;
    }
    case 'device_upsert': {
      const existing = core.devices.get(change.device.deviceId);
      if (existing === undefined) {
        const device = newDeviceState({ ...change.device, citizenId: undefined }, core.now);
        delete device.record.citizenId;
        core.devices.set(change.device.deviceId, device);
        pair(core, device, change.device.citizenId);
        core.deviceChanged(device);
      } else {
        const citizenId = change.device.citizenId;
        existing.record = { ...change.device, citizenId: existing.record.citizenId };
        if (existing.record.citizenId === undefined) delete existing.record.citizenId;
        pair(core, existing, citizenId);
        core.deviceChanged(existing);
      }
      break;
    }
    case 'device_remove': {
      const device = core.devices.get(change.deviceId);
      if (device !== undefined) {
        pair(core, device, undefined);
        core.devices.delete(change.deviceId);
      }
      break;
    }
    case 'pairing': {
      const device = core.devices.get(change.deviceId);
      if (device !== undefined) pair(core, device, change.citizenId);
      break;
    }
    case 'schedule_upsert': {
      const { schedule } = change;
      dropPendingDoses(core, schedule.citizenId); // before the old versions go, so their slot times are probed
      // A new version replaces versions starting on or after its own start; earlier days keep the old one.
      const kept = (core.schedules.get(schedule.citizenId) ?? []).filter(
        (version) => version.validFrom < schedule.validFrom,
      );
      core.schedules.set(schedule.citizenId, [...kept, schedule]);
      core.nextDoseMemo.delete(schedule.citizenId);
      materializeCitizen(core, schedule.citizenId);
      const device = core.deviceByCitizen.get(schedule.citizenId);
      if (device !== undefined) {
        applyScheduleChangeToRoll(core, device, schedule.citizenId, schedule.validFrom, actor);
        sendSchedule(core, device, schedule.citizenId);
      }
      break;
    }
    case 'schedule_remove': {
      dropPendingDoses(core, change.citizenId);
      core.schedules.delete(change.citizenId);
      core.nextDoseMemo.delete(change.citizenId);
      const device = core.deviceByCitizen.get(change.citizenId);
      if (device !== undefined) sendSchedule(core, device, change.citizenId);
      break;
    }
  }
  ensureDayTick(core);
  core.audit({ actor, action: 'registry_changed', detail: change.kind, ...citizenOf(change) });
}

function citizenOf(change: RegistryChange): { citizenId?: CitizenId } {
  switch (change.kind) {
    case 'citizen_upsert':
      return { citizenId: change.citizen.id };
    case 'citizen_remove':
    case 'schedule_remove':
      return { citizenId: change.citizenId };
    case 'schedule_upsert':
      return { citizenId: change.schedule.citizenId };
    case 'pairing':
      return change.citizenId !== undefined ? { citizenId: change.citizenId } : {};
    case 'team_upsert':
    case 'team_remove':
    case 'device_upsert':
    case 'device_remove':
      return {};
  }
}

/** Pair (or unpair) a device; the new citizen's doses are materialised and the device gets the schedule. */
function pair(core: EngineCore, device: DeviceState, citizenId: CitizenId | undefined): void {
  const previous = device.record.citizenId;
  if (previous === citizenId) return;
  if (previous !== undefined && core.deviceByCitizen.get(previous) === device) {
    core.deviceByCitizen.delete(previous);
    dropPendingDoses(core, previous);
  }
  if (citizenId === undefined) delete device.record.citizenId;
  else device.record.citizenId = citizenId;
  core.deviceChanged(device);
  if (citizenId === undefined) return;
  const other = core.deviceByCitizen.get(citizenId);
  if (other !== undefined && other !== device) {
    delete other.record.citizenId;
    core.deviceChanged(other);
  }
  core.deviceByCitizen.set(citizenId, device);
  materializeCitizen(core, citizenId);
  sendSchedule(core, device, citizenId);
}

export function sendSchedule(core: EngineCore, device: DeviceState, citizenId: CitizenId): void {
  if (!core.schedules.has(citizenId) && device.scheduleRevision === 0) return;
  device.scheduleRevision += 1;
  core.toDevice(device.record.deviceId, scheduleFrame(core, citizenId, device.scheduleRevision));
}

/** Arm the nightly tick that materialises the next day and does housekeeping. */
export function ensureDayTick(core: EngineCore): void {
  if (core.dayTickAt !== undefined && core.dayTickAt > core.now) return;
  core.dayTickAt = nextCopenhagenMidnight(core.now);
  core.deadlines.schedule('day', 'day', core.dayTickAt);
}
