import type { DeviceCapability, DoseContents } from '@medtek/core';
import { DeviceModel, type DeviceModelOptions, type SlotState } from './device-model.js';

export interface CassetteSetup {
  cassetteId: string;
  drug: string;
  units: number;
}

export interface MedimiOptions extends DeviceModelOptions {
  /** cassette_low is reported when a cassette holds this many units or fewer. */
  cassetteLowAt?: number;
}

interface Cassette extends CassetteSetup {
  lowReported: boolean;
}

/**
 * MedimiSmart: a locked robot with one cassette per drug. It composes each dose from the cassettes (so it knows the
 * exact contents it gave), tracks per-cassette stock (low / empty), and can jam.
 */
export class MedimiSmart extends DeviceModel {
  readonly type = 'medimi' as const;
  readonly capabilities: DeviceCapability[] = ['remind', 'dispense', 'lock', 'cassettes', 'battery'];
  private readonly cassettes = new Map<string, Cassette>();
  private readonly cassetteLowAt: number;
  /** The next dose fails with a jam in this cassette (fault). */
  jamNext = false;

  constructor(options: MedimiOptions) {
    super(options);
    this.cassetteLowAt = options.cassetteLowAt ?? 6;
  }

  /** Staff (or a courier) load a cassette with one drug. */
  loadCassette(setup: CassetteSetup): void {
    this.cassettes.set(setup.drug, { ...setup, lowReported: false });
    this.emit({ kind: 'cassette_loaded', cassetteId: setup.cassetteId, drug: setup.drug, units: setup.units });
    this.sink.sendStatus();
  }

  cassetteUnits(drug: string): number | undefined {
    return this.cassettes.get(drug)?.units;
  }

  override status() {
    return {
      ...super.status(),
      cassettes: [...this.cassettes.values()].map((c) => ({ cassetteId: c.cassetteId, remaining: c.units })),
    };
  }

  protected citizenPress(state: SlotState): void {
    // Medicine is always locked inside; a server lock (or pause) stops dispensing altogether.
    if (this.locked || this.mode === 'paused') return;
    if (state.phase !== 'due' && state.phase !== 'upcoming') return;
    if (!this.inWindow(state, this.sink.deviceTime())) return;
    this.compose(state, false);
  }

  /** Composes the slot's dose from the cassettes. */
  private compose(state: SlotState, early: boolean): boolean {
    const needed: { cassette: Cassette; amount: number }[] = [];
    for (const item of state.contents) {
      const cassette = this.cassettes.get(item.drug);
      if (!cassette || cassette.units < item.amount) {
        state.phase = 'failed';
        this.emit({
          kind: 'dispense_failed',
          slot: state.slot,
          reason: 'empty',
          ...(cassette ? { cassetteId: cassette.cassetteId } : {}),
        });
        if (cassette) this.emit({ kind: 'cassette_empty', cassetteId: cassette.cassetteId });
        return false;
      }
      needed.push({ cassette, amount: item.amount });
    }
    if (this.jamNext) {
      this.jamNext = false;
      state.phase = 'failed';
      const cassetteId = needed[0]?.cassette.cassetteId;
      this.emit({ kind: 'dispense_failed', slot: state.slot, reason: 'jam', ...(cassetteId ? { cassetteId } : {}) });
      return false;
    }
    const contents: DoseContents = [];
    for (const { cassette, amount } of needed) {
      cassette.units -= amount;
      contents.push({ drug: cassette.drug, amount });
    }
    if (early) this.emit({ kind: 'early_release', slot: state.slot });
    this.emit({ kind: 'dispensed', slot: state.slot, contents });
    state.phase = 'released';
    if (!state.plan.leavesPouch) {
      state.phase = 'taken';
      this.emit({ kind: 'taken', slot: state.slot });
    }
    for (const { cassette } of needed) {
      if (cassette.units === 0) this.emit({ kind: 'cassette_empty', cassetteId: cassette.cassetteId });
      else if (cassette.units <= this.cassetteLowAt && !cassette.lowReported) {
        cassette.lowReported = true;
        this.emit({ kind: 'cassette_low', cassetteId: cassette.cassetteId, remaining: cassette.units });
      }
    }
    return true;
  }

  protected windowEnd(state: SlotState): void {
    if (this.mode !== 'active') return;
    if (state.phase === 'due' || state.phase === 'released') {
      state.phase = 'missed';
      this.emit({ kind: 'missed', slot: state.slot });
    }
  }

  protected travelRelease(state: SlotState): void {
    if (this.compose(state, true)) state.phase = 'travel';
  }

  protected invalidatePouches(): void {
    // No pouches: the robot composes doses from the current schedule, so a change applies to the next dose.
  }
}
