import WebSocket from 'ws';

/** Callbacks a transport delivers to its owner. */
export interface TransportHandlers {
  onOpen(): void;
  onMessage(data: Uint8Array): void;
  onClose(code: number, reason: string): void;
}

/** One client connection, whatever carries it (a real WebSocket, or an in-memory pipe in tests). */
export interface Connection {
  send(data: Uint8Array): void;
  /** A clean WebSocket close with a code. */
  close(code?: number, reason?: string): void;
  /** Drops the connection without a close handshake (power cut, network loss). */
  terminate(): void;
  /** Bytes queued but not yet written (backpressure). */
  bufferedAmount(): number;
}

/** Opens a connection to `url`; events arrive through `handlers`. */
export type Transport = (url: string, handlers: TransportHandlers) => Connection;

export interface WsTransportOptions {
  /** Bind the client socket to this local address (e.g. 127.0.0.2) to get more source ports. */
  localAddress?: string;
  /** Handshake timeout (ms). */
  handshakeTimeoutMs?: number;
}

/** The real transport: a `ws` WebSocket (Node 20 has no global WebSocket). No compression (the server forbids it). */
export function wsTransport(options: WsTransportOptions = {}): Transport {
  return (url, handlers) => {
    const socket = new WebSocket(url, {
      perMessageDeflate: false,
      handshakeTimeout: options.handshakeTimeoutMs ?? 10_000,
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    });
    socket.binaryType = 'nodebuffer';
    let closed = false;
    const reportClose = (code: number, reason: string): void => {
      if (closed) return;
      closed = true;
      handlers.onClose(code, reason);
    };
    socket.on('open', () => handlers.onOpen());
    socket.on('message', (data: Buffer) => handlers.onMessage(data));
    socket.on('close', (code, reason) => reportClose(code, reason.toString('utf8')));
    // A failed connect emits 'error' then 'close'; the close handler reports it once.
    socket.on('error', () => undefined);
    return {
      send(data) {
        if (socket.readyState === WebSocket.OPEN) socket.send(data, { binary: true });
      },
      close(code = 1000, reason = '') {
        if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
        else socket.close(code, reason);
      },
      terminate() {
        socket.terminate();
      },
      bufferedAmount: () => socket.bufferedAmount,
    };
  };
}
