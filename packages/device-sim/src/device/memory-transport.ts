import type { Scheduler } from '../time/scheduler.js';
import type { Connection, Transport, TransportHandlers } from './transport.js';

/** The server's end of an in-memory connection (unit tests play the server through it). */
export interface MemoryPeer {
  readonly url: string;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  /** Frames the device sent, in order. */
  readonly received: Uint8Array[];
  onMessage?: (data: Uint8Array) => void;
  readonly closed: boolean;
}

/**
 * A deterministic in-memory network on a Scheduler: every frame is delivered after `latencyMs` of scheduler time.
 * `accept` decides whether a connection attempt succeeds (false = the server is unreachable).
 */
export class MemoryNetwork {
  readonly peers: MemoryPeer[] = [];
  accept: (url: string) => boolean = () => true;
  onConnection: (peer: MemoryPeer) => void = () => undefined;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly latencyMs = 1,
  ) {}

  readonly transport: Transport = (url: string, handlers: TransportHandlers): Connection => {
    const scheduler = this.scheduler;
    const latency = this.latencyMs;
    let open = false;
    let closed = false;
    const closeBoth = (code: number, reason: string): void => {
      if (closed) return;
      closed = true;
      peerState.closed = true;
      scheduler.setTimer(latency, () => handlers.onClose(code, reason));
    };
    const peerState: MemoryPeer & { closed: boolean } = {
      url,
      received: [],
      closed: false,
      send(data) {
        if (closed) return;
        const copy = data.slice();
        scheduler.setTimer(latency, () => {
          if (!closed) handlers.onMessage(copy);
        });
      },
      close(code = 1000, reason = '') {
        closeBoth(code, reason);
      },
    };
    if (!this.accept(url)) {
      closeBoth(1006, 'connection refused');
    } else {
      this.peers.push(peerState);
      scheduler.setTimer(latency, () => {
        if (closed) return;
        open = true;
        handlers.onOpen();
        this.onConnection(peerState);
      });
    }
    return {
      send(data) {
        if (closed || !open) return;
        const copy = data.slice();
        scheduler.setTimer(latency, () => {
          if (closed) return;
          peerState.received.push(copy);
          peerState.onMessage?.(copy);
        });
      },
      close(code = 1000, reason = '') {
        closeBoth(code, reason);
      },
      terminate() {
        closeBoth(1006, 'terminated');
      },
      bufferedAmount: () => 0,
    };
  };

  /** The most recent connection's server end. */
  lastPeer(): MemoryPeer | undefined {
    return this.peers[this.peers.length - 1];
  }
}
