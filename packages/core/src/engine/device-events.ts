import { deviceActor } from '../domain/actor.js';
import type { EpochMs } from '../domain/vocabulary.js';
import type { EventFrame } from '../protocol/device-frames.js';
import { clearOpen, raiseAlarm } from './alarm-lifecycle.js';
import type { EngineCore } from './core.js';
import { setMode, teamOfDevice, touchDevice } from './devices.js';
import type { DeviceState } from './state.js';
import { applyIntake, applyNotTaken, applyRollLoaded } from './verification.js';

/**
 * A sequenced device event: dedup and gap check on `seq`, then the event's effect. Returns the status for the
 * server's ack logic.
 */
export function applyDeviceEvent(
  core: EngineCore,
  device: DeviceState,
  frame: EventFrame,
  receivedAt: EpochMs,
): 'applied' | 'duplicate' | 'gap' {
  const deviceId = device.record.deviceId;
  if (frame.seq <= device.lastSeq) return 'duplicate'; // no effect, not even "contact": the heartbeat covers liveness
  touchDevice(core, device, receivedAt);
  if (frame.seq > device.lastSeq + 1) {
    device.gapCount += 1;
    if (device.gapCount === core.config.gapFaultThreshold) {
      raiseAlarm(core, {
        type: 'device_fault',
        teamId: teamOfDevice(core, device),
        deviceId,
        ...(device.record.citizenId !== undefined ? { citizenId: device.record.citizenId } : {}),
        detail: `repeated sequence gaps (expected ${device.lastSeq + 1}, got ${frame.seq})`,
        actor: 'system',
      });
    }
    return 'gap';
  }
  device.lastSeq = frame.seq;
  device.gapCount = 0;
  if (frame.bootId !== device.bootId) device.bootId = frame.bootId;
  applyEffect(core, device, frame, frame.deviceTime - device.clockOffsetMs);
  return 'applied';
}

function applyEffect(core: EngineCore, device: DeviceState, frame: EventFrame, at: EpochMs): void {
  const event = frame.e;
  const { deviceId, citizenId } = device.record;
  switch (event.kind) {
    case 'dose_due':
    case 'lid_opened':
    case 'video_requested':
    case 'video_started':
      return; // informational (journaled with the event)
    case 'dispensed':
      if (citizenId !== undefined)
        applyIntake(core, device, citizenId, {
          kind: 'dispensed',
          slot: event.slot,
          at,
          pouchId: event.pouchId,
          contents: event.contents,
        });
      return;
    case 'early_release':
      if (citizenId !== undefined)
        applyIntake(core, device, citizenId, { kind: 'early_release', slot: event.slot, at, pouchId: event.pouchId });
      return;
    case 'taken':
      if (citizenId !== undefined)
        applyIntake(core, device, citizenId, { kind: 'taken', slot: event.slot, at, pouchId: event.pouchId });
      return;
    case 'confirmed':
      if (citizenId !== undefined)
        applyIntake(core, device, citizenId, { kind: 'confirmed', slot: event.slot, at, pouchId: event.pouchId });
      return;
    case 'not_confirmed':
      if (citizenId !== undefined) applyNotTaken(core, device, citizenId, event.slot, 'not_confirmed');
      return;
    case 'missed':
      if (citizenId !== undefined) applyNotTaken(core, device, citizenId, event.slot, 'missed');
      return;
    case 'skipped':
      if (citizenId !== undefined) applyNotTaken(core, device, citizenId, event.slot, 'skipped');
      return;
    case 'video_ended':
      if (citizenId === undefined || event.observed === undefined) return;
      if (event.observed.outcome === 'taken')
        applyIntake(core, device, citizenId, { kind: 'observed', slot: event.observed.slot, at });
      else if (event.observed.outcome === 'not_taken')
        applyNotTaken(core, device, citizenId, event.observed.slot, 'observed_not_taken');
      return;
    case 'dispense_failed':
      raiseAlarm(core, {
        ...alarmSubject(core, device),
        type: 'dispense_failed',
        ...(event.slot !== undefined ? { slot: event.slot } : {}),
        detail: event.reason,
      });
      if (event.reason === 'empty' && event.cassetteId !== undefined)
        markCassette(core, device, event.cassetteId, 'empty');
      return;
    case 'roll_low':
      device.pouchesLeft = event.remaining;
      core.deviceChanged(device);
      raiseAlarm(core, { ...alarmSubject(core, device), type: 'roll_low', detail: `${event.remaining} pouches left` });
      return;
    case 'roll_empty':
      device.pouchesLeft = 0;
      core.deviceChanged(device);
      raiseAlarm(core, { ...alarmSubject(core, device), type: 'roll_empty' });
      clearOpen(core, deviceActor(deviceId), 'roll empty', 'roll_low', citizenId, deviceId);
      return;
    case 'roll_loaded':
      applyRollLoaded(core, device, event.rollId, event.pouches);
      return;
    case 'cassette_low':
      setCassetteRemaining(core, device, event.cassetteId, event.remaining);
      markCassette(core, device, event.cassetteId, 'low');
      return;
    case 'cassette_empty':
      setCassetteRemaining(core, device, event.cassetteId, 0);
      markCassette(core, device, event.cassetteId, 'empty');
      return;
    case 'cassette_loaded': {
      const existing = device.cassettes.find((cassette) => cassette.cassetteId === event.cassetteId);
      if (existing === undefined) {
        device.cassettes.push({
          cassetteId: event.cassetteId,
          drug: event.drug,
          remaining: event.units,
          low: false,
          empty: false,
        });
        device.cassettes.sort((a, b) => (a.cassetteId < b.cassetteId ? -1 : 1));
      } else {
        Object.assign(existing, { drug: event.drug, remaining: event.units, low: false, empty: false });
      }
      core.deviceChanged(device);
      if (!device.cassettes.some((cassette) => cassette.low))
        clearOpen(core, deviceActor(deviceId), 'cassette refilled', 'cassette_low', citizenId, deviceId);
      if (!device.cassettes.some((cassette) => cassette.empty))
        clearOpen(core, deviceActor(deviceId), 'cassette refilled', 'cassette_empty', citizenId, deviceId);
      return;
    }
    case 'tamper':
      raiseAlarm(core, {
        ...alarmSubject(core, device),
        type: 'tamper',
        ...(event.detail !== undefined ? { detail: event.detail } : {}),
      });
      return;
    case 'battery_low':
      device.battery = event.battery;
      core.deviceChanged(device);
      raiseAlarm(core, { ...alarmSubject(core, device), type: 'battery_low', detail: `battery ${event.battery} %` });
      return;
    case 'power_lost':
      device.power = 'battery';
      core.deviceChanged(device);
      raiseAlarm(core, { ...alarmSubject(core, device), type: 'power_lost' });
      return;
    case 'power_restored':
      device.power = 'mains';
      core.deviceChanged(device);
      clearOpen(core, deviceActor(deviceId), 'power restored', 'power_lost', citizenId, deviceId);
      return;
    case 'paused':
      setMode(core, device, 'paused', deviceActor(deviceId));
      return;
    case 'travel_mode':
      setMode(core, device, 'travel', deviceActor(deviceId), event.until);
      return;
    case 'resumed':
      setMode(core, device, 'active', deviceActor(deviceId));
      return;
    case 'help_requested':
      raiseAlarm(core, { ...alarmSubject(core, device), type: 'help_requested' });
      return;
  }
}

/** Team, device, citizen and actor of a device alarm; built only by the kinds that raise one (no per-event closures). */
function alarmSubject(core: EngineCore, device: DeviceState) {
  const { deviceId, citizenId } = device.record;
  return {
    teamId: teamOfDevice(core, device),
    deviceId,
    ...(citizenId !== undefined ? { citizenId } : {}),
    actor: deviceActor(deviceId),
  };
}

function setCassetteRemaining(core: EngineCore, device: DeviceState, cassetteId: string, remaining: number): void {
  const cassette = device.cassettes.find((candidate) => candidate.cassetteId === cassetteId);
  if (cassette !== undefined && cassette.remaining !== remaining) {
    cassette.remaining = remaining;
    core.deviceChanged(device);
  }
}

/** Flag a cassette low/empty and raise the per-device alarm naming the drugs (medication part only). */
function markCassette(core: EngineCore, device: DeviceState, cassetteId: string, level: 'low' | 'empty'): void {
  const cassette = device.cassettes.find((candidate) => candidate.cassetteId === cassetteId);
  if (cassette !== undefined) {
    if (level === 'low') cassette.low = true;
    else cassette.empty = true;
    core.deviceChanged(device);
  }
  const { deviceId, citizenId } = device.record;
  const flagged = device.cassettes.filter((candidate) => (level === 'low' ? candidate.low : candidate.empty));
  raiseAlarm(core, {
    type: level === 'low' ? 'cassette_low' : 'cassette_empty',
    teamId: teamOfDevice(core, device),
    deviceId,
    ...(citizenId !== undefined ? { citizenId } : {}),
    detail: `cassette ${flagged.map((candidate) => candidate.cassetteId).join(', ') || cassetteId}`,
    ...(flagged[0] !== undefined ? { medication: { drug: flagged[0].drug } } : {}),
    actor: deviceActor(deviceId),
  });
}
