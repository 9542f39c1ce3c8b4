import { encodeDeviceFrame, type DeviceFrame } from '@medtek/core';
import type { WireHooks } from '../device/device-runtime.js';
import { MedimiSmart } from '../devices/medimi.js';
import { packRoll } from '../devices/pharmacy.js';
import { RollDispenser } from '../devices/roll-dispenser.js';
import type { SimDevice } from '../devices/sim-device.js';
import type { Random } from '../random.js';
import type { Scheduler } from '../time/scheduler.js';

/** Every fault the simulator can inject, by name (CLI `--fault name=rate`, scenarios). */
export const FAULT_NAMES = [
  'disconnect',
  'team_outage',
  'garbage_frame',
  'truncated_frame',
  'oversize_frame',
  'duplicate_events',
  'reorder_events',
  'clock_skew',
  'jam',
  'low_battery',
  'power_loss',
  'tamper',
  'wrong_roll',
  'schedule_change_after_packing',
] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

/** Faults that act on each outgoing event frame; their rate is a probability per frame. */
export const WIRE_FAULTS: readonly FaultName[] = ['duplicate_events', 'reorder_events'];

export interface FaultContext {
  scheduler: Scheduler;
  random: Random;
  /** How long outages and power cuts last, in server-time ms (default 10 min). */
  durationMs?: number;
  /** Another citizen's id (a roll packed for someone else). */
  otherCitizenId?: (device: SimDevice) => string;
  /** Changes the device's citizen's schedule on the server after the roll was packed (REST). */
  changeSchedule?: (device: SimDevice) => Promise<void>;
  /** All devices of the same team as `device` (team outage). */
  teamOf?: (device: SimDevice) => SimDevice[];
  /** Called for every fault applied (progress display, scenario logs). */
  onFault?: (name: FaultName, device: SimDevice) => void;
}

/** Bytes that are not MessagePack at all (0xc1 is "never used" in the spec). */
function garbage(random: Random): Uint8Array {
  const bytes = new Uint8Array(random.int(1, 48));
  for (let i = 0; i < bytes.length; i++) bytes[i] = random.int(0, 255);
  bytes[0] = 0xc1;
  return bytes;
}

/** A real status frame cut short. */
function truncated(device: SimDevice): Uint8Array {
  const frame: DeviceFrame = { t: 'status', deviceTime: device.runtime.deviceTime(), ...device.model.status() };
  const bytes = encodeDeviceFrame(frame);
  return bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2)));
}

/** A msgpack bin of 20 KiB: above the 16 KiB device frame limit. */
function oversize(): Uint8Array {
  const size = 20 * 1024;
  const bytes = new Uint8Array(size + 5);
  bytes[0] = 0xc6; // bin32
  new DataView(bytes.buffer).setUint32(1, size);
  return bytes;
}

/** Local ms for a server-time duration on this device's learnt clock rate. */
function localMs(device: SimDevice, serverMs: number): number {
  return serverMs / device.clock.serverRate();
}

/** Applies one fault to one device now. Returns false when it does not apply to this device type. */
export function applyFault(name: FaultName, device: SimDevice, context: FaultContext): boolean {
  const { model, runtime } = device;
  const duration = context.durationMs ?? 10 * 60_000;
  let applied = true;
  switch (name) {
    case 'disconnect':
      runtime.dropConnection();
      break;
    case 'team_outage': {
      const team = context.teamOf?.(device) ?? [device];
      for (const member of team) member.runtime.setNetworkDown(true);
      context.scheduler.setTimer(localMs(device, duration), () => {
        for (const member of team) member.runtime.setNetworkDown(false);
      });
      break;
    }
    case 'garbage_frame':
      applied = runtime.sendRaw(garbage(context.random));
      break;
    case 'truncated_frame':
      applied = runtime.sendRaw(truncated(device));
      break;
    case 'oversize_frame':
      applied = runtime.sendRaw(oversize());
      break;
    case 'duplicate_events':
    case 'reorder_events':
      // Wire faults act per frame through wireFaults(); applying one "now" means: the next event frame.
      applied = false;
      break;
    case 'clock_skew':
      // Beyond the 5-minute skew the server alarms on; either direction.
      device.clock.skewMs += (context.random.chance(0.5) ? 1 : -1) * context.random.int(6, 30) * 60_000;
      break;
    case 'jam':
      if (model instanceof RollDispenser || model instanceof MedimiSmart) model.jamNext = true;
      else applied = false;
      break;
    case 'low_battery':
      model.setBattery(context.random.int(5, 19));
      break;
    case 'power_loss':
      if (model.type === 'flexsmart') {
        applied = false;
        break;
      }
      model.losePower();
      context.scheduler.setTimer(localMs(device, duration), () => model.restorePower());
      break;
    case 'tamper':
      if (model.type === 'flexsmart') applied = false;
      else model.tamper();
      break;
    case 'wrong_roll':
      if (model instanceof RollDispenser) {
        const other = context.otherCitizenId?.(device) ?? `${model.citizenId}-other`;
        const slots = [...model.slots.values()].map((s) => ({
          slot: s.slot,
          earlyMs: s.earlyMs,
          lateMs: s.lateMs,
          contents: s.contents,
        }));
        const rollId = `WR-${device.deviceId}`.slice(0, 40);
        if (slots.length > 0) model.loadRoll(rollId, packRoll(other, rollId, slots.slice(0, 56)));
        else applied = false;
      } else applied = false;
      break;
    case 'schedule_change_after_packing':
      if (context.changeSchedule) void context.changeSchedule(device);
      else applied = false;
      break;
    default: {
      const unexpected: never = name;
      return unexpected;
    }
  }
  if (applied) context.onFault?.(name, device);
  return applied;
}

/**
 * Wire hooks for the per-frame faults: duplicate an event frame (the server must deduplicate), or hold one back and
 * send it after the next frame (the server sees a gap and asks for a resync).
 */
export function wireFaults(rates: Partial<Record<FaultName, number>>, random: Random): WireHooks {
  const duplicate = rates.duplicate_events ?? 0;
  const reorder = rates.reorder_events ?? 0;
  let held: Uint8Array | undefined;
  return {
    outgoing(frame, encoded) {
      const out: Uint8Array[] = [];
      if (frame.t === 'event' && held === undefined && random.chance(reorder)) {
        held = encoded;
        return out;
      }
      out.push(encoded);
      if (frame.t === 'event' && random.chance(duplicate)) out.push(encoded);
      if (held !== undefined && frame.t !== 'auth' && frame.t !== 'hello') {
        out.push(held);
        held = undefined;
      }
      return out;
    },
  };
}
