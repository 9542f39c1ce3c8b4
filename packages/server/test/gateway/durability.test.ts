import type { EventFrame } from '@medtek/core';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryFileLayer } from '../../src/index.js';
import { TestDevice } from '../support/clients.js';
import { applyRegistry, startTestServer, TEST_START, twoTeamFixture, type TestServer } from '../support/test-server.js';

const event = (seq: number): EventFrame => ({
  t: 'event',
  deviceId: 'dev-a1',
  seq,
  deviceTime: TEST_START,
  bootId: 'boot-1',
  e: { kind: 'dose_due', slot: '2026-11-25T08:00' },
});

describe('acknowledgement only after fsync', () => {
  let test: TestServer | undefined;
  afterEach(async () => {
    await test?.stop();
    test = undefined;
  });

  it('holds the ack while the journal batch is not yet synced, and sends it right after', async () => {
    const layer = new MemoryFileLayer();
    test = await startTestServer({}, { journalFileLayer: layer });
    await applyRegistry(test.server, twoTeamFixture());
    const device = await TestDevice.authenticated(test.server.url, 'dev-a1', test.server.deviceSecret('dev-a1'));

    const hold = layer.holdDatasync();
    device.send(event(1));
    await hold.started;
    // A malformed frame is answered at once, without the disk: it overtakes the ack if (and only if) the ack is held.
    device.sendRaw(new Uint8Array([0xc1]));
    expect(await device.frames.next()).toMatchObject({ t: 'error', code: 'malformed_msgpack' });
    expect(test.server.devices.counters.acksSent).toBe(0);
    hold.release();
    expect(await device.frames.next()).toMatchObject({ t: 'ack', upToSeq: 1 });
  });

  it('stops acknowledging and reports a fatal error when fsync fails', async () => {
    const layer = new MemoryFileLayer();
    const fatal: Error[] = [];
    let reportFatal!: () => void;
    const failed = new Promise<void>((resolve) => (reportFatal = resolve));
    test = await startTestServer(
      {},
      {
        journalFileLayer: layer,
        onFatal: (error) => {
          fatal.push(error);
          reportFatal();
        },
      },
    );
    await applyRegistry(test.server, twoTeamFixture());
    const device = await TestDevice.authenticated(test.server.url, 'dev-a1', test.server.deviceSecret('dev-a1'));

    layer.failOn('datasync');
    device.send(event(1));
    await failed;
    expect(fatal).toHaveLength(1);
    device.send(event(2));
    expect(await device.frames.next()).toMatchObject({ t: 'error', code: 'internal' });
    expect(test.server.devices.counters.acksSent).toBe(0);
    expect(test.server.engine.lastSeq('dev-a1')).toBe(1);
  });
});
