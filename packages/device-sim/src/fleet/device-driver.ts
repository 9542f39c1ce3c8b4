import type { SimDevice } from '../devices/sim-device.js';
import type { Scheduler, TimerHandle } from '../time/scheduler.js';

/** Longest local sleep between checks: a schedule frame from the server may add earlier actions meanwhile. */
const MAX_IDLE_LOCAL_MS = 1_000;
/** …and never more than one server-minute, so an accelerated clock still gets minute precision. */
const MAX_IDLE_SERVER_MS = 60_000;
const MIN_SLEEP_LOCAL_MS = 5;

/**
 * Wakes a device exactly when its model has something to do, on the device's clock: the next agenda item's device
 * time is turned into a local delay at the server-clock rate the device learnt from acks. At one day per minute a
 * fixed tick would smear a dose over simulated minutes; this keeps reminders, presses and missed-dose decisions at
 * their simulated instants.
 */
export class DeviceDriver {
  private timer: TimerHandle | undefined;
  private running = false;

  constructor(
    private readonly device: SimDevice,
    private readonly scheduler: Scheduler,
    private readonly afterTick: () => void = () => undefined,
  ) {}

  start(): void {
    this.running = true;
    this.wake();
  }

  stop(): void {
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
  }

  private wake(): void {
    if (!this.running) return;
    this.device.model.tick();
    this.afterTick();
    this.timer = this.scheduler.setTimer(this.nextDelay(), () => this.wake());
  }

  /** Local ms until the next agenda item, capped so changes (schedule frames, rate) are noticed soon. */
  nextDelay(): number {
    const { clock, model } = this.device;
    const now = this.scheduler.now();
    const cap = Math.min(MAX_IDLE_LOCAL_MS, MAX_IDLE_SERVER_MS / clock.serverRate());
    const next = model.nextActionAt();
    const until = next === undefined ? cap : clock.localDelayUntil(next, now);
    return Math.max(MIN_SLEEP_LOCAL_MS, Math.min(cap, until));
  }
}
