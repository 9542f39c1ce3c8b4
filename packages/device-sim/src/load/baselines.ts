import { Decoder, Encoder } from '@msgpack/msgpack';
import type { AddressInfo } from 'node:net';
import uWS from 'uWebSockets.js';
import { WebSocketServer } from 'ws';

/**
 * Baseline servers for `pnpm bench` and the load generator's own accuracy test: what the transport and the msgpack
 * codec cost without Medtek's logic. None authenticates (the generator runs them with `handshake: 'none'`).
 *  - `uws-echo-raw`: uWebSockets.js echoing the bytes back, no decoding (the ceiling);
 *  - `uws-ack`: uWebSockets.js decoding each frame and answering a cumulative `ack`;
 *  - `ws-ack`: a plain `ws` server doing the same (what a typical Node service would be).
 * Each decoder/encoder is created once and reused, as a real server would.
 */
export type BaselineName = 'uws-echo-raw' | 'uws-ack' | 'ws-ack';
export const BASELINE_NAMES: readonly BaselineName[] = ['uws-echo-raw', 'uws-ack', 'ws-ack'];

export interface BaselineServer {
  readonly name: BaselineName;
  readonly port: number;
  /** `ws://127.0.0.1:port/device` */
  readonly url: string;
  /** Frames received so far. */
  framesReceived(): number;
  close(): Promise<void>;
}

/** Builds the ack for a decoded device frame (event or batch): cumulative up to its highest seq. */
function ackFor(decoder: Decoder, encoder: Encoder, bytes: Uint8Array): Uint8Array | undefined {
  let frame: unknown;
  try {
    frame = decoder.decode(bytes);
  } catch {
    return undefined;
  }
  if (typeof frame !== 'object' || frame === null) return undefined;
  const record = frame as { t?: unknown; seq?: unknown; events?: unknown };
  let seq: number | undefined;
  if (record.t === 'event' && typeof record.seq === 'number') seq = record.seq;
  else if (record.t === 'batch' && Array.isArray(record.events)) {
    const last = record.events[record.events.length - 1] as { seq?: unknown } | undefined;
    if (typeof last?.seq === 'number') seq = last.seq;
  }
  if (seq === undefined) return undefined;
  return encoder.encode({ t: 'ack', upToSeq: seq, serverTime: Date.now() });
}

function startUws(name: 'uws-echo-raw' | 'uws-ack', host: string): Promise<BaselineServer> {
  const decoder = new Decoder();
  const encoder = new Encoder();
  let received = 0;
  const sockets = new Set<uWS.WebSocket<unknown>>();
  const app = uWS.App();
  app.ws('/*', {
    compression: uWS.DISABLED,
    maxPayloadLength: 16 * 1024,
    idleTimeout: 120,
    open: (ws) => void sockets.add(ws),
    close: (ws) => void sockets.delete(ws),
    message: (ws, message) => {
      received++;
      if (name === 'uws-echo-raw') {
        ws.send(message, true);
        return;
      }
      // The buffer is only valid inside this callback; decoding here, synchronously, is safe.
      const ack = ackFor(decoder, encoder, new Uint8Array(message));
      if (ack) ws.send(ack, true);
    },
  });
  return new Promise((resolve, reject) => {
    app.listen(host, 0, (token) => {
      if (!token) {
        reject(new Error(`${name}: cannot listen`));
        return;
      }
      const port = uWS.us_socket_local_port(token);
      resolve({
        name,
        port,
        url: `ws://${host}:${port}/device`,
        framesReceived: () => received,
        close: () => {
          uWS.us_listen_socket_close(token);
          // Abrupt close of what is still open, so the process (or test worker) can exit.
          for (const ws of [...sockets]) ws.close();
          sockets.clear();
          return Promise.resolve();
        },
      });
    });
  });
}

function startWs(host: string): Promise<BaselineServer> {
  const decoder = new Decoder();
  const encoder = new Encoder();
  let received = 0;
  const server = new WebSocketServer({ host, port: 0, perMessageDeflate: false, maxPayload: 16 * 1024 });
  server.on('connection', (socket) => {
    socket.on('message', (data: Buffer) => {
      received++;
      const ack = ackFor(decoder, encoder, data);
      if (ack) socket.send(ack, { binary: true });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        name: 'ws-ack',
        port,
        url: `ws://${host}:${port}/device`,
        framesReceived: () => received,
        close: () =>
          new Promise<void>((done) => {
            for (const client of server.clients) client.terminate();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Starts one baseline on an ephemeral port of `host` (default 127.0.0.1). */
export function startBaseline(name: BaselineName, host = '127.0.0.1'): Promise<BaselineServer> {
  return name === 'ws-ack' ? startWs(host) : startUws(name, host);
}
