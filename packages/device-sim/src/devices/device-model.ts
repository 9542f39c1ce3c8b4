import {
  slotInstant,
  type DeviceCapability,
  type DeviceCommandFrame,
  type DeviceEvent,
  type DeviceMode,
  type DeviceType,
  type DoseContents,
  type ScheduleSlot,
} from '@medtek/core';
import type { StatusReport } from '../device/device-runtime.js';
import type { Random } from '../random.js';

import { Agenda } from './agenda.js';
import { planDose, RELIABLE_CITIZEN, type CitizenProfile, type DosePlan, type Habit } from './citizen.js';

/** Where a model's events go (the runtime in a fleet, a recorder in unit tests). */
export interface DeviceSink {
  record(e: DeviceEvent): void;
  sendStatus(): void;
  /** The device's clock now (epoch ms). */
  deviceTime(): number;
}

export type SlotPhase = 'upcoming' | 'due' | 'released' | 'taken' | 'confirmed' | 'missed' | 'failed' | 'travel';

/** One dose slot occurrence as the device tracks it. */
export interface SlotState {
  slot: string;
  dueAt: number;
  earlyMs: number;
  lateMs: number;
  contents: DoseContents;
  phase: SlotPhase;
  plan: DosePlan;
}

export interface DeviceModelOptions {
  deviceId: string;
  citizenId: string;
  random: Random;
  profile?: CitizenProfile;
  /** Pins the citizen's habit for given slots (scenarios), e.g. `{ '2026-11-25T08:00': 'forgets' }`. */
  habits?: Record<string, Habit>;
  /** Battery percent at start. */
  battery?: number;
}

const MINUTE = 60_000;

/**
 * What every device type shares: the dose schedule, the citizen's plan per dose, service mode (active / paused /
 * travel), lock state, battery and power, and the server's commands. Subclasses decide what a button press, a due
 * dose and the end of a window mean for their hardware.
 */
export abstract class DeviceModel {
  abstract readonly type: DeviceType;
  abstract readonly capabilities: DeviceCapability[];
  readonly firmware: string = 'sim-1.0.0';
  readonly deviceId: string;
  readonly citizenId: string;
  mode: DeviceMode = 'active';
  locked = false;
  battery: number;
  power: 'mains' | 'battery' = 'mains';
  signal = 80;
  readonly slots = new Map<string, SlotState>();
  protected readonly agenda = new Agenda();
  protected readonly random: Random;
  protected readonly profile: CitizenProfile;
  private readonly habits: Record<string, Habit>;
  private sinkValue: DeviceSink | undefined;

  constructor(options: DeviceModelOptions) {
    this.deviceId = options.deviceId;
    this.citizenId = options.citizenId;
    this.random = options.random;
    this.profile = options.profile ?? RELIABLE_CITIZEN;
    this.habits = options.habits ?? {};
    this.battery = options.battery ?? 100;
  }

  attach(sink: DeviceSink): void {
    this.sinkValue = sink;
  }

  protected get sink(): DeviceSink {
    if (!this.sinkValue) throw new Error(`device ${this.deviceId} has no sink attached`);
    return this.sinkValue;
  }

  protected emit(e: DeviceEvent): void {
    this.sink.record(e);
  }

  /** Advances the device to its clock's current reading: runs every due action. */
  tick(): void {
    this.agenda.runDue(this.sink.deviceTime());
  }

  /** Next device-time instant something happens (fleet drivers may sleep until then). */
  nextActionAt(): number | undefined {
    return this.agenda.nextAt();
  }

  /** Adds (or updates the contents of) slot occurrences and plans the citizen's actions for new ones. */
  setSchedule(slots: readonly ScheduleSlot[]): void {
    for (const entry of slots) {
      const existing = this.slots.get(entry.slot);
      if (existing) {
        existing.contents = entry.contents;
        existing.earlyMs = entry.earlyMs;
        existing.lateMs = entry.lateMs;
        continue;
      }
      const dueAt = slotInstant(entry.slot);
      const state: SlotState = {
        slot: entry.slot,
        dueAt,
        earlyMs: entry.earlyMs,
        lateMs: entry.lateMs,
        contents: entry.contents,
        phase: 'upcoming',
        plan: planDose(this.profile, this.random.fork(entry.slot), this.habits[entry.slot]),
      };
      this.slots.set(entry.slot, state);
      this.agenda.add(dueAt, () => this.due(state));
      for (const offset of state.plan.pressAt) this.agenda.add(dueAt + offset, () => this.citizenPress(state));
      this.agenda.add(dueAt + this.windowEndMs(state), () => this.windowEnd(state));
    }
  }

  /** Length after the due instant at which the device gives up on the dose (its own escalation). */
  protected windowEndMs(state: SlotState): number {
    return state.lateMs;
  }

  /** The server's commands. */
  handleCommand(command: DeviceCommandFrame): void {
    switch (command.action) {
      case 'pause':
        if (this.mode !== 'paused') {
          this.mode = 'paused';
          this.emit({ kind: 'paused' });
        }
        return;
      case 'resume':
        if (this.mode !== 'active') {
          this.mode = 'active';
          this.emit({ kind: 'resumed' });
        }
        return;
      case 'lock':
        this.locked = true;
        this.sink.sendStatus();
        return;
      case 'unlock':
        this.locked = false;
        this.sink.sendStatus();
        return;
      case 'invalidate_pouches':
        this.invalidatePouches('pouchIds' in command ? { pouchIds: command.pouchIds } : command);
        return;
      case 'start_video':
        this.startVideo(command.callId);
        return;
      default: {
        const unexpected: never = command;
        return unexpected;
      }
    }
  }

  /** Heartbeat content. */
  status(): StatusReport {
    return { battery: Math.round(this.battery), power: this.power, signal: this.signal, mode: this.mode };
  }

  /** Away from home until `until` (device time): travel mode, doses in that period released early where possible. */
  startTravel(until: number): void {
    this.mode = 'travel';
    this.emit({ kind: 'travel_mode', until });
    for (const state of this.slotsBetween(this.sink.deviceTime(), until)) this.travelRelease(state);
    this.agenda.add(until, () => {
      if (this.mode === 'travel') {
        this.mode = 'active';
        this.emit({ kind: 'resumed' });
      }
    });
  }

  /** The citizen presses the device's button (or taps "taken" in the app) for the current dose. */
  press(): void {
    const state = this.currentSlot();
    if (state) this.citizenPress(state);
  }

  /** Help button. */
  requestHelp(): void {
    this.emit({ kind: 'help_requested' });
  }

  /** Mains power cut: the device keeps running on its battery and says so. */
  losePower(): void {
    if (this.power === 'battery') return;
    this.power = 'battery';
    this.emit({ kind: 'power_lost' });
    this.sink.sendStatus();
  }

  restorePower(): void {
    if (this.power === 'mains') return;
    this.power = 'mains';
    this.emit({ kind: 'power_restored' });
    this.sink.sendStatus();
  }

  /** Battery falls to `percent`; at ≤ 20 % the device reports battery_low once per crossing. */
  setBattery(percent: number): void {
    const wasLow = this.battery <= 20;
    this.battery = Math.max(0, Math.min(100, percent));
    if (!wasLow && this.battery <= 20) this.emit({ kind: 'battery_low', battery: Math.round(this.battery) });
    this.sink.sendStatus();
  }

  tamper(detail = 'housing forced open'): void {
    this.emit({ kind: 'lid_opened' });
    this.emit({ kind: 'tamper', detail });
  }

  /** The slot whose window contains the device's time now (or the nearest upcoming one within an hour). */
  protected currentSlot(): SlotState | undefined {
    const now = this.sink.deviceTime();
    let best: SlotState | undefined;
    for (const state of this.slots.values()) {
      if (now >= state.dueAt - state.earlyMs - 2 * 60 * MINUTE && now <= state.dueAt + state.lateMs) {
        if (!best || Math.abs(state.dueAt - now) < Math.abs(best.dueAt - now)) best = state;
      }
    }
    return best;
  }

  protected slotsBetween(from: number, to: number): SlotState[] {
    return [...this.slots.values()]
      .filter((state) => state.dueAt >= from && state.dueAt <= to && state.phase === 'upcoming')
      .sort((a, b) => a.dueAt - b.dueAt);
  }

  protected inWindow(state: SlotState, now: number): boolean {
    return now >= state.dueAt - state.earlyMs && now <= state.dueAt + state.lateMs;
  }

  /** The dose became due: remind (beep / notification) unless paused or travelling. */
  protected due(state: SlotState): void {
    if (state.phase !== 'upcoming' || this.mode !== 'active') return;
    state.phase = 'due';
    this.emit({ kind: 'dose_due', slot: state.slot, ...this.pouchRef(state) });
  }

  protected pouchRef(_state: SlotState): { pouchId?: string } {
    return {};
  }

  protected abstract citizenPress(state: SlotState): void;
  protected abstract windowEnd(state: SlotState): void;
  protected abstract travelRelease(state: SlotState): void;
  protected abstract invalidatePouches(which: { pouchIds: string[] } | { fromSlot: string; toSlot: string }): void;

  /** Devices without video ignore the command. */
  protected startVideo(_callId: string | undefined): void {}
}
