/**
 * The device's wall clock. A real dispenser's RTC drifts and may be set wrong; ours is derived from the server's
 * time (challenge and ack frames carry `serverTime`) plus a configurable skew and a drift that grows since the last
 * sync. The rate of the server's clock relative to local time is learnt from successive syncs, so an accelerated
 * demo server (one day per minute) drives every device's schedule at the same speed.
 */
export interface DeviceClockOptions {
  /** Server time assumed before the first sync (epoch ms). */
  initialServerTime: number;
  /** Constant offset added to the device's time (a wrongly set clock), ms. */
  skewMs?: number;
  /** Drift in parts per million of server time elapsed since the last sync (crystal error). */
  driftPpm?: number;
  /** Server-time rate assumed before two syncs were seen (1 = real time). */
  initialRate?: number;
  /** False pins the rate (scenarios on a manual server clock that jumps: a jump is not a rate). */
  learnRate?: boolean;
}

/** Syncs closer together than this (local ms) do not update the learnt rate: too noisy. */
const MIN_RATE_SAMPLE_MS = 500;

export class DeviceClock {
  private syncServer: number;
  private syncLocal: number | undefined;
  private rate: number;
  private rateSampleServer: number | undefined;
  private rateSampleLocal: number | undefined;
  private lastIssued = 0;
  skewMs: number;
  driftPpm: number;
  private readonly learnRate: boolean;

  constructor(options: DeviceClockOptions) {
    this.syncServer = options.initialServerTime;
    this.rate = options.initialRate ?? 1;
    this.skewMs = options.skewMs ?? 0;
    this.driftPpm = options.driftPpm ?? 0;
    this.learnRate = options.learnRate ?? true;
  }

  /** Records the server's time as seen at local instant `localNow` (challenge or ack). */
  sync(serverTime: number, localNow: number): void {
    if (!this.learnRate) {
      // Rate pinned: only the offset follows the server.
    } else if (this.rateSampleLocal !== undefined && this.rateSampleServer !== undefined) {
      const localDelta = localNow - this.rateSampleLocal;
      if (localDelta >= MIN_RATE_SAMPLE_MS) {
        const serverDelta = serverTime - this.rateSampleServer;
        if (serverDelta > 0) this.rate = Math.min(100_000, Math.max(0.001, serverDelta / localDelta));
        this.rateSampleLocal = localNow;
        this.rateSampleServer = serverTime;
      }
    } else {
      this.rateSampleLocal = localNow;
      this.rateSampleServer = serverTime;
    }
    this.syncServer = serverTime;
    this.syncLocal = localNow;
  }

  /** The device's best estimate of the server's clock now. */
  serverTimeEstimate(localNow: number): number {
    if (this.syncLocal === undefined) {
      this.syncLocal = localNow;
    }
    return this.syncServer + (localNow - this.syncLocal) * this.rate;
  }

  /** Server-time milliseconds per local millisecond (learnt). */
  serverRate(): number {
    return this.rate;
  }

  /** What the device reports as `deviceTime`: never goes backwards, a safe non-negative integer. */
  deviceTime(localNow: number): number {
    const server = this.serverTimeEstimate(localNow);
    const drift = ((server - this.syncServer) * this.driftPpm) / 1_000_000;
    const value = Math.max(0, Math.round(server + this.skewMs + drift));
    this.lastIssued = Math.max(this.lastIssued, value);
    return this.lastIssued;
  }

  /** Local milliseconds until the device's clock reads `deviceTime` (for timers), at the learnt rate. */
  localDelayUntil(deviceTime: number, localNow: number): number {
    const remaining = deviceTime - this.deviceTime(localNow);
    return remaining <= 0 ? 0 : remaining / this.rate;
  }
}
