import { deviceActor, type Actor } from '../domain/actor.js';
import { slotInstant } from '../domain/copenhagen-time.js';
import type { CitizenId, DoseContents, EpochMs, PouchLabel, SlotKey } from '../domain/vocabulary.js';
import { clearOpen, openAlarm, raiseAlarm } from './alarm-lifecycle.js';
import type { EngineCore } from './core.js';
import { teamOfDevice } from './devices.js';
import { doseFor, expectedContents, sameContents, setDoseStatus } from './doses.js';
import type { DeviceState, DoseState, PouchState } from './state.js';

/**
 * Right citizen, right time, right dose (DESIGN §4). Every check raises its own alarm type; the dose occurrence
 * records what happened so a second intake is recognised and the missed-dose deadline knows the slot is settled.
 */

export type IntakeKind = 'dispensed' | 'early_release' | 'taken' | 'confirmed' | 'observed';

interface IntakeFacts {
  kind: IntakeKind;
  slot: SlotKey;
  /** Device time corrected by the measured clock offset. */
  at: EpochMs;
  pouchId?: string | undefined;
  /** MedimiSmart: the composed dose. */
  contents?: DoseContents | undefined;
}

const MINUTE = 60_000;

function raiseFor(
  core: EngineCore,
  device: DeviceState,
  citizenId: CitizenId,
  spec: Omit<Parameters<typeof raiseAlarm>[1], 'teamId' | 'actor' | 'citizenId' | 'deviceId'> & { actor?: Actor },
) {
  return raiseAlarm(core, {
    teamId: teamOfDevice(core, device),
    citizenId,
    deviceId: device.record.deviceId,
    suppressedByMode: device.mode !== 'active',
    ...spec,
    actor: spec.actor ?? deviceActor(device.record.deviceId),
  });
}

function findPouch(device: DeviceState, pouchId: string | undefined): PouchState | undefined {
  if (pouchId === undefined) return undefined;
  for (const pouch of device.pouches) if (pouch.pouchId === pouchId) return pouch;
  return undefined;
}

/** Lock the device and invalidate pouches (wrong citizen). */
function block(core: EngineCore, device: DeviceState, pouchIds: string[]): void {
  const deviceId = device.record.deviceId;
  if (!device.locked) {
    device.locked = true;
    core.deviceChanged(device);
    core.toDevice(deviceId, { t: 'command', id: core.nextCommandId(), action: 'lock' });
    core.audit({ actor: 'system', action: 'device_locked', deviceId });
  }
  invalidate(core, device, pouchIds);
}

export function invalidate(core: EngineCore, device: DeviceState, pouchIds: string[]): void {
  for (let start = 0; start < pouchIds.length; start += 64) {
    core.toDevice(device.record.deviceId, {
      t: 'command',
      id: core.nextCommandId(),
      action: 'invalidate_pouches',
      pouchIds: pouchIds.slice(start, start + 64),
    });
  }
  if (pouchIds.length > 0) {
    core.audit({
      actor: 'system',
      action: 'pouches_invalidated',
      deviceId: device.record.deviceId,
      detail: `${pouchIds.length} pouches`,
    });
  }
}

/** A dose left the device or was confirmed. */
export function applyIntake(core: EngineCore, device: DeviceState, citizenId: CitizenId, facts: IntakeFacts): void {
  const pouch = findPouch(device, facts.pouchId);
  if (pouch !== undefined && !pouch.used) {
    pouch.used = true;
    if (device.pouchesLeft !== undefined && device.pouchesLeft > 0) device.pouchesLeft -= 1;
    core.deviceChanged(device);
  }
  // right citizen
  if (pouch !== undefined && pouch.citizenId !== citizenId) {
    raiseFor(core, device, citizenId, {
      type: 'wrong_citizen',
      slot: facts.slot,
      detail: 'released a pouch labelled for another citizen',
      medication: { pouchIds: [pouch.pouchId], actual: pouch.contents },
    });
    block(core, device, [pouch.pouchId]);
    return;
  }
  const dose = doseFor(core, citizenId, facts.slot);
  if (dose === undefined) {
    raiseFor(core, device, citizenId, {
      type: 'wrong_dose',
      slot: facts.slot,
      detail: 'slot not in the current schedule',
      ...((facts.contents ?? pouch?.contents) ? { medication: { actual: facts.contents ?? pouch?.contents } } : {}),
    });
    return;
  }
  // right dose
  const actual = facts.contents ?? pouch?.contents;
  if (pouch?.invalid === true) {
    raiseFor(core, device, citizenId, {
      type: 'wrong_dose',
      slot: facts.slot,
      timeCritical: dose.timeCritical,
      detail: 'an invalidated pouch was released',
      medication: { expected: dose.contents, actual: pouch.contents, pouchIds: [pouch.pouchId] },
    });
  } else if (actual !== undefined && !sameContents(actual, dose.contents)) {
    raiseFor(core, device, citizenId, {
      type: 'wrong_dose',
      slot: facts.slot,
      timeCritical: dose.timeCritical,
      detail: 'contents differ from the schedule',
      medication: { expected: dose.contents, actual },
    });
  }
  if (facts.kind === 'dispensed' || facts.kind === 'early_release') applyCassetteUse(core, device, actual);
  settle(core, device, dose, facts);
}

function applyCassetteUse(core: EngineCore, device: DeviceState, contents: DoseContents | undefined): void {
  if (contents === undefined || device.cassettes.length === 0) return;
  for (const item of contents) {
    const cassette = device.cassettes.find((candidate) => candidate.drug === item.drug);
    if (cassette !== undefined) cassette.remaining = Math.max(0, cassette.remaining - Math.ceil(item.amount));
  }
  core.deviceChanged(device);
}

/** Right time and double dose; then the occurrence is settled. */
function settle(core: EngineCore, device: DeviceState, dose: DoseState, facts: IntakeFacts): void {
  const releases = facts.kind === 'dispensed' || facts.kind === 'early_release';
  const already = dose.status === 'taken' || (releases && dose.status === 'dispensed');
  if (already) {
    raiseFor(core, device, dose.citizenId, {
      type: 'double_dose_attempt',
      slot: dose.slot,
      timeCritical: dose.timeCritical,
      detail: `second ${facts.kind} of the slot`,
      medication: { expected: dose.contents },
    });
    return;
  }
  const deviceId = device.record.deviceId;
  const actor = facts.kind === 'observed' ? 'system' : deviceActor(deviceId);
  // The release was judged already; removal of a released pouch only completes it.
  if (dose.status !== 'dispensed') {
    if (facts.at < dose.windowStart) {
      if (device.mode !== 'travel') {
        raiseFor(core, device, dose.citizenId, {
          type: 'outside_window',
          slot: dose.slot,
          timeCritical: dose.timeCritical,
          suppressedByMode: false,
          detail: `${Math.round((dose.windowStart - facts.at) / MINUTE)} min before the window`,
        });
      } else {
        core.audit({
          actor,
          action: 'dose_dispensed',
          citizenId: dose.citizenId,
          deviceId,
          detail: `early release in travel mode: ${dose.slot}`,
        });
      }
    } else if (facts.at > dose.windowEnd && dose.status !== 'missed') {
      raiseFor(core, device, dose.citizenId, {
        type: 'outside_window',
        slot: dose.slot,
        timeCritical: dose.timeCritical,
        detail: `${Math.round((facts.at - dose.windowEnd) / MINUTE)} min after the window`,
      });
    }
  }
  if (dose.status === 'missed') {
    // A late intake, or the replay of an intake the silent device had buffered: the missed-dose condition is gone.
    const late = facts.at > dose.windowEnd;
    const comment = late
      ? `taken late, ${Math.round((facts.at - dose.windowEnd) / MINUTE)} min after the window`
      : 'intake reported after the window closed (replay)';
    clearOpen(core, actor, comment, 'missed_dose', dose.citizenId, deviceId, dose.slot);
  }
  if (dose.status === 'not_confirmed') {
    clearOpen(core, actor, 'confirmed after all', 'not_confirmed', dose.citizenId, deviceId, dose.slot);
  }
  setDoseStatus(core, dose, releases ? 'dispensed' : 'taken');
  dose.statusAt = facts.at;
  dose.evidence = facts.kind === 'observed' ? 'video' : facts.kind === 'confirmed' ? 'app' : 'device';
  if (facts.kind === 'observed') {
    core.audit({
      actor,
      action: 'dose_taken',
      citizenId: dose.citizenId,
      deviceId,
      detail: `observed by video: ${dose.slot}`,
    });
  }
  core.deviceChanged(device); // next dose moved on
}

/** The device (or the app, or a video observation) says the dose was not taken. */
export function applyNotTaken(
  core: EngineCore,
  device: DeviceState,
  citizenId: CitizenId,
  slot: SlotKey,
  how: 'not_confirmed' | 'missed' | 'skipped' | 'observed_not_taken',
): void {
  const dose = doseFor(core, citizenId, slot);
  if (dose !== undefined && (dose.status === 'taken' || dose.status === 'dispensed')) return; // settled already
  const timeCritical = dose?.timeCritical ?? false;
  const medication = dose !== undefined ? { medication: { expected: dose.contents } } : {};
  if (how === 'not_confirmed') {
    if (dose !== undefined) setDoseStatus(core, dose, 'not_confirmed');
    raiseFor(core, device, citizenId, { type: 'not_confirmed', slot, timeCritical, ...medication });
  } else {
    if (dose !== undefined) setDoseStatus(core, dose, how === 'skipped' ? 'skipped' : 'missed');
    const detail =
      how === 'skipped'
        ? 'skipped on the device'
        : how === 'missed'
          ? 'reported missed by the device'
          : 'observed not taken on video';
    raiseFor(core, device, citizenId, { type: 'missed_dose', slot, timeCritical, detail, ...medication });
  }
  if (dose !== undefined) dose.statusAt = core.now;
  core.deviceChanged(device);
}

/**
 * The missed-dose deadline of an occurrence: the end of its window when the device has been heard from within one
 * heartbeat interval (an intake would have arrived), else the end of the window plus the grace period for the
 * replay of what the device buffered while silent.
 */
export function onDoseDeadline(core: EngineCore, key: string, entryAt: number): void {
  const dose = core.doses.get(key);
  if (dose?.status !== 'pending') return;
  const due = dose.missedCheckAt ?? dose.windowEnd;
  if (due > entryAt) {
    core.deadlines.schedule('dose', key, due);
    return;
  }
  const device = core.deviceByCitizen.get(dose.citizenId);
  if (device === undefined) return;
  const heartbeat = device.record.heartbeatIntervalMs ?? core.config.heartbeatIntervalMs;
  const heardRecently =
    device.online && device.lastContactAt !== undefined && core.now - device.lastContactAt <= heartbeat;
  if (!heardRecently && dose.missedCheckAt === undefined) {
    // The decision is state (journaled), so a restored engine waits exactly as this one does.
    dose.missedCheckAt = dose.windowEnd + core.config.missedDoseGraceMs;
    core.changed = true;
    core.deadlines.schedule('dose', key, dose.missedCheckAt);
    return;
  }
  setDoseStatus(core, dose, 'missed');
  dose.statusAt = core.now;
  raiseAlarm(core, {
    type: 'missed_dose',
    teamId: teamOfDevice(core, device),
    citizenId: dose.citizenId,
    deviceId: device.record.deviceId,
    slot: dose.slot,
    timeCritical: dose.timeCritical,
    suppressedByMode: device.mode !== 'active',
    detail: heardRecently
      ? 'no intake by the end of the window'
      : 'no intake by the end of the window and grace period (device silent)',
    medication: { expected: dose.contents },
    actor: 'system',
  });
  core.deviceChanged(device);
}

/** A roll was loaded: every pouch must be for this citizen and match the current schedule. */
export function applyRollLoaded(core: EngineCore, device: DeviceState, rollId: string, labels: PouchLabel[]): void {
  const citizenId = device.record.citizenId;
  const deviceId = device.record.deviceId;
  const actor = deviceActor(deviceId);
  if (device.rollId !== rollId) {
    device.rollId = rollId;
    device.pouches = [];
  }
  const foreign: PouchState[] = [];
  const mismatched: PouchState[] = [];
  for (const label of labels) {
    const pouch: PouchState = {
      pouchId: label.pouchId,
      citizenId: label.citizenId,
      slot: label.slot,
      contents: label.contents,
      invalid: false,
      used: false,
    };
    if (citizenId === undefined || label.citizenId !== citizenId) {
      pouch.invalid = true;
      foreign.push(pouch);
    } else {
      const expected = expectedContents(core, citizenId, label.slot);
      if (expected === undefined || !sameContents(expected, label.contents)) {
        pouch.invalid = true;
        mismatched.push(pouch);
      }
    }
    const index = device.pouches.findIndex((existing) => existing.pouchId === pouch.pouchId);
    if (index >= 0) device.pouches[index] = pouch;
    else device.pouches.push(pouch);
  }
  device.pouches.sort((a, b) => (a.slot < b.slot ? -1 : a.slot > b.slot ? 1 : 0));
  device.pouchesLeft = device.pouches.filter((pouch) => !pouch.used).length;
  core.deviceChanged(device);
  clearOpen(core, actor, 'roll loaded', 'roll_low', citizenId, deviceId);
  clearOpen(core, actor, 'roll loaded', 'roll_empty', citizenId, deviceId);
  if (citizenId === undefined) return;
  if (foreign.length > 0) {
    raiseAlarm(core, {
      type: 'wrong_citizen',
      teamId: teamOfDevice(core, device),
      citizenId,
      deviceId,
      detail: `${foreign.length} pouches labelled for another citizen`,
      medication: { pouchIds: foreign.slice(0, 64).map((pouch) => pouch.pouchId) },
      actor,
    });
    core.audit({ actor: 'system', action: 'dose_blocked', citizenId, deviceId, detail: 'roll for another citizen' });
    block(
      core,
      device,
      foreign.map((pouch) => pouch.pouchId),
    );
  } else if (device.pouches.every((pouch) => pouch.citizenId === citizenId)) {
    clearOpen(core, actor, 'a roll for the right citizen was loaded', 'wrong_citizen', citizenId, deviceId);
    if (device.locked) {
      device.locked = false;
      core.deviceChanged(device);
      core.toDevice(deviceId, { t: 'command', id: core.nextCommandId(), action: 'unlock' });
    }
  }
  if (mismatched.length > 0) {
    const first = mismatched[0]!;
    const expected = expectedContents(core, citizenId, first.slot);
    raiseAlarm(core, {
      type: 'wrong_dose',
      teamId: teamOfDevice(core, device),
      citizenId,
      deviceId,
      slot: first.slot,
      detail: `${mismatched.length} pouches differ from the current schedule`,
      medication: {
        pouchIds: mismatched.slice(0, 64).map((pouch) => pouch.pouchId),
        actual: first.contents,
        ...(expected !== undefined ? { expected } : {}),
      },
      actor,
    });
    invalidate(
      core,
      device,
      mismatched.map((pouch) => pouch.pouchId),
    );
  }
  const changedAfterPacking = openAlarm(core, 'schedule_changed_after_packing', citizenId, deviceId);
  if (
    changedAfterPacking !== undefined &&
    !changedAfterPacking.cleared &&
    !device.pouches.some((pouch) => pouch.invalid && !pouch.used)
  ) {
    clearOpen(core, actor, 'affected pouches replaced', 'schedule_changed_after_packing', citizenId, deviceId);
    core.toDevice(deviceId, { t: 'command', id: core.nextCommandId(), action: 'resume' });
  }
}

/**
 * The schedule changed: pouches already packed that no longer match are invalidated, the device is paused until
 * they are replaced, and the coordinator gets schedule_changed_after_packing.
 */
export function applyScheduleChangeToRoll(
  core: EngineCore,
  device: DeviceState,
  citizenId: CitizenId,
  validFrom: string,
  actor: Actor,
): void {
  const affected: PouchState[] = [];
  for (const pouch of device.pouches) {
    if (pouch.used || pouch.invalid || pouch.citizenId !== citizenId) continue;
    if (pouch.slot.slice(0, 10) < validFrom || slotInstant(pouch.slot) + 12 * 60 * MINUTE < core.now) continue;
    const expected = expectedContents(core, citizenId, pouch.slot);
    if (expected !== undefined && sameContents(expected, pouch.contents)) continue;
    pouch.invalid = true;
    affected.push(pouch);
  }
  if (affected.length === 0) return;
  const deviceId = device.record.deviceId;
  core.deviceChanged(device);
  const first = affected[0]!;
  const expected = expectedContents(core, citizenId, first.slot);
  raiseAlarm(core, {
    type: 'schedule_changed_after_packing',
    teamId: teamOfDevice(core, device),
    citizenId,
    deviceId,
    detail: `${affected.length} pouches invalidated from ${first.slot}; device paused until replaced`,
    medication: {
      pouchIds: affected.slice(0, 64).map((pouch) => pouch.pouchId),
      actual: first.contents,
      ...(expected !== undefined ? { expected } : {}),
    },
    actor,
  });
  invalidate(
    core,
    device,
    affected.map((pouch) => pouch.pouchId),
  );
  core.toDevice(deviceId, { t: 'command', id: core.nextCommandId(), action: 'pause' });
}
