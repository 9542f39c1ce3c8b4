import {
  decodeLiveServerFrame,
  decodeServerToDeviceFrame,
  encodeDeviceFrame,
  encodeLiveClientFrame,
  type DeviceFrame,
  type LiveClientFrame,
  type LiveServerFrame,
  type ServerToDeviceFrame,
} from '@medtek/core';
import WebSocket from 'ws';
import { signDeviceAuth } from '../../src/auth/device-auth.js';

/** A queue of decoded frames and the close event of one socket, awaited without timers. */
class FrameQueue<F> {
  private readonly frames: F[] = [];
  private readonly waiters: ((frame: F) => void)[] = [];
  closed: Promise<{ code: number; reason: string }>;

  constructor(
    readonly socket: WebSocket,
    decode: (bytes: Uint8Array) => F,
  ) {
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data: Buffer) => {
      const frame = decode(new Uint8Array(data));
      const waiter = this.waiters.shift();
      if (waiter) waiter(frame);
      else this.frames.push(frame);
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  next(): Promise<F> {
    const frame = this.frames.shift();
    if (frame !== undefined) return Promise.resolve(frame);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The next frame matching `predicate`, skipping others. */
  async nextWhere(predicate: (frame: F) => boolean): Promise<F> {
    for (;;) {
      const frame = await this.next();
      if (predicate(frame)) return frame;
    }
  }

  /** Frames received so far and not yet taken. */
  drain(): F[] {
    return this.frames.splice(0);
  }
}

/** Resolves once `socket` is open. Listeners must already be attached: the server's first frame can arrive in the
 * same packet as the upgrade response, i.e. before a continuation of this promise runs. */
function opened(socket: WebSocket): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function open(url: string, headers?: Record<string, string>): Promise<WebSocket> {
  return opened(new WebSocket(url, headers ? { headers } : undefined));
}

export class TestDevice {
  readonly frames: FrameQueue<ServerToDeviceFrame>;
  challenge!: Extract<ServerToDeviceFrame, { t: 'challenge' }>;

  private constructor(socket: WebSocket) {
    this.frames = new FrameQueue(socket, (bytes) => {
      const decoded = decodeServerToDeviceFrame(bytes);
      if (!decoded.ok) throw new Error(`server sent an invalid frame: ${decoded.message}`);
      return decoded.frame;
    });
  }

  static async connect(baseUrl: string): Promise<TestDevice> {
    const device = new TestDevice(new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/device`));
    await opened(device.frames.socket);
    const first = await device.frames.next();
    if (first.t !== 'challenge') throw new Error(`expected a challenge, got ${first.t}`);
    device.challenge = first;
    return device;
  }

  /** Connects and authenticates as `deviceId` with `secret`. */
  static async authenticated(baseUrl: string, deviceId: string, secret: Uint8Array): Promise<TestDevice> {
    const device = await TestDevice.connect(baseUrl);
    device.auth(deviceId, secret);
    return device;
  }

  auth(deviceId: string, secret: Uint8Array, deviceTime = this.challenge.serverTime): void {
    this.send({
      t: 'auth',
      v: 1,
      deviceId,
      deviceTime,
      mac: signDeviceAuth(secret, this.challenge.nonce, deviceId, deviceTime),
    });
  }

  send(frame: DeviceFrame): void {
    this.frames.socket.send(encodeDeviceFrame(frame));
  }

  sendRaw(bytes: Uint8Array): void {
    this.frames.socket.send(bytes);
  }

  close(): void {
    this.frames.socket.close();
  }
}

export class TestWidget {
  readonly frames: FrameQueue<LiveServerFrame>;

  private constructor(socket: WebSocket) {
    this.frames = new FrameQueue(socket, (bytes) => {
      const decoded = decodeLiveServerFrame(bytes);
      if (!decoded.ok) throw new Error(`server sent an invalid live frame: ${decoded.message}`);
      return decoded.frame;
    });
  }

  static async connect(baseUrl: string, origin = 'http://localhost:8000'): Promise<TestWidget> {
    const widget = new TestWidget(new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/live`, { headers: { origin } }));
    await opened(widget.frames.socket);
    return widget;
  }

  static async authenticated(baseUrl: string, token: string): Promise<TestWidget> {
    const widget = await TestWidget.connect(baseUrl);
    widget.send({ t: 'auth', v: 1, token });
    const reply = await widget.frames.next();
    if (reply.t !== 'auth_ok') throw new Error(`expected auth_ok, got ${JSON.stringify(reply)}`);
    return widget;
  }

  send(frame: LiveClientFrame): void {
    this.frames.socket.send(encodeLiveClientFrame(frame));
  }

  close(): void {
    this.frames.socket.close();
  }
}

export { open as openWebSocket };
