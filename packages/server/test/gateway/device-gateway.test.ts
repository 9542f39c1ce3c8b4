import { CloseCode, encodeDeviceFrame, ErrorCode, type EventFrame } from '@medtek/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestDevice } from '../support/clients.js';
import { applyRegistry, startTestServer, TEST_START, twoTeamFixture, type TestServer } from '../support/test-server.js';

const event = (seq: number, kind: 'dose_due' | 'taken' = 'dose_due'): EventFrame => ({
  t: 'event',
  deviceId: 'dev-a1',
  seq,
  deviceTime: TEST_START + seq,
  bootId: 'boot-1',
  e: { kind, slot: '2026-11-25T08:00' },
});

describe('device gateway (/device)', () => {
  let test: TestServer;
  beforeEach(async () => {
    test = await startTestServer({ limits: { authTimeoutMs: 300 } });
    await applyRegistry(test.server, twoTeamFixture());
  });
  afterEach(async () => {
    await test.stop();
  });

  const secretOf = (deviceId: string) => test.server.deviceSecret(deviceId);

  it('challenges, authenticates a device with its secret and acks its events cumulatively', async () => {
    const device = await TestDevice.connect(test.server.url);
    expect(device.challenge.nonce).toHaveLength(16);
    expect(device.challenge.serverTime).toBe(TEST_START);
    device.auth('dev-a1', secretOf('dev-a1'));
    device.send({
      t: 'hello',
      deviceType: 'medido',
      firmware: '1.0',
      capabilities: [],
      bootId: 'boot-1',
      deviceTime: TEST_START,
    });
    device.send(event(1));
    device.send(event(2));
    const ack = await device.frames.nextWhere((f) => f.t === 'ack' && f.upToSeq === 2);
    expect(ack).toMatchObject({ t: 'ack', upToSeq: 2, serverTime: TEST_START });
    expect(test.server.engine.lastSeq('dev-a1')).toBe(2);
    device.close();
  });

  it('refuses a wrong secret with auth_failed and close code 4002', async () => {
    const device = await TestDevice.connect(test.server.url);
    device.auth('dev-a1', secretOf('dev-b1'));
    expect(await device.frames.next()).toMatchObject({ t: 'error', code: ErrorCode.AuthFailed });
    expect((await device.frames.closed).code).toBe(CloseCode.AuthFailed);
  });

  it('refuses an unknown device exactly like a bad secret (no oracle)', async () => {
    const device = await TestDevice.connect(test.server.url);
    device.auth('dev-unknown', secretOf('dev-unknown'));
    expect(await device.frames.next()).toMatchObject({ t: 'error', code: ErrorCode.AuthFailed });
    expect((await device.frames.closed).code).toBe(CloseCode.AuthFailed);
  });

  it('closes a socket that does not answer the challenge in time with 4001', async () => {
    const device = await TestDevice.connect(test.server.url);
    expect((await device.frames.closed).code).toBe(CloseCode.AuthTimeout);
  });

  it('processes nothing before authentication: any other first frame closes with 4003', async () => {
    const device = await TestDevice.connect(test.server.url);
    device.send(event(1));
    expect(await device.frames.next()).toMatchObject({ t: 'error', code: ErrorCode.AuthRequired });
    expect((await device.frames.closed).code).toBe(CloseCode.AuthRequired);
    expect(test.server.engine.lastSeq('dev-a1') ?? 0).toBe(0);
  });

  it('does not let a device send as another device', async () => {
    const device = await TestDevice.authenticated(test.server.url, 'dev-a1', secretOf('dev-a1'));
    device.send({ ...event(1), deviceId: 'dev-b1' });
    expect(await device.frames.next()).toMatchObject({ t: 'error', code: ErrorCode.Forbidden });
    expect((await device.frames.closed).code).toBe(CloseCode.Forbidden);
    expect(test.server.engine.lastSeq('dev-b1') ?? 0).toBe(0);
  });

  it('rejects a replayed authentication frame on a new connection (fresh nonce)', async () => {
    const first = await TestDevice.connect(test.server.url);
    const mac = encodeDeviceFrame({
      t: 'auth',
      v: 1,
      deviceId: 'dev-a1',
      deviceTime: TEST_START,
      mac: (await import('../../src/auth/device-auth.js')).signDeviceAuth(
        secretOf('dev-a1'),
        first.challenge.nonce,
        'dev-a1',
        TEST_START,
      ),
    });
    first.close();
    const second = await TestDevice.connect(test.server.url);
    second.sendRaw(mac);
    expect((await second.frames.closed).code).toBe(CloseCode.AuthFailed);
  });

  it('re-acks duplicates without applying them twice, and asks for a resync on a gap', async () => {
    const device = await TestDevice.authenticated(test.server.url, 'dev-a1', secretOf('dev-a1'));
    device.send(event(1));
    await device.frames.nextWhere((f) => f.t === 'ack' && f.upToSeq === 1);
    const journaled = test.server.journal.nextRecordPosition;
    device.send(event(1));
    expect(await device.frames.nextWhere((f) => f.t === 'ack')).toMatchObject({ upToSeq: 1 });
    expect(test.server.journal.nextRecordPosition).toBe(journaled);
    device.send(event(3));
    expect(await device.frames.nextWhere((f) => f.t === 'resync')).toMatchObject({ expectedSeq: 2 });
    expect(test.server.engine.lastSeq('dev-a1')).toBe(1);
  });

  it('applies a replayed batch in order and acks up to its last event', async () => {
    const device = await TestDevice.authenticated(test.server.url, 'dev-a1', secretOf('dev-a1'));
    device.send({ t: 'batch', events: [event(1), event(2), event(3, 'taken')] });
    expect(await device.frames.nextWhere((f) => f.t === 'ack' && f.upToSeq === 3)).toMatchObject({ upToSeq: 3 });
    expect(test.server.engine.dose('cit-a1', '2026-11-25T08:00')).toBeDefined();
  });

  it('answers garbage with a coded error and keeps the connection and other devices working', async () => {
    const a = await TestDevice.authenticated(test.server.url, 'dev-a1', secretOf('dev-a1'));
    const b = await TestDevice.authenticated(test.server.url, 'dev-b1', secretOf('dev-b1'));
    a.sendRaw(new Uint8Array([0xc1, 0xff, 0x00]));
    expect(await a.frames.nextWhere((f) => f.t === 'error')).toMatchObject({ code: ErrorCode.MalformedMsgpack });
    b.send({ ...event(1), deviceId: 'dev-b1' });
    expect(await b.frames.nextWhere((f) => f.t === 'ack')).toMatchObject({ upToSeq: 1 });
    a.send(event(1));
    expect(await a.frames.nextWhere((f) => f.t === 'ack')).toMatchObject({ upToSeq: 1 });
  });

  it('answers an oversize frame with frame_too_large and close code 1009', async () => {
    const device = await TestDevice.authenticated(test.server.url, 'dev-a1', secretOf('dev-a1'));
    device.sendRaw(new Uint8Array(20_000).fill(0x90));
    expect(await device.frames.nextWhere((f) => f.t === 'error')).toMatchObject({ code: ErrorCode.FrameTooLarge });
    expect((await device.frames.closed).code).toBe(CloseCode.MessageTooBig);
  });

  it('tells a reconnecting device how far the server got, so it replays only the rest', async () => {
    const first = await TestDevice.authenticated(test.server.url, 'dev-a1', secretOf('dev-a1'));
    first.send(event(1));
    first.send(event(2));
    await first.frames.nextWhere((f) => f.t === 'ack' && f.upToSeq === 2);
    first.close();
    await first.frames.closed;
    const again = await TestDevice.authenticated(test.server.url, 'dev-a1', secretOf('dev-a1'));
    expect(await again.frames.nextWhere((f) => f.t === 'ack')).toMatchObject({ upToSeq: 2 });
  });

  it('has the same open alarms, device states and dose states after a restart, from the snapshot or the journal alone', async () => {
    const device = await TestDevice.authenticated(test.server.url, 'dev-a1', secretOf('dev-a1'));
    device.send(event(1));
    device.send(event(2, 'taken'));
    device.send({ ...event(3), e: { kind: 'help_requested' } });
    device.send({ ...event(4), e: { kind: 'battery_low', battery: 11 } });
    await device.frames.nextWhere((f) => f.t === 'ack' && f.upToSeq === 4);
    device.close();
    await device.frames.closed;
    const before = test.server.engine;
    const view = (engine: typeof before) => ({
      alarms: engine.alarms({ openOnly: true }),
      dose: engine.dose('cit-a1', '2026-11-25T08:00'),
      devices: engine.devices().map(({ online: _online, ...rest }) => rest),
      lastSeq: engine.lastSeq('dev-a1'),
    });
    const expected = view(before);
    expect(expected.alarms.map((a) => a.type)).toEqual(expect.arrayContaining(['battery_low', 'help_requested']));

    // Graceful restart: snapshot + (empty) journal tail.
    const restarted = await test.restart();
    expect(view(restarted.engine)).toEqual(expected);

    // As after a crash: no snapshot, the whole journal replayed into a fresh engine.
    const { Engine } = await import('@medtek/core');
    const { readJournalEntries } = await import('../../src/integrations/index.js');
    const fresh = new Engine({ heartbeatIntervalMs: restarted.config.heartbeatIntervalMs });
    for (const entry of await readJournalEntries(restarted.journal)) fresh.apply(entry.input, entry.now);
    expect(view(fresh)).toEqual(expected);
  });
});
