import type { HttpResponse } from 'uWebSockets.js';

/**
 * Open sockets across both gateways, checked at upgrade time. uWebSockets.js spins at 100 % CPU once the process
 * reaches its open-file limit, so the cap (below that limit) must refuse before a socket is ever accepted.
 */
export class ConnectionCounter {
  private open = 0;

  constructor(readonly max: number) {}

  tryAcquire(): boolean {
    if (this.open >= this.max) return false;
    this.open++;
    return true;
  }

  release(): void {
    if (this.open > 0) this.open--;
  }

  get current(): number {
    return this.open;
  }
}

/** Answers an upgrade request with an HTTP error instead of opening a socket. */
export function rejectUpgrade(res: HttpResponse, status: string, message: string, retryAfterSec?: number): void {
  res.cork(() => {
    res.writeStatus(status);
    if (retryAfterSec !== undefined) res.writeHeader('retry-after', String(retryAfterSec));
    res.writeHeader('content-type', 'text/plain; charset=utf-8');
    res.end(message, true);
  });
}
