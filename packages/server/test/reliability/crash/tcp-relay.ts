import net from 'node:net';

/**
 * A fixed address in front of a server that restarts on a new port. A server killed with SIGKILL leaves its port in
 * TIME_WAIT (uWS does not listen with SO_REUSEADDR), so a restart cannot reuse it for a minute; the relay plays the
 * part of the load balancer: devices keep one URL, each connection is forwarded to the current server, and when the
 * server side of a connection dies the device side is dropped too (the device sees the outage as a reset).
 */
export class TcpRelay {
  private target: number | undefined;
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly server: net.Server) {}

  static async listen(): Promise<TcpRelay> {
    const server = net.createServer();
    const relay = new TcpRelay(server);
    server.on('connection', (client) => relay.forward(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return relay;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Where new connections go from now on (undefined: refuse them, the server is down). */
  setTarget(port: number | undefined): void {
    this.target = port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private forward(client: net.Socket): void {
    if (this.target === undefined) {
      client.destroy();
      return;
    }
    const upstream = net.connect(this.target, '127.0.0.1');
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    this.sockets.add(client).add(upstream);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
