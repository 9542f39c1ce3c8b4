import { epochToCopenhagen, type CitizenId, type DeviceType, type DoseSlot, type LocalDate } from '@medtek/core';
import {
  createRandom,
  DeviceClock,
  expandSchedule,
  FORGETFUL_CITIZEN,
  MedimiSmart,
  packRoll,
  realScheduler,
  RELIABLE_CITIZEN,
  RollDispenser,
  SimDevice,
  wsTransport,
} from '@medtek/device-sim';
import type { RunningServer } from '../server.js';

/** What `pnpm start` needs from a running simulated fleet. */
export interface DemoFleet {
  /** Devices the fleet runs. */
  readonly size: number;
  /** Devices with an authenticated socket right now. */
  online(): number;
  stop(): Promise<void>;
}

export interface DemoFleetOptions {
  server: RunningServer;
  /** Run at most this many of the registered devices (in id order). */
  maxDevices: number;
  seed?: number;
}

/**
 * THE place where the simulated fleet plugs into `pnpm start`. It runs the devices the registry knows (seeded through
 * REST), so a restart simulates the same fleet. Until device-sim's fleet runner (`startFleet`) lands, this drives
 * device-sim's `SimDevice`s directly: one per registered device, on the server's clock (accelerated: the device
 * clocks learn its rate; manual: they follow every jump), each loaded with a fresh roll or cassettes.
 */
export async function startDemoFleet(options: DemoFleetOptions): Promise<DemoFleet> {
  const { server } = options;
  const scheduler = realScheduler();
  const random = createRandom(options.seed ?? 7);
  const manual = server.clock.mode === 'manual';
  const heartbeatIntervalMs = server.config.heartbeatIntervalMs;
  const wsBase = server.url.replace(/^http/, 'ws');
  const today: LocalDate = epochToCopenhagen(server.clock.now()).date;

  const registered = server.registry
    .listDevices()
    .filter((device) => device.citizenId !== undefined && device.credential.revokedAt === undefined)
    .sort((a, b) => a.deviceId.localeCompare(b.deviceId))
    .slice(0, options.maxDevices);

  const devices: SimDevice[] = [];
  for (const record of registered) {
    const citizenId = record.citizenId!;
    const slots = currentSlots(server, citizenId);
    const forgetful = hash(record.deviceId) % 4 === 0;
    const device = new SimDevice({
      type: record.type,
      deviceId: record.deviceId,
      citizenId,
      secret: server.deviceSecret(record.deviceId),
      url: `${wsBase}/device`,
      transport: wsTransport(),
      scheduler,
      random: random.fork(record.deviceId),
      clock: new DeviceClock({
        initialServerTime: server.clock.now(),
        initialRate: 'factor' in server.clock ? Number(server.clock.factor) : 1,
        learnRate: !manual,
      }),
      model: {
        profile: forgetful ? FORGETFUL_CITIZEN : RELIABLE_CITIZEN,
        ...(record.type === 'medimi' ? { cassetteLowAt: 6 } : {}),
      },
      runtime: { heartbeatIntervalMs, backoff: { initialMs: 200, maxMs: 5_000, factor: 2 } },
    });
    const occurrences = expandSchedule(slots, today, rollDaysOf(record.deviceId, record.type));
    device.model.setSchedule(occurrences);
    device.start();
    devices.push(device);
    loadSupplies(device, citizenId, slots, occurrences);
  }

  // A manual clock moves only when told: let every device see the new time, act on it and report.
  const stopFollowing = manual
    ? server.clock.onJump((now) => {
        for (const device of devices) {
          device.clock.sync(now, scheduler.now());
          device.model.tick();
          if (device.runtime.state === 'online') device.runtime.sendStatus();
        }
      })
    : () => undefined;

  // Give the fleet a moment to connect, so the first page load already shows it online (never fails the start).
  const connectBy = Date.now() + 10_000;
  while (Date.now() < connectBy && devices.some((d) => d.runtime.state !== 'online')) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  return {
    size: devices.length,
    online: () => devices.filter((d) => d.runtime.state === 'online').length,
    stop: async () => {
      stopFollowing();
      for (const device of devices) device.stop();
      await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}

function currentSlots(server: RunningServer, citizenId: CitizenId): DoseSlot[] {
  const schedules = server.registry.getSchedules(citizenId);
  return schedules[schedules.length - 1]?.slots ?? [];
}

/** A few dispensers get a short roll so that "roll low" shows up in the first simulated day. */
function rollDaysOf(deviceId: string, type: DeviceType): number {
  return type !== 'flexsmart' && hash(deviceId) % 5 === 1 ? 1 : 14;
}

/** Loads the pharmacy's roll (dispensers) or the cassettes (MedimiSmart) once the device is connected. */
function loadSupplies(
  device: SimDevice,
  citizenId: CitizenId,
  slots: readonly DoseSlot[],
  occurrences: ReturnType<typeof expandSchedule>,
): void {
  const load = (): void => {
    if (device.model instanceof RollDispenser) {
      const rollId = `R-${device.deviceId}-${Date.now().toString(36)}`;
      device.model.loadRoll(rollId, packRoll(citizenId, rollId, occurrences));
    } else if (device.model instanceof MedimiSmart) {
      const perDay = new Map<string, number>();
      for (const slot of slots)
        for (const item of slot.contents) perDay.set(item.drug, (perDay.get(item.drug) ?? 0) + item.amount);
      let n = 0;
      for (const [drug, amount] of perDay) {
        const low = hash(`${device.deviceId}:${drug}`) % 3 === 0;
        device.model.loadCassette({
          cassetteId: `C${++n}`,
          drug,
          units: Math.ceil(amount * (low ? 2 : 14)),
        });
      }
    }
  };
  if (device.runtime.state === 'online') {
    load();
    return;
  }
  const timer = setInterval(() => {
    if (device.runtime.state !== 'online') return;
    clearInterval(timer);
    load();
  }, 20);
  timer.unref();
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
