import type { DeviceType } from '@medtek/core';
import { DeviceClock } from '../device/device-clock.js';
import { DeviceRuntime, type DeviceRuntimeOptions } from '../device/device-runtime.js';
import type { Random } from '../random.js';
import type { Scheduler, TimerHandle } from '../time/scheduler.js';
import type { DeviceModel, DeviceModelOptions } from './device-model.js';
import { FlexSmartApp } from './flexsmart.js';
import { MedimiSmart, type MedimiOptions } from './medimi.js';
import { MedidoClock, type RollDispenserOptions } from './roll-dispenser.js';
import { Smila } from './smila.js';

export type AnyDeviceModelOptions = DeviceModelOptions & RollDispenserOptions & MedimiOptions;

/** A behaviour model of the given device type. */
export function createDeviceModel(type: DeviceType, options: AnyDeviceModelOptions): DeviceModel {
  switch (type) {
    case 'flexsmart':
      return new FlexSmartApp(options);
    case 'medido':
      return new MedidoClock(options);
    case 'smila':
      return new Smila(options);
    case 'medimi':
      return new MedimiSmart(options);
    default: {
      const unexpected: never = type;
      return unexpected;
    }
  }
}

export interface SimDeviceOptions {
  type: DeviceType;
  deviceId: string;
  citizenId: string;
  secret: Uint8Array;
  url: string;
  transport: DeviceRuntimeOptions['transport'];
  scheduler: Scheduler;
  random: Random;
  /** The device clock; default: starts at the scheduler's idea of "now" as epoch ms and follows the server. */
  clock?: DeviceClock;
  /** Local ms between model ticks (the model checks its agenda against its clock). */
  tickMs?: number;
  model?: Omit<AnyDeviceModelOptions, 'deviceId' | 'citizenId' | 'random'>;
  runtime?: Partial<
    Pick<
      DeviceRuntimeOptions,
      'heartbeatIntervalMs' | 'backoff' | 'maxInFlight' | 'wire' | 'minHeartbeatLocalMs' | 'outbox'
    >
  >;
  /** Also called for every server command (scenarios and the fleet display count them). */
  onCommand?: (action: string) => void;
}

/** One simulated device: a behaviour model wired to a protocol runtime, ticking on a scheduler. */
export class SimDevice {
  readonly model: DeviceModel;
  readonly runtime: DeviceRuntime;
  readonly clock: DeviceClock;
  private tickTimer: TimerHandle | undefined;
  private readonly tickMs: number;

  constructor(private readonly options: SimDeviceOptions) {
    this.tickMs = options.tickMs ?? 250;
    this.clock = options.clock ?? new DeviceClock({ initialServerTime: Date.now() });
    this.model = createDeviceModel(options.type, {
      ...options.model,
      deviceId: options.deviceId,
      citizenId: options.citizenId,
      random: options.random.fork('model'),
    });
    this.runtime = new DeviceRuntime({
      identity: {
        deviceId: options.deviceId,
        deviceType: options.type,
        firmware: this.model.firmware,
        capabilities: this.model.capabilities,
        secret: options.secret,
      },
      url: options.url,
      transport: options.transport,
      scheduler: options.scheduler,
      random: options.random.fork('runtime'),
      clock: this.clock,
      status: () => this.model.status(),
      listener: {
        onCommand: (command) => {
          options.onCommand?.(command.action);
          this.model.handleCommand(command);
        },
        onSchedule: (schedule) => this.model.setSchedule(schedule.slots),
      },
      ...options.runtime,
    });
    this.model.attach(this.runtime);
  }

  get deviceId(): string {
    return this.options.deviceId;
  }

  start(): void {
    this.runtime.start();
    this.scheduleTick();
  }

  stop(): void {
    this.tickTimer?.cancel();
    this.tickTimer = undefined;
    this.runtime.stop();
  }

  /** Power cut without battery: the device dies; `boot()` brings it back with a new boot id. */
  powerOff(): void {
    this.tickTimer?.cancel();
    this.tickTimer = undefined;
    this.runtime.powerOff();
  }

  boot(): void {
    this.runtime.boot();
    this.scheduleTick();
  }

  /** Runs the model's due actions now (tests call it after moving the clock). */
  tick(): void {
    this.model.tick();
  }

  private scheduleTick(): void {
    this.tickTimer?.cancel();
    this.tickTimer = this.options.scheduler.setTimer(this.tickMs, () => {
      this.model.tick();
      this.scheduleTick();
    });
  }
}
