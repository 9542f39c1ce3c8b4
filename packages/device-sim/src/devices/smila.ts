import type { DeviceCapability } from '@medtek/core';
import type { SlotState } from './device-model.js';
import { RollDispenser } from './roll-dispenser.js';

/**
 * Smila: a dose-pouch dispenser with two-way video. A citizen who wants (or is set up for) observed intake asks for a
 * call at dose time; when the e-Team starts it (`start_video` command) the citizen takes the dose on camera and the
 * call ends with what the e-Team observed.
 */
export class Smila extends RollDispenser {
  readonly type = 'smila' as const;
  override readonly capabilities: DeviceCapability[] = [
    'remind',
    'dispense',
    'lock',
    'roll',
    'label_reader',
    'video',
    'battery',
  ];
  /** The slot waiting for a video call, if any. */
  private awaitingVideo: SlotState | undefined;
  private callCount = 0;

  /** The citizen presses the call button (video_requested); the intake waits for the e-Team's call. */
  requestVideo(): void {
    const state = this.currentSlot();
    if (state) this.awaitingVideo = state;
    this.emit({ kind: 'video_requested' });
  }

  protected override due(state: SlotState): void {
    super.due(state);
    if (state.phase === 'due' && state.plan.requestsVideo) {
      this.awaitingVideo = state;
      this.emit({ kind: 'video_requested' });
    }
  }

  protected override citizenPress(state: SlotState): void {
    // Waiting for the call: the citizen takes the dose on camera, not before.
    if (this.awaitingVideo === state) return;
    super.citizenPress(state);
  }

  protected override startVideo(callId: string | undefined): void {
    const id = callId ?? `call-${this.deviceId}-${++this.callCount}`;
    this.emit({ kind: 'video_started', callId: id });
    const state = this.awaitingVideo;
    this.awaitingVideo = undefined;
    if (!state) {
      this.emit({ kind: 'video_ended', callId: id });
      return;
    }
    super.citizenPress(state);
    const outcome = state.phase === 'taken' ? 'taken' : 'not_taken';
    this.emit({ kind: 'video_ended', callId: id, observed: { slot: state.slot, outcome } });
  }
}
