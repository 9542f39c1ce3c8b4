import {
  decodeServerToDeviceFrame,
  encodeDeviceFrame,
  PROTOCOL_VERSION,
  type EventFrame,
} from '../packages/core/src/index.js';
import { LiveClient, signDeviceChallenge, wsTransport, type Connection } from '../packages/device-sim/src/index.js';
import { newLatencyHistogram, summarize, type LatencySummary } from '../packages/device-sim/src/load/histogram.js';
import { BENCH_ORIGIN } from './fixtures.js';
import { benchDeviceSecret } from './targets.js';

interface ProbeDevice {
  deviceId: string;
  connection: Connection;
  seq: number;
  /** Intended send times (performance.now ms) of triggers not yet seen as an alarm frame, oldest first. */
  pending: number[];
}

export interface AlarmProbeResult {
  triggers: number;
  /** Triggers whose alarm frame reached the subscriber. */
  seen: number;
  /** Intended trigger time → alarm frame at the live subscriber. */
  latency: LatencySummary;
}

/**
 * Device → alarm → subscriber latency: probe devices send `help_requested` events at fixed intended times (open
 * loop); a live subscriber (dev token, `/live`) records when each device's alarm frame arrives. Each trigger raises
 * (or re-raises) the device's open help alarm, which the server publishes only after the event is durable.
 */
export class AlarmProbe {
  private readonly devices: ProbeDevice[] = [];
  private logIndex = 0;

  private constructor(private readonly live: LiveClient) {}

  /** Connects and authenticates `deviceIds` on `deviceUrl` and a subscriber on `liveUrl`. */
  static async connect(deviceUrl: string, liveUrl: string, token: string, deviceIds: string[]): Promise<AlarmProbe> {
    const live = await LiveClient.connect(liveUrl, token, BENCH_ORIGIN);
    const probe = new AlarmProbe(live);
    await Promise.all(deviceIds.map((deviceId) => probe.openDevice(deviceUrl, deviceId)));
    // Skip the subscription's snapshot: only frames caused by our triggers count.
    await live.waitFor(() => live.alarmLog.length >= 0, 1_000, 'snapshot');
    probe.logIndex = live.alarmLog.length;
    return probe;
  }

  private openDevice(url: string, deviceId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const transport = wsTransport();
      const device: ProbeDevice = { deviceId, seq: 0, pending: [], connection: undefined as unknown as Connection };
      device.connection = transport(url, {
        onOpen: () => undefined,
        onMessage: (data) => {
          const decoded = decodeServerToDeviceFrame(data);
          if (!decoded.ok || decoded.frame.t !== 'challenge') return;
          const deviceTime = Date.now();
          const mac = signDeviceChallenge(benchDeviceSecret(deviceId), decoded.frame.nonce, deviceId, deviceTime);
          device.connection.send(encodeDeviceFrame({ t: 'auth', v: PROTOCOL_VERSION, deviceId, deviceTime, mac }));
          device.connection.send(
            encodeDeviceFrame({
              t: 'hello',
              deviceType: 'medido',
              firmware: 'bench-probe',
              capabilities: ['remind', 'dispense'],
              bootId: 'probe',
              deviceTime,
            }),
          );
          // Success is silent; a refusal closes the socket at once.
          setTimeout(() => {
            this.devices.push(device);
            resolve();
          }, 100);
        },
        onClose: (code, reason) => reject(new Error(`probe device ${deviceId} closed: ${code} ${reason}`)),
      });
    });
  }

  /** Triggers at `ratePerSecond` for `durationMs` (open loop), then waits up to `drainMs` for the last alarms. */
  async run(ratePerSecond: number, durationMs: number, drainMs = 2_000): Promise<AlarmProbeResult> {
    const histogram = newLatencyHistogram();
    const interval = 1000 / ratePerSecond;
    const total = Math.max(1, Math.floor((ratePerSecond * durationMs) / 1000));
    const t0 = performance.now() + 5;
    let sent = 0;
    let seen = 0;
    const collect = (): void => {
      const log = this.live.alarmLog;
      for (; this.logIndex < log.length; this.logIndex++) {
        const entry = log[this.logIndex]!;
        if (entry.alarm.type !== 'help_requested') continue;
        const device = this.devices.find((d) => d.deviceId === entry.alarm.deviceId);
        const intended = device?.pending.shift();
        if (intended === undefined) continue;
        // One delta may cover several triggers of the same device (coalesced): all of them are answered by it.
        histogram.recordValue(Math.max(1, Math.round((entry.at - intended) * 1000)));
        seen++;
        while (device!.pending.length > 0) {
          histogram.recordValue(Math.max(1, Math.round((entry.at - device!.pending.shift()!) * 1000)));
          seen++;
        }
      }
    };
    await new Promise<void>((resolve) => {
      const turn = (): void => {
        collect();
        const now = performance.now();
        while (sent < total && t0 + sent * interval <= now) {
          const device = this.devices[sent % this.devices.length]!;
          const intended = t0 + sent * interval;
          const event: EventFrame = {
            t: 'event',
            deviceId: device.deviceId,
            seq: ++device.seq,
            deviceTime: Date.now(),
            bootId: 'probe',
            e: { kind: 'help_requested' },
          };
          device.pending.push(intended);
          device.connection.send(encodeDeviceFrame(event));
          sent++;
        }
        if (sent < total) setTimeout(turn, Math.max(0, t0 + sent * interval - performance.now()));
        else resolve();
      };
      turn();
    });
    const deadline = performance.now() + drainMs;
    while (seen < sent && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      collect();
    }
    for (const device of this.devices) device.pending.length = 0;
    return { triggers: sent, seen, latency: summarize(histogram) };
  }

  close(): void {
    this.live.close();
    for (const device of this.devices) device.connection.terminate();
  }
}
