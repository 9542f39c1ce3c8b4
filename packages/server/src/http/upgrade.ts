import type { HttpRequest, HttpResponse, us_socket_context_t } from 'uWebSockets.js';
import { isOriginAllowed } from '../auth/authorize.js';
import { statusLine } from './status.js';

/** The upgrade request, copied out of uWS's stack-allocated HttpRequest. */
export interface UpgradeRequest {
  url: string;
  origin: string;
  secWebSocketKey: string;
  secWebSocketProtocol: string;
  secWebSocketExtensions: string;
  remoteAddress: string;
}

export function copyUpgradeRequest(res: HttpResponse, req: HttpRequest): UpgradeRequest {
  return {
    url: req.getUrl(),
    origin: req.getHeader('origin'),
    secWebSocketKey: req.getHeader('sec-websocket-key'),
    secWebSocketProtocol: req.getHeader('sec-websocket-protocol'),
    secWebSocketExtensions: req.getHeader('sec-websocket-extensions'),
    remoteAddress: Buffer.from(res.getRemoteAddressAsText()).toString(),
  };
}

/** Counts open sockets (increment in `open`, decrement in `close`) against the configured cap. */
export class ConnectionGate {
  private open = 0;
  constructor(readonly maxConnections: number) {}
  get count(): number {
    return this.open;
  }
  opened(): void {
    this.open += 1;
  }
  closed(): void {
    this.open = Math.max(0, this.open - 1);
  }
  hasRoom(): boolean {
    return this.open < this.maxConnections;
  }
}

export interface UpgradePolicy {
  gate: ConnectionGate;
  /** Origins allowed (for /live). Undefined: no Origin check (for /device: devices send none, and HMAC protects it). */
  allowedOrigins?: readonly string[];
  /** Seconds a refused client should wait before retrying (Retry-After on 503). */
  retryAfterSec?: number;
  /** False while shutting down: new upgrades get 503. */
  accepting?: () => boolean;
}

export type UpgradeRefusal = {
  status: 403 | 503;
  reason: 'origin' | 'capacity' | 'shutting_down';
  retryAfterSec?: number;
};

/** Decides an upgrade before any socket exists: origin allow-list, connection cap, shutdown. */
export function checkUpgrade(request: UpgradeRequest, policy: UpgradePolicy): UpgradeRefusal | undefined {
  if (policy.allowedOrigins !== undefined && !isOriginAllowed(request.origin, policy.allowedOrigins)) {
    return { status: 403, reason: 'origin' };
  }
  const retryAfterSec = policy.retryAfterSec ?? 5;
  if (policy.accepting && !policy.accepting()) return { status: 503, reason: 'shutting_down', retryAfterSec };
  if (!policy.gate.hasRoom()) return { status: 503, reason: 'capacity', retryAfterSec };
  return undefined;
}

/** Answers a refused upgrade with a plain HTTP status (and Retry-After on 503); no socket is opened. */
export function refuseUpgrade(res: HttpResponse, refusal: UpgradeRefusal): void {
  res.cork(() => {
    res.writeStatus(statusLine(refusal.status));
    res.writeHeader('content-type', 'text/plain; charset=utf-8');
    if (refusal.retryAfterSec !== undefined) res.writeHeader('retry-after', String(refusal.retryAfterSec));
    res.end(refusal.reason === 'origin' ? 'origin not allowed' : 'server busy, retry later', true);
  });
}

/**
 * The synchronous upgrade: check, then either refuse or upgrade with `userData`. Use it as (or inside) a uWS
 * `upgrade` handler; for async checks copy the request first and call `res.upgrade` in `res.cork` after them.
 */
export function upgradeIfAllowed<U>(
  res: HttpResponse,
  req: HttpRequest,
  context: us_socket_context_t,
  policy: UpgradePolicy,
  makeUserData: (request: UpgradeRequest) => U,
  onRefused?: (refusal: UpgradeRefusal, request: UpgradeRequest) => void,
): void {
  const request = copyUpgradeRequest(res, req);
  const refusal = checkUpgrade(request, policy);
  if (refusal) {
    onRefused?.(refusal, request);
    refuseUpgrade(res, refusal);
    return;
  }
  res.upgrade(
    makeUserData(request),
    request.secWebSocketKey,
    request.secWebSocketProtocol,
    request.secWebSocketExtensions,
    context,
  );
}
