import {
  copenhagenToEpoch,
  decodeDeviceFrame,
  encodeDeviceFrame,
  Engine,
  type DeviceEvent,
  type EpochMs,
} from '../packages/core/src/index.js';
import { citizenWithDevice, deviceIds, FOUR_DOSES, teamChange } from './fixtures.js';
import type { Profile } from './profile.js';
import { range, type Range } from './stats.js';

export interface CoreResult {
  frames: number;
  devices: number;
  framesPerSecond: Range;
  nsPerFrame: number;
}

const FIRST_DAY = '2026-11-23';
const STEPS: ((slot: string) => DeviceEvent)[] = [
  (slot) => ({ kind: 'dose_due', slot }),
  (slot) => ({ kind: 'dispensed', slot }),
  (slot) => ({ kind: 'taken', slot }),
];

interface Frame {
  bytes: Uint8Array;
  now: EpochMs;
}

/**
 * Devices' days as firmware reports them: per dose slot `dose_due`, `dispensed`, `taken`, in time order (12 events a
 * device a day). Frames only: heartbeats are left out, so the figure is for the costlier sequenced events.
 */
function buildFrames(frames: number, devices: readonly string[]): Frame[] {
  const out: Frame[] = [];
  const seqs = new Map<string, number>();
  for (let day = 0; out.length < frames; day++) {
    const date = new Date(Date.parse(`${FIRST_DAY}T12:00:00Z`) + day * 86_400_000).toISOString().slice(0, 10);
    for (const dose of FOUR_DOSES) {
      const slot = `${date}T${dose.time}`;
      const slotAt = copenhagenToEpoch(date, dose.time);
      for (const [step, event] of STEPS.entries()) {
        const now = slotAt + step * 60_000;
        for (const deviceId of devices) {
          if (out.length >= frames) return out;
          const seq = (seqs.get(deviceId) ?? 0) + 1;
          seqs.set(deviceId, seq);
          out.push({
            bytes: encodeDeviceFrame({ t: 'event', deviceId, seq, deviceTime: now, bootId: 'b1', e: event(slot) }),
            now,
          });
        }
      }
    }
  }
  return out;
}

function freshEngine(devices: readonly string[]): Engine {
  const engine = new Engine();
  const at = copenhagenToEpoch(FIRST_DAY, '00:00');
  engine.apply({ type: 'registry', change: teamChange() }, at);
  for (const deviceId of devices) {
    // Heartbeats are not part of the frame stream, so the devices' offline limit is set to a day: the hours between
    // dose slots must not turn the whole fleet offline (that would measure an alarm storm, not ingest).
    for (const change of citizenWithDevice(deviceId, FIRST_DAY, 86_400_000))
      engine.apply({ type: 'registry', change }, at);
    engine.apply({ type: 'device_connection', deviceId, connected: true, receivedAt: at }, at);
  }
  return engine;
}

/** Decode + validate (zod, as the gateway does) + apply, per device frame, on this one core, no sockets. */
export function benchCore(profile: Profile, log: (line: string) => void): CoreResult {
  const { frames, repeats } = profile.core;
  // One day per device (12 events): enough devices that the frames fit in one simulated day.
  const deviceCount = Math.max(1, Math.ceil(frames / (FOUR_DOSES.length * STEPS.length)));
  const devices = deviceIds('core', deviceCount);
  const input = buildFrames(frames, devices);
  const rates: number[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    const engine = freshEngine(devices);
    let applied = 0;
    const started = process.hrtime.bigint();
    for (const frame of input) {
      const decoded = decodeDeviceFrame(frame.bytes);
      if (!decoded.ok || decoded.frame.t !== 'event') throw new Error('core bench: a frame did not decode');
      const event = decoded.frame;
      const result = engine.apply(
        { type: 'device_event', deviceId: event.deviceId, event, receivedAt: frame.now },
        frame.now,
      );
      if (result.journal) applied++;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (applied !== input.length) throw new Error(`core bench: ${input.length - applied} frames changed nothing`);
    rates.push(input.length / seconds);
    log(`  core: ${Math.round(input.length / seconds).toLocaleString('en')} frames/s (run ${repeat + 1})`);
  }
  const framesPerSecond = range(rates);
  return { frames: input.length, devices: deviceCount, framesPerSecond, nsPerFrame: 1e9 / framesPerSecond.median };
}
