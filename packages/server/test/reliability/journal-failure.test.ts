import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode, type EventFrame } from '@medtek/core';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryFileLayer } from '../../src/index.js';
import { TestDevice } from '../support/clients.js';
import { applyRegistry, startTestServer, TEST_START, twoTeamFixture, type TestServer } from '../support/test-server.js';
import { checkCrashRun } from './crash/checker.js';
import { crashRegistry, startCrashFleet } from './crash/crash-fleet.js';
import { provisionOverRest } from './crash/provision.js';
import { ServerProcess } from './crash/server-process.js';
import { TcpRelay } from './crash/tcp-relay.js';

/**
 * fsyncgate (reliability.md §2, goal 4): after a failed write or fsync the server acknowledges nothing more and
 * exits non-zero; a restart on what the disk really holds has every acknowledged event. The in-process fsync case
 * (no ack for the failed batch, none after) is in test/gateway/durability.test.ts; these add the write failure with a
 * power cut before the restart, and the real process exit on real files.
 */

const event = (seq: number): EventFrame => ({
  t: 'event',
  deviceId: 'dev-a1',
  seq,
  deviceTime: TEST_START,
  bootId: 'boot-1',
  e: { kind: 'lid_opened' },
});

describe('journal write or fsync failure', () => {
  let test: TestServer | undefined;
  afterEach(async () => {
    await test?.stop();
    test = undefined;
  });

  it('after a failed write: no ack for the batch, and after a power cut the restart holds exactly what was acked', async () => {
    const layer = new MemoryFileLayer();
    let reportFatal!: () => void;
    const failed = new Promise<void>((resolve) => (reportFatal = resolve));
    test = await startTestServer({}, { journalFileLayer: layer, onFatal: () => reportFatal() });
    await applyRegistry(test.server, twoTeamFixture());
    const device = await TestDevice.authenticated(test.server.url, 'dev-a1', test.server.deviceSecret('dev-a1'));
    device.send(event(1));
    device.send(event(2));
    await device.frames.nextWhere((f) => f.t === 'ack' && f.upToSeq === 2);
    const acksBefore = test.server.devices.counters.acksSent;

    layer.failOn('write');
    device.send(event(3));
    await failed;
    device.send(event(4));
    expect(await device.frames.nextWhere((f) => f.t === 'error')).toMatchObject({ code: ErrorCode.Internal });
    expect(test.server.devices.counters.acksSent).toBe(acksBefore);
    expect(device.frames.drain().filter((f) => f.t === 'ack')).toEqual([]);
    device.close();

    await test.server.close();
    layer.crash();
    const restarted = await test.restart(); // close() is idempotent: this only starts the new server
    expect(restarted.engine.lastSeq('dev-a1')).toBe(2);
    // The device still holds 3 and 4 in its outbox: it reconnects, learns where the server is and resends them.
    const again = await TestDevice.authenticated(restarted.url, 'dev-a1', restarted.deviceSecret('dev-a1'));
    expect(await again.frames.nextWhere((f) => f.t === 'ack')).toMatchObject({ upToSeq: 2 });
    again.send({ t: 'batch', events: [event(3), event(4)] });
    expect(await again.frames.nextWhere((f) => f.t === 'ack' && f.upToSeq === 4)).toMatchObject({ upToSeq: 4 });
    again.close();
  });

  it('a child-process server exits 70 on an fsync error; restarted on the same files it has every acked event', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'medtek-fsync-'));
    const relay = await TcpRelay.listen();
    const children: ServerProcess[] = [];
    try {
      // Provisioning takes a few syncs; the 40th fails while the devices are sending.
      const first = await ServerProcess.start({ dataDir, env: { MEDTEK_FAIL_JOURNAL: 'datasync:40' } });
      children.push(first.process);
      const secrets = await provisionOverRest({ url: first.ready.url, dataDir, ...crashRegistry(4) });
      relay.setTarget(first.ready.port);
      const fleet = startCrashFleet({ url: relay.url, secrets, seed: 7 });
      let exit: Awaited<typeof first.process.exited> | undefined;
      void first.process.exited.then((value) => (exit = value));
      while (exit === undefined) {
        fleet.record(2);
        await sleep(5);
      }
      expect(exit).toEqual({ code: 70, signal: null });
      expect(first.process.stderr.join('')).toMatch(/FATAL: journal failed/);
      const ackedBeforeFailure = fleet.devices.reduce((sum, device) => sum + device.maxAcked, 0);
      expect(ackedBeforeFailure).toBeGreaterThan(0);

      const second = await ServerProcess.start({ dataDir });
      children.push(second.process);
      relay.setTarget(second.ready.port);
      while (!fleet.drained()) await sleep(20);
      const outcomes = fleet.devices.map((device) => ({
        deviceId: device.deviceId,
        maxAcked: device.maxAcked,
        recorded: device.runtime.outbox.lastSeq(),
        outbox: device.runtime.outbox.size(),
      }));
      fleet.stop();
      const stopped = await second.process.stop();
      expect(second.process.stderr.join('')).toBe('');
      expect(stopped).toEqual({ code: 0, signal: null });
      const check = await checkCrashRun({
        journalDir: join(dataDir, 'journal'),
        heartbeatIntervalMs: 60_000,
        devices: outcomes,
      });
      expect(check.violations).toEqual([]);
      expect({ lost: check.lost, duplicates: check.duplicates, holes: check.holes }).toEqual({
        lost: 0,
        duplicates: 0,
        holes: 0,
      });
      expect(check.journaledEvents).toBe(fleet.recorded());
    } finally {
      for (const child of children) child.signal('SIGKILL'); // a no-op for the ones already gone
      await relay.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
