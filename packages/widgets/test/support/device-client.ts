import { createHmac } from 'node:crypto';
import {
  decodeServerToDeviceFrame,
  encodeDeviceFrame,
  type DeviceFrame,
  type EventFrame,
  type ServerToDeviceFrame,
} from '@medtek/core';
import WebSocket from 'ws';

/** The documented device proof: HMAC-SHA256(secret, nonce ‖ utf8(deviceId) ‖ u64be(deviceTime)). */
function signChallenge(secret: Uint8Array, nonce: Uint8Array, deviceId: string, deviceTime: number): Uint8Array {
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(deviceTime));
  const mac = createHmac('sha256', secret).update(nonce).update(Buffer.from(deviceId, 'utf8')).update(time).digest();
  return new Uint8Array(mac);
}

/**
 * A device on the real `/device` gateway, for the widget tests: answers the challenge with a signed `auth`, sends
 * sequenced events and resolves once the server acknowledged them (i.e. they are journaled and fanned out).
 */
export class DeviceClient {
  private readonly waiters: { accept: (frame: ServerToDeviceFrame) => boolean; resolve: () => void }[] = [];
  /** Resolves when the socket closes (e.g. the server restarts). */
  readonly closed: Promise<void>;
  open = true;

  private constructor(
    private readonly socket: WebSocket,
    readonly deviceId: string,
  ) {
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        this.open = false;
        resolve();
      }),
    );
  }

  /** Connects to `baseUrl` (http://host:port), answers the challenge and waits for the server's catch-up ack. */
  static async connect(baseUrl: string, deviceId: string, secret: Uint8Array, now: number): Promise<DeviceClient> {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/device`);
    socket.binaryType = 'nodebuffer';
    const client = new DeviceClient(socket, deviceId);
    const challenge = new Promise<Extract<ServerToDeviceFrame, { t: 'challenge' }>>((resolve, reject) => {
      socket.once('error', reject);
      socket.on('message', (data: Buffer) => {
        const decoded = decodeServerToDeviceFrame(new Uint8Array(data));
        if (!decoded.ok) throw new Error(`server sent an invalid device frame: ${decoded.message}`);
        const frame = decoded.frame;
        if (frame.t === 'challenge') resolve(frame);
        for (const waiter of [...client.waiters]) {
          if (!waiter.accept(frame)) continue;
          client.waiters.splice(client.waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      });
    });
    const first = await challenge;
    client.send({
      t: 'auth',
      v: 1,
      deviceId,
      deviceTime: now,
      mac: signChallenge(secret, first.nonce, deviceId, now),
    });
    return client;
  }

  send(frame: DeviceFrame): void {
    this.socket.send(encodeDeviceFrame(frame));
  }

  /** Sends one event and resolves once the server acknowledged it (durable, effects delivered). */
  async event(seq: number, deviceTime: number, e: EventFrame['e']): Promise<void> {
    const acked = new Promise<void>((resolve) =>
      this.waiters.push({ accept: (frame) => frame.t === 'ack' && frame.upToSeq >= seq, resolve }),
    );
    this.send({ t: 'event', deviceId: this.deviceId, seq, deviceTime, bootId: 'widget-tests', e });
    await acked;
  }

  close(): void {
    this.socket.close();
  }
}
