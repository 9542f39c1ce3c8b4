import type { Schedule } from '@medtek/core';
import { DeviceClock } from '../device/device-clock.js';
import { Outbox } from '../device/outbox.js';
import { wsTransport, type Transport } from '../device/transport.js';
import { SimDevice } from '../devices/sim-device.js';
import { WIRE_FAULTS, wireFaults, type FaultContext, type FaultName } from '../faults/faults.js';
import { FaultPlan, type FaultRates } from '../faults/fault-plan.js';
import { createRandom, type Random } from '../random.js';
import { LiveClient } from '../scenarios/live-client.js';
import { realScheduler, type Scheduler, type TimerHandle } from '../time/scheduler.js';
import { DeviceDriver } from './device-driver.js';
import type { FleetStats } from './fleet-stats.js';
import { CITIZEN_PROFILES } from './profiles.js';
import { provisionFleet, type ProvisionedFleet, type ProvisionOptions } from './provision.js';
import { MedtekRest, wsBase } from './rest-client.js';
import { Supplies } from './supplies.js';

export interface FleetOptions extends ProvisionOptions {
  /**
   * `follow` (default): the server's clock runs by itself (real or accelerated) and every device follows it from
   * the `serverTime` of challenges and acks. `manual`: the server runs a manual clock and the caller moves it with
   * `fleet.advanceTo()` (tests, step-by-step demos).
   */
  clock?: 'follow' | 'manual';
  /** Fault rates per device per simulated hour (per frame for duplicate/reorder), e.g. `{ disconnect: 0.1 }`. */
  faults?: FaultRates;
  /** Start a live subscriber (alarms, incidents) with the same token (default true). */
  live?: boolean;
  /** Origin the live subscriber presents; must be in the server's `allowedOrigins`. */
  origin?: string;
  /** The server clock's speed, if known (e.g. 1440); otherwise measured over two /me calls in follow mode. */
  speed?: number;
  /** An already provisioned fleet (skips provisioning; `provisionFleet()`'s answer). */
  provisioned?: ProvisionedFleet;
  /** Device reconnect backoff, local ms (default 500 ms … 30 s). */
  backoff?: { initialMs: number; maxMs: number; factor: number };
}

/** A running fleet: devices connected to the server, each with its citizen. */
export interface Fleet {
  readonly provisioned: ProvisionedFleet;
  readonly devices: readonly SimDevice[];
  readonly live: LiveClient | undefined;
  readonly stats: FleetStats;
  /** Manual clock only: moves the server's clock to `at` step by step, letting every device act and be acked. */
  advanceTo(at: number): Promise<void>;
  /** Resolves once every connected device's outbox is acknowledged. */
  settle(timeoutMs?: number): Promise<void>;
  /** Closes every socket (devices with 1000, the live subscriber) and cancels every timer; the final stats. */
  stop(): Promise<FleetStats>;
}

const MAX_STEP_MS = 10 * 60_000;
const FAULT_CHECK_LOCAL_MS = 1_000;
/** Local ms between the fleet's server-time checks (follow mode). */
const TIME_CHECK_LOCAL_MS = 2_000;
/** A device clock further than this (server ms) from the fleet's measurement is corrected. */
const CLOCK_CORRECTION_MS = 10_000;
/** Device connects are spread over at most this long (local ms), so a herd does not stall the challenges. */
const STAGGER_MAX_MS = 2_000;
const STOP_GRACE_MS = 2_000;

/** Counts open sockets so `stop()` can wait until each close handshake has finished. */
class SocketTracker {
  open = 0;
  private waiters: (() => void)[] = [];

  wrap(inner: Transport): Transport {
    return (url, handlers) => {
      this.open++;
      let done = false;
      return inner(url, {
        ...handlers,
        onClose: (code, reason) => {
          if (!done) {
            done = true;
            this.open--;
            if (this.open === 0) for (const waiter of this.waiters.splice(0)) waiter();
          }
          handlers.onClose(code, reason);
        },
      });
    };
  }

  idle(timeoutMs: number): Promise<boolean> {
    if (this.open === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

/** Provisions (or reuses) a fleet and connects it; resolves once every device has been started. */
export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const provisioned = options.provisioned ?? (await provisionFleet(options));
  const rest = new MedtekRest(options.url, options.token);
  const mode = options.clock ?? 'follow';
  const speed = mode === 'manual' ? 1 : (options.speed ?? (await measureSpeed(rest)));
  const fleet = new RunningFleet(options, provisioned, rest, mode, speed);
  await fleet.start();
  return fleet;
}

/** Server-clock ms per real ms, over two /me calls 300 ms apart. */
async function measureSpeed(rest: MedtekRest): Promise<number> {
  const first = await rest.me();
  const startedAt = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const second = await rest.me();
  const measured = (second.serverTime - first.serverTime) / (performance.now() - startedAt);
  return measured < 2 ? 1 : measured;
}

class RunningFleet implements Fleet {
  readonly devices: SimDevice[] = [];
  live: LiveClient | undefined;
  private readonly scheduler: Scheduler = realScheduler();
  private readonly sockets = new SocketTracker();
  private readonly drivers: DeviceDriver[] = [];
  private readonly supplies = new Map<string, Supplies>();
  private readonly schedules = new Map<string, Schedule>();
  private readonly teamOf = new Map<string, SimDevice[]>();
  private readonly random: Random;
  private readonly faultPlan: FaultPlan | undefined;
  private faultTimer: TimerHandle | undefined;
  private timeTimer: TimerHandle | undefined;
  private readonly startTimers: TimerHandle[] = [];
  private serverNow: number;
  private fleetErrors = 0;
  private lastError: string | undefined;
  private liveConnected = false;
  private stopped: Promise<FleetStats> | undefined;
  private readonly faultCounts: Partial<Record<FaultName, number>> = {};

  constructor(
    private readonly options: FleetOptions,
    readonly provisioned: ProvisionedFleet,
    private readonly rest: MedtekRest,
    private readonly mode: 'follow' | 'manual',
    private readonly speed: number,
  ) {
    this.serverNow = provisioned.serverTime;
    this.random = createRandom(provisioned.fleet.seed).fork('fleet-run');
    const faults = options.faults ?? {};
    const periodic = Object.entries(faults).some(
      ([name, rate]) => !WIRE_FAULTS.includes(name as FaultName) && rate > 0,
    );
    if (periodic) this.faultPlan = new FaultPlan(faults, this.faultContext());
  }

  async start(): Promise<void> {
    const { fleet } = this.provisioned;
    for (const schedule of fleet.schedules) this.schedules.set(schedule.citizenId, schedule);
    const base = wsBase(this.options.url);
    const transport = this.sockets.wrap(wsTransport());
    const wireRates = this.options.faults ?? {};
    const hasWireFaults = WIRE_FAULTS.some((name) => (wireRates[name] ?? 0) > 0);
    const startedAt = this.mode === 'manual' ? this.serverNow : (await this.rest.me()).serverTime;
    for (const seeded of fleet.devices) {
      const random = this.random.fork(seeded.deviceId);
      const lastSeq = this.provisioned.lastSeq[seeded.deviceId] ?? 0;
      const profileName = fleet.behaviour[seeded.citizenId] ?? 'reliable';
      const device = new SimDevice({
        type: seeded.type,
        deviceId: seeded.deviceId,
        citizenId: seeded.citizenId,
        secret: Uint8Array.from(Buffer.from(seeded.secret, 'hex')),
        url: `${base}/device`,
        transport,
        scheduler: this.scheduler,
        random,
        // A manual clock jumps (a jump is not a rate); a running one is followed at its learnt rate.
        clock: new DeviceClock({
          initialServerTime: startedAt,
          initialRate: this.speed,
          learnRate: this.mode === 'follow',
        }),
        // The fleet wakes each model exactly when due (DeviceDriver) or steps it (advanceTo); this is a fallback.
        tickMs: 3_600_000,
        // Behaviour follows the fleet seed: a restarted fleet draws the same habit for the same slot.
        model: { profile: CITIZEN_PROFILES[profileName] },
        runtime: {
          heartbeatIntervalMs: seeded.heartbeatIntervalMs ?? 60_000,
          // The device's flash outbox continues after what the server holds (a restart is not a new device).
          outbox: new Outbox(seeded.deviceId, { lastSeq, ackedUpTo: lastSeq }),
          ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
          ...(hasWireFaults ? { wire: wireFaults(wireRates, random.fork('wire')) } : {}),
        },
      });
      this.devices.push(device);
      const team = this.teamOf.get(seeded.teamId) ?? [];
      team.push(device);
      this.teamOf.set(seeded.teamId, team);
      const schedule = this.schedules.get(seeded.citizenId);
      if (schedule) this.supplies.set(seeded.deviceId, new Supplies(device, schedule, lastSeq === 0));
    }
    const stagger = this.mode === 'follow' ? Math.min(10, STAGGER_MAX_MS / this.devices.length) : 0;
    this.devices.forEach((device, index) => {
      const begin = (): void => this.startDevice(device);
      if (stagger === 0) begin();
      else this.startTimers.push(this.scheduler.setTimer(index * stagger, begin));
    });
    if (this.mode === 'follow') this.scheduleTimeCheck();
    if (this.mode === 'follow' && this.faultPlan) this.scheduleFaultCheck();
    if (this.options.live !== false) await this.connectLive(base);
  }

  private startDevice(device: SimDevice): void {
    device.start();
    this.supplies.get(device.deviceId)?.restock(device.runtime.deviceTime());
    if (this.mode !== 'follow') return;
    const driver = new DeviceDriver(device, this.scheduler, () =>
      this.supplies.get(device.deviceId)?.restock(device.runtime.deviceTime()),
    );
    this.drivers.push(driver);
    driver.start();
  }

  /**
   * Devices learn the server's time from the challenge and acks, but a challenge that waited in a busy event loop
   * is stale (×1440 turns 200 ms into 5 minutes: a clock_skew alarm), and a device without events gets no acks to
   * correct it. Like NTP, the fleet reads the server's clock over REST, compensates half the round trip, and
   * re-syncs device clocks that are off by more than 10 server-seconds.
   */
  private scheduleTimeCheck(): void {
    this.timeTimer = this.scheduler.setTimer(TIME_CHECK_LOCAL_MS, () => {
      void this.checkTime().finally(() => {
        if (!this.stopped) this.scheduleTimeCheck();
      });
    });
  }

  private async checkTime(): Promise<void> {
    const sentAt = this.scheduler.now();
    let serverTime: number;
    try {
      serverTime = (await this.rest.me()).serverTime;
    } catch (error) {
      this.fail(`server time: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const now = this.scheduler.now();
    const rate = this.devices[0]?.clock.serverRate() ?? this.speed;
    const estimate = serverTime + ((now - sentAt) / 2) * rate;
    for (const device of this.devices) {
      if (Math.abs(device.clock.serverTimeEstimate(now) - estimate) > CLOCK_CORRECTION_MS) {
        device.clock.sync(estimate, now);
      }
    }
  }

  private async connectLive(base: string): Promise<void> {
    try {
      const token = typeof this.options.token === 'string' ? this.options.token : await this.options.token();
      this.live = await LiveClient.connect(`${base}/live`, token, this.options.origin);
      this.liveConnected = true;
    } catch (error) {
      this.fail(`live subscriber: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private fail(message: string): void {
    this.fleetErrors++;
    this.lastError = message;
  }

  private faultContext(): FaultContext {
    return {
      scheduler: realScheduler(),
      random: createRandom(this.provisioned.fleet.seed).fork('faults'),
      teamOf: (device) => this.teamOf.get(this.teamIdOf(device)) ?? [device],
      otherCitizenId: (device) => {
        const others = this.devices.filter((d) => d !== device);
        return others.length > 0 ? this.random.pick(others).model.citizenId : `${device.model.citizenId}-x`;
      },
      changeSchedule: (device) => this.changeSchedule(device),
      onFault: (name) => {
        this.faultCounts[name] = (this.faultCounts[name] ?? 0) + 1;
      },
    };
  }

  private teamIdOf(device: SimDevice): string {
    return this.provisioned.fleet.devices.find((d) => d.deviceId === device.deviceId)?.teamId ?? '';
  }

  /** Fault `schedule_change_after_packing`: the prescription changes (one more unit of a drug) after packing. */
  private async changeSchedule(device: SimDevice): Promise<void> {
    const current = this.schedules.get(device.model.citizenId);
    const first = current?.slots[0];
    const item = first?.contents[0];
    if (!current || !first || !item) return;
    const changed: Schedule = {
      ...current,
      slots: [{ ...first, contents: [{ ...item, amount: item.amount === 1 ? 2 : 1 }, ...first.contents.slice(1)] }],
    };
    changed.slots.push(...current.slots.slice(1));
    try {
      await this.rest.putSchedule(changed);
      this.schedules.set(changed.citizenId, changed);
      this.supplies.get(device.deviceId)?.setSchedule(changed);
    } catch (error) {
      this.fail(`schedule change for ${changed.citizenId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private scheduleFaultCheck(): void {
    this.faultTimer = this.scheduler.setTimer(FAULT_CHECK_LOCAL_MS, () => {
      this.faultPlan?.check(this.devices, this.estimateServerTime());
      this.scheduleFaultCheck();
    });
  }

  private estimateServerTime(): number {
    if (this.mode === 'manual') return this.serverNow;
    const first = this.devices[0];
    return first ? first.clock.serverTimeEstimate(this.scheduler.now()) : this.serverNow;
  }

  get stats(): FleetStats {
    const stats: FleetStats = {
      devices: this.devices.length,
      connected: 0,
      eventsRecorded: 0,
      eventsAcked: 0,
      eventsPending: 0,
      heartbeats: 0,
      connects: 0,
      disconnects: 0,
      resyncs: 0,
      commands: 0,
      liveConnected: this.liveConnected,
      alarmsSeen: 0,
      alarmsOpen: 0,
      alarmsByType: {},
      incidentsSeen: this.live?.incidents.size ?? 0,
      faults: { ...this.faultCounts },
      errors: this.fleetErrors,
      lastError: this.lastError,
      serverTime: this.estimateServerTime(),
      serverSpeed: this.mode === 'manual' ? 0 : (this.devices[0]?.clock.serverRate() ?? this.speed),
    };
    for (const device of this.devices) {
      const { runtime } = device;
      if (runtime.state === 'online') stats.connected++;
      stats.eventsRecorded += runtime.stats.eventsRecorded;
      stats.eventsAcked += runtime.stats.acked;
      stats.eventsPending += runtime.outbox.size();
      stats.heartbeats += runtime.stats.statusSent;
      stats.connects += runtime.stats.connects;
      stats.disconnects += runtime.stats.disconnects;
      stats.resyncs += runtime.stats.resyncs;
      stats.commands += runtime.stats.commands;
      stats.errors += runtime.stats.errors;
      if (runtime.stats.lastErrorCode && !stats.lastError) stats.lastError = `device: ${runtime.stats.lastErrorCode}`;
    }
    if (this.live) {
      const seen = new Map<string, string>();
      for (const { alarm } of this.live.alarmLog) seen.set(alarm.id, alarm.type);
      stats.alarmsSeen = seen.size;
      for (const type of seen.values()) stats.alarmsByType[type] = (stats.alarmsByType[type] ?? 0) + 1;
      for (const alarm of this.live.alarms.values()) if (alarm.state !== 'closed') stats.alarmsOpen++;
      stats.errors += this.live.errors.length;
    }
    return stats;
  }

  async advanceTo(at: number): Promise<void> {
    if (this.mode !== 'manual') throw new Error('advanceTo needs a fleet on a manual clock (clock: "manual")');
    while (this.serverNow < at) {
      let next = Math.min(at, this.serverNow + MAX_STEP_MS);
      for (const device of this.devices) {
        const action = device.model.nextActionAt();
        if (action !== undefined && action > this.serverNow && action < next) next = Math.ceil(action);
      }
      this.serverNow = await this.rest.setClock(next);
      const local = this.scheduler.now();
      for (const device of this.devices) {
        device.clock.sync(this.serverNow, local);
        device.model.tick();
        this.supplies.get(device.deviceId)?.restock(device.runtime.deviceTime());
        device.runtime.sendStatus();
      }
      this.faultPlan?.check(this.devices, this.serverNow);
      await this.settle();
    }
  }

  async settle(timeoutMs = 10_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    const done = (): boolean =>
      this.devices.every((d) => d.runtime.state !== 'online' || d.runtime.outbox.size() === 0);
    while (!done()) {
      if (performance.now() > deadline) throw new Error('fleet: timed out waiting for acknowledgements');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  stop(): Promise<FleetStats> {
    this.stopped ??= (async () => {
      this.faultTimer?.cancel();
      this.timeTimer?.cancel();
      for (const timer of this.startTimers) timer.cancel();
      for (const driver of this.drivers) driver.stop();
      for (const device of this.devices) device.stop();
      this.live?.close();
      this.liveConnected = false;
      // Wait for every close handshake; a server that does not answer gets its sockets cut.
      if (!(await this.sockets.idle(STOP_GRACE_MS))) this.fail('some device sockets did not close in time');
      return this.stats;
    })();
    return this.stopped;
  }
}
