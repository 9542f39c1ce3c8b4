import type { DeviceEvent } from '@medtek/core';
import { describe, expect, it } from 'vitest';
import { DeviceClock } from '../../src/device/device-clock.js';
import { createRandom } from '../../src/random.js';
import { deviceHarness, SERVER_EPOCH } from '../helpers/device-harness.js';

const taken = (n: number): DeviceEvent => ({ kind: 'taken', slot: `2026-11-25T${String(n % 24).padStart(2, '0')}:00` });

describe('device runtime', () => {
  it('answers the challenge with a valid MAC, then says hello and sends a heartbeat', () => {
    const { scheduler, server, runtime } = deviceHarness();
    runtime.start();
    scheduler.advance(10);
    expect(server.authFailures).toEqual([]);
    expect(server.frames.map((f) => f.t)).toEqual(['auth', 'hello', 'status']);
    expect(runtime.state).toBe('online');
  });

  it('numbers events from 1 and drops them from the outbox once acknowledged', () => {
    const { scheduler, server, runtime } = deviceHarness();
    runtime.start();
    scheduler.advance(10);
    for (let i = 0; i < 5; i++) runtime.record(taken(i));
    scheduler.advance(10);
    expect(server.accepted.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(runtime.outbox.size()).toBe(0);
    expect(runtime.stats.acked).toBe(5);
  });

  it('keeps events while the network is down and replays them in order, in batches of at most 64', () => {
    const { scheduler, server, runtime } = deviceHarness();
    runtime.start();
    scheduler.advance(10);
    runtime.record(taken(0));
    scheduler.advance(10);
    runtime.setNetworkDown(true);
    for (let i = 1; i <= 150; i++) runtime.record(taken(i));
    scheduler.advance(5_000);
    expect(runtime.outbox.size()).toBe(150);
    runtime.setNetworkDown(false);
    scheduler.advance(120_000);
    expect(server.accepted.map((e) => e.seq)).toEqual(Array.from({ length: 151 }, (_, i) => i + 1));
    const batches = server.frames.filter((f) => f.t === 'batch');
    expect(batches.length).toBeGreaterThan(0);
    for (const batch of batches) expect(batch.events.length).toBeLessThanOrEqual(64);
    expect(runtime.outbox.size()).toBe(0);
  });

  it('resends unacknowledged events after a reconnect, and the server deduplicates them', () => {
    const { scheduler, server, runtime } = deviceHarness();
    runtime.start();
    scheduler.advance(10);
    server.autoAck = false;
    runtime.record(taken(1));
    runtime.record(taken(2));
    scheduler.advance(10);
    expect(server.accepted).toHaveLength(2);
    runtime.dropConnection();
    server.autoAck = true;
    scheduler.advance(60_000);
    expect(server.accepted.map((e) => e.seq)).toEqual([1, 2]);
    expect(runtime.outbox.size()).toBe(0);
    expect(runtime.stats.connects).toBe(2);
  });

  it('on resync resends from the expected seq', () => {
    const { scheduler, server, runtime } = deviceHarness();
    runtime.start();
    scheduler.advance(10);
    server.autoAck = false;
    runtime.record(taken(1));
    runtime.record(taken(2));
    scheduler.advance(10);
    // The server lost track of seq 2 (e.g. a dropped frame); it asks for it again.
    server.lastSeq = 1;
    server.accepted.pop();
    server.autoAck = true;
    server.send({ t: 'resync', expectedSeq: 2 });
    scheduler.advance(10);
    expect(server.accepted.map((e) => e.seq)).toEqual([1, 2]);
    expect(runtime.stats.resyncs).toBe(1);
    expect(runtime.outbox.size()).toBe(0);
  });

  it('reconnects with exponential backoff and seeded jitter (same seed, same delays)', () => {
    const attemptTimes = (seed: number): number[] => {
      const { scheduler, network, runtime } = deviceHarness({ random: createRandom(seed) });
      const times: number[] = [];
      network.accept = () => {
        times.push(scheduler.now());
        return false;
      };
      runtime.start();
      scheduler.advance(200_000);
      runtime.stop();
      return times;
    };
    const first = attemptTimes(1);
    expect(attemptTimes(1)).toEqual(first);
    const gaps = first.slice(1).map((t, i) => t - (first[i] as number));
    // Equal jitter: each gap lies in [cap/2, cap] with cap doubling from 500 ms up to 30 s.
    gaps.forEach((gap, attempt) => {
      const cap = Math.min(30_000, 500 * 2 ** attempt);
      expect(gap).toBeGreaterThanOrEqual(cap / 2);
      expect(gap).toBeLessThanOrEqual(cap + 2);
    });
    expect(gaps.length).toBeGreaterThan(6);
  });

  it('rejects nothing it cannot read: a garbage server frame is counted and ignored', () => {
    const { scheduler, network, runtime } = deviceHarness();
    runtime.start();
    scheduler.advance(10);
    network.lastPeer()!.send(new Uint8Array([0xc1, 0x00]));
    scheduler.advance(10);
    expect(runtime.stats.errors).toBe(1);
    expect(runtime.state).toBe('online');
  });

  it('forwards schedule and command frames to its listener', () => {
    const commands: string[] = [];
    const { scheduler, server, runtime } = deviceHarness({
      listener: {
        onCommand: (c) => commands.push(c.action),
        onSchedule: (s) => commands.push(`schedule:${s.revision}`),
      },
    });
    runtime.start();
    scheduler.advance(10);
    server.send({ t: 'command', id: 'c1', action: 'pause' });
    server.send({ t: 'schedule', revision: 3, slots: [] });
    scheduler.advance(10);
    expect(commands).toEqual(['pause', 'schedule:3']);
  });

  it('leaves no timers behind after stop', () => {
    const { scheduler, runtime } = deviceHarness();
    runtime.start();
    scheduler.advance(10);
    runtime.stop();
    scheduler.advance(10);
    expect(scheduler.pendingTimers()).toBe(0);
  });

  it('follows an accelerated server clock: device time advances at the server rate learnt from acks', () => {
    let serverNow = SERVER_EPOCH;
    const clock = new DeviceClock({ initialServerTime: 0 });
    const { scheduler, server, runtime } = deviceHarness({ clock });
    server.serverTime = () => serverNow;
    runtime.start();
    scheduler.advance(10);
    // The server runs 1,440× (a day per minute); it acks one event per second.
    for (let i = 0; i < 5; i++) {
      scheduler.advance(1_000);
      serverNow += 1_440_000;
      runtime.record(taken(i));
      scheduler.advance(2);
      serverNow += 2_880;
    }
    expect(clock.serverRate()).toBeCloseTo(1_440, -1);
    const before = runtime.deviceTime();
    scheduler.advance(1_000);
    expect(runtime.deviceTime() - before).toBeGreaterThan(1_400_000);
    expect(runtime.deviceTime() - before).toBeLessThan(1_500_000);
  });
});
