/**
 * Sockets that must authenticate before a deadline. One sweep interval for all of them (not a timer per socket):
 * a socket found past its deadline is handed to `expire`. Deadlines use the real monotonic clock, never the
 * (possibly accelerated or manual) domain clock.
 */
export class AuthDeadlines<S> {
  private readonly waiting = new Map<S, number>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly timeoutMs: number,
    private readonly expire: (socket: S) => void,
    sweepMs = Math.max(50, Math.min(500, Math.floor(timeoutMs / 5))),
  ) {
    this.timer = setInterval(() => this.sweep(), sweepMs);
    this.timer.unref();
  }

  add(socket: S): void {
    this.waiting.set(socket, performance.now() + this.timeoutMs);
  }

  remove(socket: S): void {
    this.waiting.delete(socket);
  }

  get size(): number {
    return this.waiting.size;
  }

  stop(): void {
    clearInterval(this.timer);
    this.waiting.clear();
  }

  private sweep(): void {
    const now = performance.now();
    for (const [socket, deadline] of this.waiting) {
      if (deadline > now) continue;
      this.waiting.delete(socket);
      this.expire(socket);
    }
  }
}
