import {
  copenhagenToEpoch,
  Engine,
  type Alarm,
  type AlarmCommand,
  type AlarmType,
  type DeviceEvent,
  type DeviceType,
  type DoseSlot,
  type EngineConfigInput,
  type EngineInput,
  type EngineOutput,
  type StatusFrame,
} from '../../src/index.js';

/** Drives an Engine with a controllable clock; records every input (with its `now`) and output. */
export class Harness {
  engine: Engine;
  now: number;
  readonly inputs: { input: EngineInput; now: number }[] = [];
  readonly outputs: EngineOutput[] = [];
  private readonly seqs = new Map<string, number>();
  /** Device clock offset per device (device time − server time). */
  readonly clockOffsets = new Map<string, number>();

  constructor(start: number, config?: EngineConfigInput) {
    this.now = start;
    this.engine = new Engine(config);
  }

  apply(input: EngineInput): EngineOutput[] {
    this.inputs.push({ input, now: this.now });
    const result = this.engine.apply(input, this.now);
    this.outputs.push(...result.outputs);
    return result.outputs;
  }

  /** Advance the clock, ticking at every deadline on the way (as the server's single timer would). */
  advanceTo(at: number): EngineOutput[] {
    const produced: EngineOutput[] = [];
    for (;;) {
      const next = this.engine.nextDeadline();
      if (next === undefined || next > at) break;
      this.now = Math.max(this.now, next);
      produced.push(...this.apply({ type: 'tick' }));
    }
    this.now = at;
    produced.push(...this.apply({ type: 'tick' }));
    return produced;
  }

  advanceBy(ms: number): EngineOutput[] {
    return this.advanceTo(this.now + ms);
  }

  /** Register a team, a citizen, a device paired with them and a schedule. */
  setup(options: {
    team?: string;
    citizenId: string;
    deviceId: string;
    type: DeviceType;
    slots: DoseSlot[];
    validFrom: string;
  }): void {
    const teamId = options.team ?? 'team-a';
    this.apply({ type: 'registry', change: { kind: 'team_upsert', team: { id: teamId, name: teamId } } });
    this.apply({
      type: 'registry',
      change: {
        kind: 'citizen_upsert',
        citizen: {
          id: options.citizenId,
          teamId,
          name: `Citizen ${options.citizenId}`,
          address: 'Street 1',
          staircaseStep: 1,
        },
      },
    });
    this.apply({
      type: 'registry',
      change: {
        kind: 'device_upsert',
        device: { deviceId: options.deviceId, type: options.type, teamId, citizenId: options.citizenId },
      },
    });
    this.apply({
      type: 'registry',
      change: {
        kind: 'schedule_upsert',
        schedule: { citizenId: options.citizenId, validFrom: options.validFrom, source: 'fmk', slots: options.slots },
      },
    });
  }

  connect(deviceId: string, type: DeviceType): EngineOutput[] {
    const offset = this.clockOffsets.get(deviceId) ?? 0;
    return this.apply({
      type: 'device_connection',
      deviceId,
      connected: true,
      receivedAt: this.now,
      hello: {
        t: 'hello',
        deviceType: type,
        firmware: '1.0.0',
        capabilities: [],
        bootId: 'boot-1',
        deviceTime: this.now + offset,
      },
    });
  }

  status(deviceId: string, fields: Partial<Omit<StatusFrame, 't' | 'deviceTime'>> = {}): EngineOutput[] {
    const offset = this.clockOffsets.get(deviceId) ?? 0;
    return this.apply({
      type: 'device_status',
      deviceId,
      receivedAt: this.now,
      status: { t: 'status', deviceTime: this.now + offset, battery: 90, power: 'mains', signal: 80, ...fields },
    });
  }

  /** A device event with the next seq; `deviceTime` defaults to now (+ the device's clock offset). */
  event(deviceId: string, e: DeviceEvent, options: { deviceTime?: number; seq?: number } = {}): EngineOutput[] {
    const seq = options.seq ?? (this.seqs.get(deviceId) ?? 0) + 1;
    this.seqs.set(deviceId, Math.max(seq, this.seqs.get(deviceId) ?? 0));
    const offset = this.clockOffsets.get(deviceId) ?? 0;
    return this.apply({
      type: 'device_event',
      deviceId,
      receivedAt: this.now,
      event: { t: 'event', deviceId, seq, deviceTime: options.deviceTime ?? this.now + offset, bootId: 'boot-1', e },
    });
  }

  command(command: AlarmCommand, userId = 'nurse-1', teamIds = ['team-a']): EngineOutput[] {
    return this.apply({
      type: 'command',
      actor: { userId, role: 'superuser', teamIds },
      requestId: `req-${this.inputs.length}`,
      command,
    });
  }

  openAlarms(): Alarm[] {
    return this.engine.alarms({ openOnly: true });
  }

  openTypes(): AlarmType[] {
    return this.openAlarms()
      .filter((alarm) => !alarm.cleared)
      .map((alarm) => alarm.type)
      .sort();
  }

  alarmOf(type: AlarmType, slot?: string): Alarm | undefined {
    return this.engine.alarms().find((alarm) => alarm.type === type && (slot === undefined || alarm.slot === slot));
  }
}

/** Copenhagen local time on a date, as epoch ms. */
export const at = (date: string, time: string): number => copenhagenToEpoch(date, time);

export const slot = (time: string, contents: DoseSlot['contents'], options: Partial<DoseSlot> = {}): DoseSlot => ({
  time,
  earlyMinutes: 30,
  lateMinutes: 60,
  timeCritical: false,
  contents,
  ...options,
});

export const MORNING = [{ drug: 'Metformin 500 mg', amount: 1 }];
export const EVENING = [{ drug: 'Simvastatin 20 mg', amount: 1 }];
