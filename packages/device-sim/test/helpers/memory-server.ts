import {
  decodeDeviceFrame,
  encodeServerToDeviceFrame,
  type DeviceFrame,
  type EventFrame,
  type ServerToDeviceFrame,
} from '@medtek/core';
import { signDeviceChallenge } from '../../src/device/device-auth.js';
import type { MemoryNetwork, MemoryPeer } from '../../src/device/memory-transport.js';
import type { Scheduler } from '../../src/time/scheduler.js';

/**
 * A minimal device-channel server for unit tests on the in-memory network: challenge, MAC check, cumulative acks
 * with dedup and resync on gaps (the rules of DESIGN §5), and a record of everything it accepted.
 */
export class MemoryDeviceServer {
  readonly accepted: EventFrame[] = [];
  readonly frames: DeviceFrame[] = [];
  readonly authFailures: string[] = [];
  lastSeq = 0;
  /** When false, events are stored but not acknowledged (a server that stalls before fsync). */
  autoAck = true;
  serverTime: () => number;
  private peer: MemoryPeer | undefined;

  constructor(
    network: MemoryNetwork,
    scheduler: Scheduler,
    private readonly secret: Uint8Array,
    serverTime?: () => number,
  ) {
    this.serverTime = serverTime ?? (() => 1_764_000_000_000 + Math.round(scheduler.now()));
    network.onConnection = (peer) => this.onConnection(peer);
  }

  send(frame: ServerToDeviceFrame): void {
    this.peer?.send(encodeServerToDeviceFrame(frame));
  }

  ack(): void {
    if (this.lastSeq > 0) this.send({ t: 'ack', upToSeq: this.lastSeq, serverTime: this.serverTime() });
  }

  private onConnection(peer: MemoryPeer): void {
    this.peer = peer;
    const nonce = new Uint8Array(16).map((_, i) => i + 1);
    let authed = false;
    peer.onMessage = (bytes) => {
      const decoded = decodeDeviceFrame(bytes);
      if (!decoded.ok) {
        peer.send(encodeServerToDeviceFrame({ t: 'error', code: decoded.code, message: decoded.message }));
        return;
      }
      const frame = decoded.frame;
      this.frames.push(frame);
      if (!authed) {
        if (frame.t !== 'auth') return peer.close(4003, 'auth required');
        const expected = signDeviceChallenge(this.secret, nonce, frame.deviceId, frame.deviceTime);
        if (Buffer.compare(Buffer.from(expected), Buffer.from(frame.mac)) !== 0) {
          this.authFailures.push(frame.deviceId);
          return peer.close(4002, 'auth failed');
        }
        authed = true;
        return;
      }
      if (frame.t === 'event') this.onEvents([frame]);
      else if (frame.t === 'batch') this.onEvents(frame.events);
    };
    peer.send(encodeServerToDeviceFrame({ t: 'challenge', v: 1, nonce, serverTime: this.serverTime() }));
  }

  private onEvents(events: EventFrame[]): void {
    for (const event of events) {
      if (event.seq <= this.lastSeq) continue;
      if (event.seq !== this.lastSeq + 1) {
        this.send({ t: 'resync', expectedSeq: this.lastSeq + 1 });
        return;
      }
      this.accepted.push(event);
      this.lastSeq = event.seq;
    }
    if (this.autoAck) this.ack();
  }
}
