import { mkdtempSync, readFileSync, rmSync, statSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createChallenge,
  deriveDeviceSecret,
  deviceAuthMessage,
  signDeviceAuth,
  verifyDeviceAuth,
  verifyDeviceAuthWithKeys,
} from '../../src/auth/device-auth.js';
import { loadDeviceKeyRing, loadOrCreateServerKey } from '../../src/auth/server-key.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const fromHex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));

/** Known-answer vector, computed independently (Python hmac) — docs/protocol.md quotes it for vendors. */
const VECTOR = {
  serverKey: fromHex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'),
  deviceId: 'medido-0001',
  secret: '7d61680d270202f8fed2f05705d3b6a01ffdd156c4c87396c0ea40276f3eab59',
  nonce: fromHex('101112131415161718191a1b1c1d1e1f'),
  deviceTime: 1_764_054_000_000,
  message: '101112131415161718191a1b1c1d1e1f6d656469646f2d303030310000019ab9cfe180',
  mac: 'c0de0ab7c764717847d2fda5c415f4b2ca4570f8424a0788ed2abad02a1f8f9c',
};

describe('device challenge-response', () => {
  it('matches the documented byte layout and known-answer vector', () => {
    const secret = deriveDeviceSecret(VECTOR.serverKey, VECTOR.deviceId);
    expect(hex(secret)).toBe(VECTOR.secret);
    expect(hex(deviceAuthMessage(VECTOR.nonce, VECTOR.deviceId, VECTOR.deviceTime))).toBe(VECTOR.message);
    const mac = signDeviceAuth(secret, VECTOR.nonce, VECTOR.deviceId, VECTOR.deviceTime);
    expect(hex(mac)).toBe(VECTOR.mac);
    expect(
      verifyDeviceAuth({ nonce: VECTOR.nonce, deviceId: VECTOR.deviceId, deviceTime: VECTOR.deviceTime, mac }, secret),
    ).toBe(true);
  });

  it('creates fresh 16-byte nonces', () => {
    const a = createChallenge();
    const b = createChallenge();
    expect(a).toHaveLength(16);
    expect(hex(a)).not.toBe(hex(b));
  });

  it('refuses a wrong secret, another device id, a replayed nonce, another time, and malformed macs', () => {
    const key = VECTOR.serverKey;
    const secret = deriveDeviceSecret(key, 'dev-a');
    const nonce = createChallenge();
    const attempt = { nonce, deviceId: 'dev-a', deviceTime: 1_000, mac: signDeviceAuth(secret, nonce, 'dev-a', 1_000) };
    expect(verifyDeviceAuth(attempt, secret)).toBe(true);
    expect(verifyDeviceAuth(attempt, deriveDeviceSecret(key, 'dev-b'))).toBe(false);
    // dev-b answering with dev-a's mac, or dev-a claiming to be dev-b
    expect(verifyDeviceAuth({ ...attempt, deviceId: 'dev-b' }, deriveDeviceSecret(key, 'dev-b'))).toBe(false);
    expect(verifyDeviceAuth({ ...attempt, nonce: createChallenge() }, secret)).toBe(false);
    expect(verifyDeviceAuth({ ...attempt, deviceTime: 1_001 }, secret)).toBe(false);
    expect(verifyDeviceAuth({ ...attempt, mac: attempt.mac.subarray(0, 31) }, secret)).toBe(false);
    expect(verifyDeviceAuth({ ...attempt, mac: new Uint8Array(0) }, secret)).toBe(false);
    expect(verifyDeviceAuth({ ...attempt, nonce: nonce.subarray(0, 8) }, secret)).toBe(false);
    expect(verifyDeviceAuth({ ...attempt, deviceTime: -1 }, secret)).toBe(false);
    expect(verifyDeviceAuth({ ...attempt, deviceTime: 2 ** 60 }, secret)).toBe(false);
  });

  it('never throws and accepts only the right mac, for any input', () => {
    const secret = deriveDeviceSecret(VECTOR.serverKey, 'dev-x');
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 40 }),
        fc.string({ maxLength: 70 }),
        fc.oneof(fc.integer(), fc.double()),
        fc.uint8Array({ maxLength: 40 }),
        (nonce, deviceId, deviceTime, mac) => {
          const ok = verifyDeviceAuth({ nonce, deviceId, deviceTime, mac }, secret);
          const valid =
            nonce.length === 16 &&
            Number.isSafeInteger(deviceTime) &&
            deviceTime >= 0 &&
            hex(mac) === hex(signDeviceAuth(secret, nonce, deviceId, deviceTime));
          expect(ok).toBe(valid);
        },
      ),
    );
  });
});

describe('server key and rotation', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'medtek-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the server key once with mode 0600 and reads the same key afterwards', () => {
    const file = join(dir, 'data', 'device-server.key');
    const first = loadOrCreateServerKey(file);
    expect(first).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(hex(loadOrCreateServerKey(file))).toBe(hex(first));
  });

  it('refuses a key file others can read', () => {
    const file = join(dir, 'device-server.key');
    loadOrCreateServerKey(file);
    chmodSync(file, 0o644);
    expect(() => loadOrCreateServerKey(file)).toThrow(/readable by others.*chmod 600/);
  });

  it('accepts devices of the previous key during a rotation and says so', () => {
    const oldKey = VECTOR.serverKey;
    const newKey = fromHex('ff'.repeat(32));
    const ring = loadDeviceKeyRing({
      serverKey: hex(newKey),
      previousServerKey: hex(oldKey),
      serverKeyFile: join(dir, 'unused.key'),
    });
    const nonce = createChallenge();
    const sign = (key: Uint8Array) => ({
      nonce,
      deviceId: 'dev-r',
      deviceTime: 5,
      mac: signDeviceAuth(deriveDeviceSecret(key, 'dev-r'), nonce, 'dev-r', 5),
    });
    expect(verifyDeviceAuthWithKeys(sign(newKey), ring)).toEqual({ ok: true, keySlot: 'current' });
    expect(verifyDeviceAuthWithKeys(sign(oldKey), ring)).toEqual({ ok: true, keySlot: 'previous' });
    expect(verifyDeviceAuthWithKeys(sign(oldKey), { current: newKey })).toEqual({ ok: false });
    expect(() => loadDeviceKeyRing({ serverKey: 'abc', serverKeyFile: join(dir, 'k') })).toThrow(/64 hex digits/);
  });
});
