/** A time-ordered list of things a device will do, on the device's clock (stable order for equal times). */
export class Agenda {
  private items: { at: number; order: number; run: () => void }[] = [];
  private order = 0;

  add(at: number, run: () => void): void {
    const item = { at, order: this.order++, run };
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.items[mid] as { at: number }).at <= at) low = mid + 1;
      else high = mid;
    }
    this.items.splice(low, 0, item);
  }

  /** Runs everything due at or before `now`, in time order (items may add items). Returns how many ran. */
  runDue(now: number): number {
    let ran = 0;
    for (;;) {
      const first = this.items[0];
      if (!first || first.at > now) return ran;
      this.items.shift();
      first.run();
      ran++;
    }
  }

  /** The next instant something is due, if any. */
  nextAt(): number | undefined {
    return this.items[0]?.at;
  }

  get size(): number {
    return this.items.length;
  }
}
