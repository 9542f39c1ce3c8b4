import { Decoder } from '@msgpack/msgpack';
import { encodeDeviceFrame, PROTOCOL_VERSION } from '@medtek/core';
import WebSocket from 'ws';
import { signDeviceChallenge } from '../device/device-auth.js';
import { encodeHistogram, newLatencyHistogram } from './histogram.js';
import type { WorkerConfig, WorkerProgress, WorkerResult } from './worker-protocol.js';

/** Above this many queued bytes on one socket the generator stops writing to it and counts the frames as skipped. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
/** The event sent: harmless for the engine (a reminder), small (≈ 90 bytes) like the perf anchors' frame. */
const LOAD_SLOT = '2026-11-25T08:00';

interface LoadConnection {
  deviceId: string;
  socket: WebSocket;
  ready: boolean;
  closed: boolean;
  nextSeq: number;
  /** In-flight frames: seq and intended send time (performance.now ms), a FIFO with a moving head. */
  seqs: number[];
  intended: number[];
  head: number;
}

/**
 * One process's share of an open-loop run. Frame i is due at t0 + i/rate regardless of acks (open loop), so a stalled
 * server shows up as latency measured from the INTENDED send time (coordinated-omission safe), not as a lower rate.
 */
export class OpenLoopRunner {
  private readonly connections: LoadConnection[] = [];
  private readonly decoder = new Decoder();
  private readonly latency = newLatencyHistogram();
  private readonly sendLag = newLatencyHistogram();
  private sent = 0;
  private sentInWindow = 0;
  private intendedInWindow = 0;
  private acked = 0;
  private ackedInWindow = 0;
  private skipped = 0;
  private errors = 0;
  private closes = 0;
  private connectFailures = 0;
  private windowStart = Number.POSITIVE_INFINITY;
  private windowEnd = Number.POSITIVE_INFINITY;

  constructor(private readonly config: WorkerConfig) {}

  progress(): WorkerProgress {
    return { sent: this.sent, acked: this.acked, errors: this.errors };
  }

  /** Opens every connection (and authenticates as a device when asked); resolves when all are ready or failed. */
  async connect(): Promise<{ connected: number; connectFailures: number }> {
    const queue = [...this.config.devices];
    const worker = async (): Promise<void> => {
      for (let device = queue.shift(); device; device = queue.shift()) {
        const ok = await this.open(device.deviceId, device.secretHex);
        if (!ok) this.connectFailures++;
      }
    };
    // Bounded concurrency: thousands of simultaneous handshakes only add connect-time noise.
    await Promise.all(Array.from({ length: Math.min(100, queue.length) }, worker));
    return { connected: this.connections.filter((c) => c.ready).length, connectFailures: this.connectFailures };
  }

  private open(deviceId: string, secretHex: string | undefined): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = new WebSocket(this.config.url, {
        perMessageDeflate: false,
        handshakeTimeout: 10_000,
        ...(this.config.localAddress ? { localAddress: this.config.localAddress } : {}),
      });
      socket.binaryType = 'nodebuffer';
      const connection: LoadConnection = {
        deviceId,
        socket,
        ready: false,
        closed: false,
        nextSeq: 1,
        seqs: [],
        intended: [],
        head: 0,
      };
      let settled = false;
      const settle = (ok: boolean): void => {
        if (settled) return;
        settled = true;
        if (ok) {
          connection.ready = true;
          this.connections.push(connection);
        }
        resolve(ok);
      };
      socket.on('open', () => {
        if (this.config.handshake === 'none') settle(true);
      });
      socket.on('message', (data: Buffer) => this.onMessage(connection, data, secretHex, settle));
      socket.on('close', () => {
        connection.closed = true;
        connection.ready = false;
        if (settled) this.closes++;
        settle(false);
      });
      socket.on('error', () => undefined);
    });
  }

  private onMessage(
    connection: LoadConnection,
    data: Buffer,
    secretHex: string | undefined,
    settle: (ok: boolean) => void,
  ): void {
    let frame: Record<string, unknown>;
    try {
      frame = this.decoder.decode(data) as Record<string, unknown>;
    } catch {
      this.errors++;
      return;
    }
    switch (frame.t) {
      case 'ack':
        this.acknowledge(connection, frame.upToSeq as number);
        return;
      case 'event':
        // uws-echo-raw sends the frame itself back: its seq acknowledges it.
        this.acknowledge(connection, frame.seq as number);
        return;
      case 'challenge': {
        const deviceTime = Date.now();
        const secret = Buffer.from(secretHex ?? '', 'hex');
        const mac = signDeviceChallenge(secret, frame.nonce as Uint8Array, connection.deviceId, deviceTime);
        connection.socket.send(
          encodeDeviceFrame({ t: 'auth', v: PROTOCOL_VERSION, deviceId: connection.deviceId, deviceTime, mac }),
        );
        connection.socket.send(
          encodeDeviceFrame({
            t: 'hello',
            deviceType: 'medido',
            firmware: 'sim-load',
            capabilities: ['remind', 'dispense'],
            bootId: 'load',
            deviceTime,
          }),
        );
        // The server says nothing on success; a rejected device is closed at once, which settles as a failure.
        setTimeout(() => settle(!connection.closed), 50);
        return;
      }
      default:
        // resync, error and commands are not expected under load: count them.
        this.errors++;
    }
  }

  private acknowledge(connection: LoadConnection, upToSeq: number): void {
    const now = performance.now();
    const inWindow = now >= this.windowStart && now <= this.windowEnd;
    while (connection.head < connection.seqs.length && (connection.seqs[connection.head] as number) <= upToSeq) {
      const intended = connection.intended[connection.head] as number;
      connection.head++;
      this.acked++;
      if (inWindow) this.ackedInWindow++;
      if (intended >= this.windowStart && intended < this.windowEnd) {
        this.latency.recordValue(Math.max(1, Math.round((now - intended) * 1000)));
      }
    }
    // Compact the FIFO now and then so it does not grow for the whole run.
    if (connection.head > 4096 && connection.head * 2 > connection.seqs.length) {
      connection.seqs = connection.seqs.slice(connection.head);
      connection.intended = connection.intended.slice(connection.head);
      connection.head = 0;
    }
  }

  /** Sends on schedule from `startAtEpochMs`, then drains; resolves with the figures. */
  run(startAtEpochMs: number): Promise<WorkerResult> {
    const { ratePerSec, warmupMs, durationMs, drainMs } = this.config;
    const t0 = performance.now() + (startAtEpochMs - Date.now());
    const interval = 1000 / ratePerSec;
    const total = Math.floor((ratePerSec * (warmupMs + durationMs)) / 1000);
    this.windowStart = t0 + warmupMs;
    this.windowEnd = t0 + warmupMs + durationMs;
    const connections = this.connections;
    let index = 0;
    return new Promise((resolve) => {
      const turn = (): void => {
        const now = performance.now();
        while (index < total) {
          const intended = t0 + index * interval;
          if (intended > now) break;
          const connection = connections[index % connections.length];
          this.sendOne(connection, intended, now);
          index++;
        }
        if (index < total) {
          const wait = t0 + index * interval - performance.now();
          // Spinning (setImmediate) puts frames on the wire within microseconds of their time but burns a whole core;
          // on a 2-core machine that starves the server under test, so by default the loop sleeps on the timer (about
          // 1 ms granularity) and sends what fell due. The lateness is measured (sendLag) and counted in the latency.
          if (this.config.spin && wait <= 2) setImmediate(turn);
          else setTimeout(turn, Math.max(0, wait - (this.config.spin ? 1 : 0)));
        } else {
          this.drain(drainMs, resolve);
        }
      };
      if (connections.length === 0) {
        this.drain(0, resolve);
        return;
      }
      setTimeout(turn, Math.max(0, t0 - performance.now() - 1));
    });
  }

  private sendOne(connection: LoadConnection | undefined, intended: number, now: number): void {
    const measured = intended >= this.windowStart && intended < this.windowEnd;
    if (measured) this.intendedInWindow++;
    if (!connection || !connection.ready || connection.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.skipped++;
      return;
    }
    const seq = connection.nextSeq++;
    const bytes = encodeDeviceFrame({
      t: 'event',
      deviceId: connection.deviceId,
      seq,
      deviceTime: Date.now(),
      bootId: 'load',
      e: { kind: 'dose_due', slot: LOAD_SLOT },
    });
    connection.seqs.push(seq);
    connection.intended.push(intended);
    connection.socket.send(bytes, { binary: true });
    this.sent++;
    if (measured) {
      this.sendLag.recordValue(Math.max(1, Math.round((now - intended) * 1000)));
      if (now <= this.windowEnd) this.sentInWindow++;
    }
  }

  private drain(drainMs: number, resolve: (result: WorkerResult) => void): void {
    const deadline = performance.now() + drainMs;
    const check = (): void => {
      const inFlight = this.inFlight();
      if (inFlight === 0 || performance.now() >= deadline) {
        for (const connection of this.connections) connection.socket.terminate();
        resolve({
          connected: this.connections.length,
          connectFailures: this.connectFailures,
          sent: this.sent,
          sentInWindow: this.sentInWindow,
          intendedInWindow: this.intendedInWindow,
          ackedInWindow: this.ackedInWindow,
          acked: this.acked,
          unacked: inFlight,
          skipped: this.skipped,
          errors: this.errors,
          closes: this.closes,
          windowMs: this.config.durationMs,
          latency: encodeHistogram(this.latency),
          sendLag: encodeHistogram(this.sendLag),
        });
        return;
      }
      setTimeout(check, 10);
    };
    check();
  }

  private inFlight(): number {
    let count = 0;
    for (const connection of this.connections) count += connection.seqs.length - connection.head;
    return count;
  }
}
