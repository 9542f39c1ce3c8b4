import type { DeviceType, DoseSlot, RegistryChange } from '@medtek/core';
import { DeviceClock } from '../device/device-clock.js';
import { wsTransport } from '../device/transport.js';
import type { CitizenProfile, Habit } from '../devices/citizen.js';
import { MedimiSmart, type CassetteSetup } from '../devices/medimi.js';
import { packRoll } from '../devices/pharmacy.js';
import { RollDispenser } from '../devices/roll-dispenser.js';
import { expandSchedule } from '../devices/schedule-occurrences.js';
import { SimDevice } from '../devices/sim-device.js';
import { createRandom, type Random } from '../random.js';
import { realScheduler } from '../time/scheduler.js';
import { LiveClient } from './live-client.js';

/**
 * What a scenario needs from a running Medtek server. The scenario library does not import the server: tests (and
 * the CLI) adapt a real running server to this, so the same scenarios can run against a remote deployment.
 */
export interface ScenarioServer {
  /** `ws://host:port` (the device and live paths are appended). */
  wsBase: string;
  /** The server's clock now (epoch ms). */
  now(): number;
  /** Moves the server's manual clock forward to `at`. */
  setTime(at: number): void | Promise<void>;
  deviceSecret(deviceId: string): Uint8Array;
  /** Applies a registry change (REST or the server's input pipeline) and resolves once it is durable. */
  registry(change: RegistryChange): Promise<void>;
  /** The Origin the live client presents (must be on the server's allow-list). */
  origin?: string;
  /** A live-channel token for a super user of these teams. */
  token(teams: string[]): Promise<string>;
}

export interface CitizenSetup {
  citizenId: string;
  teamId?: string;
  type: DeviceType;
  slots: DoseSlot[];
  /** First local date of the schedule and roll. */
  validFrom: string;
  habits?: Record<string, Habit>;
  profile?: CitizenProfile;
  cassettes?: CassetteSetup[];
  /** Load a roll packed for someone else instead (wrong roll). */
  rollForCitizen?: string;
  /** Days the roll covers (default 14). */
  rollDays?: number;
  escalationMinutes?: 45 | 75;
  cassetteLowAt?: number;
}

const NEVER: CitizenProfile = { late: 0, forgets: 0, triesEarly: 0, triesTwice: 0, leavesPouch: 0, requestsVideo: 0 };
const MAX_STEP_MS = 10 * 60_000;

/** Devices, citizens and a live subscriber around one real server, on the server's manual clock. */
export class ScenarioWorld {
  readonly devices: SimDevice[] = [];
  readonly teams = new Set<string>();
  private readonly scheduler = realScheduler();
  private readonly random: Random;
  live: LiveClient | undefined;

  constructor(
    readonly server: ScenarioServer,
    seed = 1,
  ) {
    this.random = createRandom(seed);
  }

  /** Registers team, citizen, device and schedule; connects the device; loads its roll or cassettes. */
  async addCitizen(setup: CitizenSetup): Promise<SimDevice> {
    const teamId = setup.teamId ?? 'team-a';
    const deviceId = `dev-${setup.citizenId}`;
    if (!this.teams.has(teamId)) {
      this.teams.add(teamId);
      await this.server.registry({ kind: 'team_upsert', team: { id: teamId, name: `Team ${teamId}` } });
    }
    await this.server.registry({
      kind: 'citizen_upsert',
      citizen: {
        id: setup.citizenId,
        teamId,
        name: `Citizen ${setup.citizenId}`,
        address: 'Testvej 1',
        staircaseStep: 2,
      },
    });
    await this.server.registry({
      kind: 'device_upsert',
      device: { deviceId, type: setup.type, teamId, citizenId: setup.citizenId },
    });
    await this.server.registry({
      kind: 'schedule_upsert',
      schedule: { citizenId: setup.citizenId, validFrom: setup.validFrom, source: 'fmk', slots: setup.slots },
    });
    const device = new SimDevice({
      type: setup.type,
      deviceId,
      citizenId: setup.citizenId,
      secret: this.server.deviceSecret(deviceId),
      url: `${this.server.wsBase}/device`,
      transport: wsTransport(),
      scheduler: this.scheduler,
      random: this.random.fork(deviceId),
      // The manual server clock jumps; the device follows its offset at a pinned rate.
      clock: new DeviceClock({ initialServerTime: this.server.now(), learnRate: false }),
      // The scenario drives the model's agenda itself (step), so the device's own ticking stays slow.
      tickMs: 3_600_000,
      model: {
        profile: setup.profile ?? NEVER,
        ...(setup.habits ? { habits: setup.habits } : {}),
        ...(setup.escalationMinutes ? { escalationMinutes: setup.escalationMinutes } : {}),
        ...(setup.cassetteLowAt !== undefined ? { cassetteLowAt: setup.cassetteLowAt } : {}),
      },
      runtime: { heartbeatIntervalMs: 3_600_000, backoff: { initialMs: 50, maxMs: 500, factor: 2 } },
    });
    const occurrences = expandSchedule(setup.slots, setup.validFrom, setup.rollDays ?? 14);
    device.model.setSchedule(occurrences);
    device.start();
    this.devices.push(device);
    await this.until(() => device.runtime.state === 'online', `${deviceId} online`);
    if (device.model instanceof RollDispenser) {
      const owner = setup.rollForCitizen ?? setup.citizenId;
      device.model.loadRoll(`R-${setup.citizenId}`, packRoll(owner, `R-${setup.citizenId}`, occurrences));
    }
    if (device.model instanceof MedimiSmart)
      for (const cassette of setup.cassettes ?? []) device.model.loadCassette(cassette);
    await this.settle();
    return device;
  }

  /** Connects the live subscriber (a super user of every team so far). */
  async subscribe(): Promise<LiveClient> {
    const token = await this.server.token([...this.teams]);
    this.live = await LiveClient.connect(`${this.server.wsBase}/live`, token, this.server.origin);
    return this.live;
  }

  /**
   * Moves the server's clock to `at` in steps (≤ 10 min, and at every device's next action), letting each device act
   * on its clock, heartbeat, and get everything acknowledged at each step.
   */
  async advanceTo(at: number): Promise<void> {
    for (;;) {
      const now = this.server.now();
      if (now >= at) return;
      let next = Math.min(at, now + MAX_STEP_MS);
      for (const device of this.devices) {
        const action = device.model.nextActionAt();
        if (action !== undefined && action > now && action < next) next = Math.ceil(action);
      }
      await this.server.setTime(next);
      for (const device of this.devices) {
        device.clock.sync(next, this.scheduler.now());
        device.model.tick();
        device.runtime.sendStatus();
      }
      await this.settle();
    }
  }

  /** Resolves once every connected device's outbox is acknowledged. */
  async settle(): Promise<void> {
    await this.until(
      () => this.devices.every((d) => d.runtime.state !== 'online' || d.runtime.outbox.size() === 0),
      'acks',
    );
  }

  /** Polls `predicate` every 5 ms for up to `timeoutMs`. */
  async until(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`scenario: timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Waits until the live subscriber holds an alarm of `type` (for the citizen/device), returns it. */
  async expectAlarm(type: Parameters<LiveClient['alarmsOf']>[0], filter: { citizenId?: string; deviceId?: string }) {
    const live = this.live;
    if (!live) throw new Error('scenario: subscribe() first');
    await live.waitFor(() => live.alarmsOf(type, filter).length > 0, 5_000, `alarm ${type} ${JSON.stringify(filter)}`);
    return live.alarmsOf(type, filter);
  }

  async close(): Promise<void> {
    for (const device of this.devices) device.stop();
    this.live?.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
