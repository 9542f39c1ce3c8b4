import { PROTOCOL_VERSION } from '@medtek/core';
import { assertNativeUws, uWS } from './transport/uws.js';

export interface ServerOptions {
  host?: string;
  /** 0 picks an ephemeral port (tests). */
  port?: number;
}

export interface RunningServer {
  readonly port: number;
  readonly url: string;
  close(): void;
}

/** Starts the HTTP/WebSocket server. Resolves once it listens; rejects if the port cannot be bound. */
export function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  assertNativeUws();
  const host = options.host ?? '127.0.0.1';
  const app = uWS.App();
  app.get('/healthz', (res) => {
    res.cork(() => {
      res.writeHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: 'ok', protocol: PROTOCOL_VERSION }));
    });
  });
  app.any('/*', (res) => {
    res.cork(() => res.writeStatus('404 Not Found').end('not found'));
  });
  return new Promise((resolve, reject) => {
    app.listen(host, options.port ?? 0, (token) => {
      if (!token) {
        reject(new Error(`cannot listen on ${host}:${options.port ?? 0}`));
        return;
      }
      const port = uWS.us_socket_local_port(token);
      resolve({
        port,
        url: `http://${host}:${port}`,
        close: () => uWS.us_listen_socket_close(token),
      });
    });
  });
}
