import type { DeviceCapability } from '@medtek/core';
import { DeviceModel, type SlotState } from './device-model.js';

/**
 * FlexSmart App: an app on the citizen's phone. It reminds at the slot and asks "taken?". It cannot lock or dispense,
 * so it can only report `confirmed` or `not_confirmed`; a second tap is reported as it is (the server judges it a
 * double-dose attempt), and so is a tap outside the window.
 */
export class FlexSmartApp extends DeviceModel {
  readonly type = 'flexsmart' as const;
  readonly capabilities: DeviceCapability[] = ['remind', 'confirm'];

  protected citizenPress(state: SlotState): void {
    // An app cannot stop a second confirmation or an early one; it reports what the citizen did.
    if (state.phase === 'upcoming' && this.sink.deviceTime() < state.dueAt - state.earlyMs) {
      this.emit({ kind: 'confirmed', slot: state.slot });
      return;
    }
    if (state.phase === 'travel') return;
    state.phase = 'confirmed';
    this.emit({ kind: 'confirmed', slot: state.slot });
  }

  protected windowEnd(state: SlotState): void {
    if (state.phase !== 'due' || this.mode !== 'active') return;
    state.phase = 'missed';
    this.emit({ kind: 'not_confirmed', slot: state.slot });
  }

  protected travelRelease(state: SlotState): void {
    // Nothing to release: the citizen carries their pill box; the app stays quiet while travelling.
    state.phase = 'travel';
  }

  protected invalidatePouches(): void {
    // No pouches: an app holds no medicine.
  }
}
