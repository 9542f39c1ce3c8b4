import type { DeviceCapability, PouchLabel } from '@medtek/core';
import { DeviceModel, type DeviceModelOptions, type SlotState } from './device-model.js';

const MINUTE = 60_000;
/** Most pouch labels in one roll_loaded event (the protocol allows 64; half keeps frames well under the limit). */
const LABELS_PER_EVENT = 32;

export interface RollDispenserOptions extends DeviceModelOptions {
  /** Minutes without a reaction before the device gives up on the dose and reports it missed (Medido: 45 or 75). */
  escalationMinutes?: 45 | 75;
  /** roll_low is reported when this many pouches are left. */
  rollLowAt?: number;
}

interface LoadedPouch {
  label: PouchLabel;
  invalid: boolean;
  released: boolean;
}

/**
 * A tabletop dispenser loaded with the pharmacy's dose roll (MedidoClock, and Smila's base): beeps when a dose is
 * due, releases the slot's pouch on a button press inside the window (early only in travel mode), keeps medicine
 * locked otherwise, reports the pouch taken or left, roll low/empty, and gives up after its escalation time.
 */
export abstract class RollDispenser extends DeviceModel {
  readonly capabilities: DeviceCapability[] = ['remind', 'dispense', 'lock', 'roll', 'label_reader', 'battery'];
  protected readonly pouches = new Map<string, LoadedPouch>();
  private readonly escalationMs: number;
  private readonly rollLowAt: number;
  private rollLowReported = false;
  /** The next release fails with a jam (fault). */
  jamNext = false;

  constructor(options: RollDispenserOptions) {
    super(options);
    this.escalationMs = (options.escalationMinutes ?? 45) * MINUTE;
    this.rollLowAt = options.rollLowAt ?? 4;
  }

  /** Staff load a roll: the device reads every label and reports them (the server checks citizen and contents). */
  loadRoll(rollId: string, labels: readonly PouchLabel[]): void {
    this.pouches.clear();
    this.rollLowReported = false;
    for (const label of labels) this.pouches.set(label.slot, { label, invalid: false, released: false });
    for (let start = 0; start < labels.length; start += LABELS_PER_EVENT) {
      this.emit({ kind: 'roll_loaded', rollId, pouches: labels.slice(start, start + LABELS_PER_EVENT) });
    }
    this.sink.sendStatus();
  }

  /** Pouches not yet released. */
  remaining(): number {
    let count = 0;
    for (const pouch of this.pouches.values()) if (!pouch.released) count++;
    return count;
  }

  override status() {
    return { ...super.status(), rollRemaining: this.remaining() };
  }

  protected override windowEndMs(state: SlotState): number {
    return Math.min(this.escalationMs, Math.max(state.lateMs, MINUTE));
  }

  protected override pouchRef(state: SlotState): { pouchId?: string } {
    const pouch = this.pouches.get(state.slot);
    return pouch ? { pouchId: pouch.label.pouchId } : {};
  }

  protected citizenPress(state: SlotState): void {
    const now = this.sink.deviceTime();
    // Locked away: nothing comes out early (outside travel mode), twice, while paused or locked by the server.
    if (this.locked || this.mode === 'paused') return;
    if (state.phase !== 'due' && state.phase !== 'upcoming') return;
    if (!this.inWindow(state, now)) return;
    this.release(state, false);
  }

  /** Releases the slot's pouch; false when nothing could be released. */
  protected release(state: SlotState, early: boolean): boolean {
    const pouch = this.pouches.get(state.slot);
    if (!pouch || pouch.released) {
      state.phase = 'failed';
      this.emit({ kind: 'dispense_failed', slot: state.slot, reason: 'empty' });
      return false;
    }
    if (pouch.invalid) return false;
    if (this.jamNext) {
      this.jamNext = false;
      state.phase = 'failed';
      this.emit({ kind: 'dispense_failed', slot: state.slot, reason: 'jam' });
      return false;
    }
    pouch.released = true;
    const pouchId = pouch.label.pouchId;
    if (early) this.emit({ kind: 'early_release', slot: state.slot, pouchId });
    this.emit({ kind: 'dispensed', slot: state.slot, pouchId });
    state.phase = 'released';
    if (!state.plan.leavesPouch) {
      state.phase = 'taken';
      this.emit({ kind: 'taken', slot: state.slot, pouchId });
    }
    this.afterRelease();
    return true;
  }

  private afterRelease(): void {
    const left = this.remaining();
    if (left === 0) this.emit({ kind: 'roll_empty' });
    else if (left <= this.rollLowAt && !this.rollLowReported) {
      this.rollLowReported = true;
      this.emit({ kind: 'roll_low', remaining: left });
    }
  }

  protected windowEnd(state: SlotState): void {
    if (this.mode !== 'active') return;
    if (state.phase === 'due' || state.phase === 'released') {
      // Not released, or released and left in the tray: retained, and home care must be told.
      const pouchId = this.pouches.get(state.slot)?.label.pouchId;
      state.phase = 'missed';
      this.emit({ kind: 'missed', slot: state.slot, ...(pouchId ? { pouchId } : {}) });
    }
  }

  protected travelRelease(state: SlotState): void {
    if (this.release(state, true)) state.phase = 'travel';
  }

  protected invalidatePouches(which: { pouchIds: string[] } | { fromSlot: string; toSlot: string }): void {
    for (const pouch of this.pouches.values()) {
      const hit =
        'pouchIds' in which
          ? which.pouchIds.includes(pouch.label.pouchId)
          : pouch.label.slot >= which.fromSlot && pouch.label.slot <= which.toSlot;
      if (hit) pouch.invalid = true;
    }
  }
}

/** MedidoClock: a roll dispenser with the 45/75-minute escalation; no video. */
export class MedidoClock extends RollDispenser {
  readonly type = 'medido' as const;
}
