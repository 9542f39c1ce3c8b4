import {
  CloseCode,
  decodeLiveServerFrame,
  decodeServerToDeviceFrame,
  encodeDeviceFrame,
  encodeLiveClientFrame,
  ERROR_CODES,
  type EventFrame,
} from '@medtek/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDeviceAuth } from '../../src/auth/device-auth.js';
import { TestDevice } from '../support/clients.js';
import { applyRegistry, startTestServer, TEST_START, twoTeamFixture, type TestServer } from '../support/test-server.js';
import { deviceFrames, hostileFrames, liveFrames } from './support/fuzz-frames.js';
import { RawSocket } from './support/raw-socket.js';

/**
 * Fuzzing the real gateways over real sockets (reliability.md §3, goal 6): random, mutated and length-bomb frames to
 * /device and /live, before and after authentication. Every answer must be a valid frame with a documented code, every
 * close a documented close code, no exception may escape, and a bystander device keeps getting its acks. The codec's
 * own decoder fuzzing lives in packages/core/test/protocol. Long mode: MEDTEK_FUZZ_SCALE=100 (≥ 1M frames).
 */

const SCALE = Number(process.env.MEDTEK_FUZZ_SCALE ?? 1);
const TIMEOUT = 60_000 * SCALE;
const CLOSE_CODES = new Set<number>([...Object.values(CloseCode), 1006]);
const ORIGIN = 'http://localhost:8000';
const seed = Number(process.env.MEDTEK_FUZZ_SEED ?? 20261125);

describe('gateway fuzzing over sockets', () => {
  let test: TestServer;
  let bystander: TestDevice;
  let bystanderSeq = 0;
  let token: string;
  let framesSent = 0;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown): void => {
    uncaught.push(error);
  };

  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    test = await startTestServer({
      limits: {
        authTimeoutMs: 1_000,
        deviceRate: { perSecond: 100_000, burst: 100_000 },
        widgetRate: { perSecond: 100_000, burst: 100_000 },
      },
    });
    await applyRegistry(test.server, twoTeamFixture());
    bystander = await TestDevice.authenticated(test.server.url, 'dev-b1', test.server.deviceSecret('dev-b1'));
    token = await test.server.devTokens!.issueDevToken(
      { sub: 'fuzz-user', role: 'superuser', teams: ['team-a'] },
      3600,
    );
  });

  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    bystander.close();
    await test.stop();
    // ≥ 10,000 hostile frames over sockets in one `pnpm test` run.
    expect(framesSent).toBeGreaterThanOrEqual(10_000 * SCALE);
  });

  /** The bystander's next event is acknowledged: the server is up and other connections are unaffected. */
  async function bystanderStillServed(): Promise<void> {
    bystanderSeq++;
    const frame: EventFrame = {
      t: 'event',
      deviceId: 'dev-b1',
      seq: bystanderSeq,
      deviceTime: TEST_START,
      bootId: 'boot-1',
      e: { kind: 'lid_opened' },
    };
    bystander.send(frame);
    await bystander.frames.nextWhere((f) => f.t === 'ack' && f.upToSeq === bystanderSeq);
    expect(uncaught).toEqual([]);
  }

  function judgeDeviceAnswers(socket: RawSocket): void {
    for (const bytes of socket.received) {
      const decoded = decodeServerToDeviceFrame(bytes);
      expect(decoded.ok).toBe(true);
      if (decoded.ok && decoded.frame.t === 'error') expect(ERROR_CODES).toContain(decoded.frame.code);
    }
  }

  function judgeLiveAnswers(socket: RawSocket): void {
    for (const bytes of socket.received) {
      const decoded = decodeLiveServerFrame(bytes);
      expect(decoded.ok).toBe(true);
      if (decoded.ok && decoded.frame.t === 'error') expect(ERROR_CODES).toContain(decoded.frame.code);
    }
  }

  async function authenticatedDevice(): Promise<RawSocket> {
    const socket = await RawSocket.open(test.server.url, '/device');
    await socket.until(() => socket.received.length > 0);
    const challenge = decodeServerToDeviceFrame(socket.received[0]!);
    if (!challenge.ok || challenge.frame.t !== 'challenge') throw new Error('expected a challenge');
    const secret = test.server.deviceSecret('dev-a1');
    socket.send(
      encodeDeviceFrame({
        t: 'auth',
        v: 1,
        deviceId: 'dev-a1',
        deviceTime: TEST_START,
        mac: signDeviceAuth(secret, challenge.frame.nonce, 'dev-a1', TEST_START),
      }),
    );
    return socket;
  }

  it(
    '/device after authentication: hostile frames get coded errors or documented closes, never a crash',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(hostileFrames(deviceFrames('dev-a1')), { minLength: 5, maxLength: 30 }),
          async (frames) => {
            const socket = await authenticatedDevice();
            for (const bytes of frames) socket.send(bytes);
            framesSent += frames.length;
            // Probe: a well-formed next event is acknowledged (or resynced) unless the socket was rightly closed.
            const probeSeq = (test.server.engine.lastSeq('dev-a1') ?? 0) + 1;
            socket.send(
              encodeDeviceFrame({
                t: 'event',
                deviceId: 'dev-a1',
                seq: probeSeq,
                deviceTime: TEST_START,
                bootId: 'boot-fuzz',
                e: { kind: 'lid_opened' },
              }),
            );
            await socket.until(
              () =>
                socket.isClosed ||
                socket.received.some((bytes) => {
                  const decoded = decodeServerToDeviceFrame(bytes);
                  return (
                    decoded.ok &&
                    ((decoded.frame.t === 'ack' && decoded.frame.upToSeq >= probeSeq) || decoded.frame.t === 'resync')
                  );
                }),
            );
            judgeDeviceAnswers(socket);
            socket.close();
            if (socket.isClosed) expect(CLOSE_CODES).toContain((await socket.closed).code);
          },
        ),
        { numRuns: 300 * SCALE, seed },
      );
      await bystanderStillServed();
    },
    TIMEOUT,
  );

  it(
    '/device before authentication: any first frame closes the socket with a documented code',
    async () => {
      await fc.assert(
        fc.asyncProperty(hostileFrames(deviceFrames('dev-a1')), async (bytes) => {
          const socket = await RawSocket.open(test.server.url, '/device');
          await socket.until(() => socket.received.length > 0);
          socket.send(bytes);
          framesSent++;
          const { code } = await socket.closed;
          expect([CloseCode.AuthRequired, CloseCode.AuthFailed, CloseCode.AuthTimeout]).toContain(code);
          judgeDeviceAnswers(socket);
          expect(test.server.engine.lastSeq('dev-b1')).toBe(bystanderSeq);
        }),
        { numRuns: 1_500 * SCALE, seed },
      );
      await bystanderStillServed();
    },
    TIMEOUT,
  );

  it(
    '/live after authentication: hostile frames get coded errors or documented closes, never a crash',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(hostileFrames(liveFrames()), { minLength: 5, maxLength: 30 }), async (frames) => {
          const socket = await RawSocket.open(test.server.url, '/live', { origin: ORIGIN });
          socket.send(encodeLiveClientFrame({ t: 'auth', v: 1, token }));
          await socket.until(() => socket.received.length > 0 || socket.isClosed);
          const first = decodeLiveServerFrame(socket.received[0]!);
          expect(first.ok && first.frame.t).toBe('auth_ok');
          for (const bytes of frames) socket.send(bytes);
          framesSent += frames.length;
          socket.send(encodeLiveClientFrame({ t: 'ping' }));
          await socket.until(
            () =>
              socket.isClosed ||
              socket.received.some((bytes) => {
                const decoded = decodeLiveServerFrame(bytes);
                return decoded.ok && decoded.frame.t === 'pong';
              }),
          );
          judgeLiveAnswers(socket);
          socket.close();
          if (socket.isClosed) expect(CLOSE_CODES).toContain((await socket.closed).code);
        }),
        { numRuns: 300 * SCALE, seed },
      );
      await bystanderStillServed();
    },
    TIMEOUT,
  );

  it(
    '/live before authentication: any first frame but a valid token closes with a documented code',
    async () => {
      await fc.assert(
        fc.asyncProperty(hostileFrames(liveFrames()), async (bytes) => {
          const socket = await RawSocket.open(test.server.url, '/live', { origin: ORIGIN });
          socket.send(bytes);
          framesSent++;
          const { code } = await socket.closed;
          expect([CloseCode.AuthRequired, CloseCode.AuthFailed, CloseCode.AuthTimeout]).toContain(code);
          judgeLiveAnswers(socket);
        }),
        { numRuns: 1_500 * SCALE, seed },
      );
      await bystanderStillServed();
    },
    TIMEOUT,
  );
});
