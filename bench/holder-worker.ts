import {
  decodeServerToDeviceFrame,
  encodeDeviceFrame,
  PROTOCOL_VERSION,
  type StatusFrame,
} from '../packages/core/src/index.js';
import { signDeviceChallenge, wsTransport, type Connection } from '../packages/device-sim/src/index.js';
import { benchDeviceSecret } from './targets.js';

/** Parent → holder: connect these devices and keep them heartbeating; later, stop. */
export type HolderCommand =
  { type: 'connect'; url: string; deviceIds: string[]; heartbeatMs: number } | { type: 'stop' };
export type HolderReport = { type: 'connected'; connected: number; failed: number; ms: number; heartbeats: number };

const CONCURRENT_HANDSHAKES = 100;
const connections: Connection[] = [];
const timers: NodeJS.Timeout[] = [];
let heartbeats = 0;

/** Opens one authenticated device socket; resolves true once it survived authentication. */
function openDevice(url: string, deviceId: string): Promise<Connection | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (value: Connection | undefined): void => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    const connection: Connection = wsTransport()(url, {
      onOpen: () => undefined,
      onMessage: (data) => {
        const decoded = decodeServerToDeviceFrame(data);
        if (!decoded.ok || decoded.frame.t !== 'challenge') return;
        const deviceTime = Date.now();
        const mac = signDeviceChallenge(benchDeviceSecret(deviceId), decoded.frame.nonce, deviceId, deviceTime);
        connection.send(encodeDeviceFrame({ t: 'auth', v: PROTOCOL_VERSION, deviceId, deviceTime, mac }));
        connection.send(
          encodeDeviceFrame({
            t: 'hello',
            deviceType: 'medido',
            firmware: 'bench-hold',
            capabilities: ['remind', 'dispense'],
            bootId: 'hold',
            deviceTime,
          }),
        );
        // Success is silent; a refused device is closed at once.
        setTimeout(() => settle(connection), 50);
      },
      onClose: () => settle(undefined),
    });
  });
}

async function connectAll(url: string, deviceIds: string[], heartbeatMs: number): Promise<HolderReport> {
  const started = performance.now();
  const queue = [...deviceIds];
  let failed = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENT_HANDSHAKES, queue.length) }, async () => {
      for (let deviceId = queue.shift(); deviceId !== undefined; deviceId = queue.shift()) {
        const connection = await openDevice(url, deviceId);
        if (connection) connections.push(connection);
        else failed++;
      }
    }),
  );
  const ms = performance.now() - started;
  // Heartbeats spread evenly over the interval (firmware boots at different times).
  connections.forEach((connection, index) => {
    const beat = (): void => {
      const status: StatusFrame = { t: 'status', deviceTime: Date.now(), battery: 87, power: 'mains', signal: 70 };
      connection.send(encodeDeviceFrame(status));
      heartbeats++;
    };
    const phase = (index / connections.length) * heartbeatMs;
    timers.push(
      setTimeout(() => {
        beat();
        timers.push(setInterval(beat, heartbeatMs));
      }, phase),
    );
  });
  return { type: 'connected', connected: connections.length, failed, ms, heartbeats };
}

process.on('message', (command: HolderCommand) => {
  if (command.type === 'connect') {
    void connectAll(command.url, command.deviceIds, command.heartbeatMs).then((report) => process.send?.(report));
    return;
  }
  for (const timer of timers) clearTimeout(timer);
  for (const connection of connections) connection.terminate();
  process.send?.({ type: 'connected', connected: connections.length, failed: 0, ms: 0, heartbeats });
  process.disconnect?.();
});
process.on('disconnect', () => process.exit(0));
