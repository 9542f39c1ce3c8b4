import type { DeviceEvent, EventFrame } from '@medtek/core';

/** Largest `batch` frame the protocol allows. */
export const MAX_BATCH_EVENTS = 64;

/**
 * The device's durable outbox ("flash"): every event gets the next `seq` (from 1) and stays until the server
 * acknowledges it cumulatively. Survives reconnects and power loss (the simulator keeps the object); replay is
 * always oldest first.
 */
export class Outbox {
  private readonly events: EventFrame[] = [];
  private nextSeq: number;
  private acked: number;

  constructor(
    private readonly deviceId: string,
    state: { lastSeq: number; ackedUpTo: number } = { lastSeq: 0, ackedUpTo: 0 },
  ) {
    this.nextSeq = state.lastSeq + 1;
    this.acked = state.ackedUpTo;
  }

  /** Appends an event stamped with the next seq; returns the stored frame. */
  append(e: DeviceEvent, deviceTime: number, bootId: string): EventFrame {
    const frame: EventFrame = { t: 'event', deviceId: this.deviceId, seq: this.nextSeq++, deviceTime, bootId, e };
    this.events.push(frame);
    return frame;
  }

  /** Drops every event with seq ≤ upToSeq. Returns how many were newly acknowledged. */
  ack(upToSeq: number): number {
    if (upToSeq <= this.acked) return 0;
    const before = this.events.length;
    let drop = 0;
    while (drop < this.events.length && (this.events[drop] as EventFrame).seq <= upToSeq) drop++;
    this.events.splice(0, drop);
    this.acked = Math.min(upToSeq, this.nextSeq - 1);
    return before - this.events.length;
  }

  /** Highest seq the server has acknowledged. */
  ackedUpTo(): number {
    return this.acked;
  }

  /** Highest seq handed out so far (0 before the first event). */
  lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** Events not yet acknowledged. */
  size(): number {
    return this.events.length;
  }

  /** Unacknowledged events with seq ≥ fromSeq, oldest first, at most `limit`. */
  pendingFrom(fromSeq: number, limit = Number.POSITIVE_INFINITY): EventFrame[] {
    const out: EventFrame[] = [];
    for (const frame of this.events) {
      if (frame.seq < fromSeq) continue;
      if (out.length >= limit) break;
      out.push(frame);
    }
    return out;
  }

  /** All unacknowledged events (checkers: "every outbox empty after the drain"). */
  pending(): readonly EventFrame[] {
    return this.events;
  }
}
