import WebSocket from 'ws';

/** Every frame the server sent and how the socket ended; nothing is decoded here (the tests decode and judge). */
export class RawSocket {
  readonly received: Uint8Array[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  isClosed = false;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data: Buffer) => {
      this.received.push(new Uint8Array(data));
      this.wake();
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => {
        this.isClosed = true;
        this.wake();
        resolve({ code, reason: reason.toString() });
      }),
    );
  }

  /** Opens `path` on `baseUrl`; rejects with the HTTP status when the upgrade is refused. */
  static open(baseUrl: string, path: string, headers?: Record<string, string>): Promise<RawSocket> {
    const raw = new RawSocket(new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${path}`, headers ? { headers } : {}));
    return new Promise((resolve, reject) => {
      raw.socket.once('open', () => resolve(raw));
      raw.socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
      raw.socket.once('error', reject);
    });
  }

  send(bytes: Uint8Array): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(bytes);
  }

  /** Resolves once `done()` holds, re-checked on every frame and on close. */
  async until(done: () => boolean): Promise<void> {
    while (!done()) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.socket.terminate();
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}
