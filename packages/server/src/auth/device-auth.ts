import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Challenge nonce length (bytes); the `challenge` frame carries it. */
export const NONCE_BYTES = 16;
/** HMAC-SHA256 output length (bytes); the `auth` frame's `mac`. */
export const MAC_BYTES = 32;
/** Server key and derived device secret length (bytes). */
export const KEY_BYTES = 32;

/** What the device's `auth` frame proves, with the nonce the server sent in its `challenge`. */
export interface DeviceAuthAttempt {
  nonce: Uint8Array;
  deviceId: string;
  /** The device's clock, epoch ms (a non-negative safe integer). */
  deviceTime: number;
  mac: Uint8Array;
}

/** A fresh 16-byte challenge nonce (one per connection). */
export function createChallenge(): Uint8Array {
  return new Uint8Array(randomBytes(NONCE_BYTES));
}

/**
 * The per-device secret: HMAC-SHA256(serverKey, utf8(deviceId)). Nothing secret is stored per device: the registry
 * keeps only metadata, and the secret can be re-derived (and is handed out once, at provisioning).
 */
export function deriveDeviceSecret(serverKey: Uint8Array, deviceId: string): Uint8Array {
  return new Uint8Array(createHmac('sha256', serverKey).update(deviceId, 'utf8').digest());
}

/**
 * The bytes the MAC covers: nonce (16) ‖ utf8(deviceId) (1–64) ‖ deviceTime as unsigned 64-bit big-endian (8).
 * Nonce and time have fixed lengths, so the concatenation is unambiguous without a length prefix.
 */
export function deviceAuthMessage(nonce: Uint8Array, deviceId: string, deviceTime: number): Uint8Array {
  if (nonce.length !== NONCE_BYTES) throw new RangeError(`nonce must be ${NONCE_BYTES} bytes, got ${nonce.length}`);
  if (!Number.isSafeInteger(deviceTime) || deviceTime < 0) {
    throw new RangeError(`deviceTime must be a non-negative safe integer, got ${deviceTime}`);
  }
  const id = Buffer.from(deviceId, 'utf8');
  const message = new Uint8Array(NONCE_BYTES + id.length + 8);
  message.set(nonce, 0);
  message.set(id, NONCE_BYTES);
  new DataView(message.buffer).setBigUint64(NONCE_BYTES + id.length, BigInt(deviceTime), false);
  return message;
}

/** The device side (simulator, tests): mac = HMAC-SHA256(secret, deviceAuthMessage(...)). */
export function signDeviceAuth(
  secret: Uint8Array,
  nonce: Uint8Array,
  deviceId: string,
  deviceTime: number,
): Uint8Array {
  return new Uint8Array(
    createHmac('sha256', secret)
      .update(deviceAuthMessage(nonce, deviceId, deviceTime))
      .digest(),
  );
}

/** True when `mac` answers the challenge for this device and secret. Constant-time; never throws on bad input. */
export function verifyDeviceAuth(attempt: DeviceAuthAttempt, secret: Uint8Array): boolean {
  if (attempt.mac.length !== MAC_BYTES || attempt.nonce.length !== NONCE_BYTES) return false;
  if (!Number.isSafeInteger(attempt.deviceTime) || attempt.deviceTime < 0) return false;
  const expected = signDeviceAuth(secret, attempt.nonce, attempt.deviceId, attempt.deviceTime);
  return timingSafeEqual(expected, attempt.mac);
}

/**
 * Server keys in use. During a rotation the previous key stays accepted (IoTDA's primary/secondary slots) until
 * every device has been re-provisioned with a secret derived from the current key.
 */
export interface DeviceKeyRing {
  current: Uint8Array;
  previous?: Uint8Array;
}

export type DeviceAuthOutcome = { ok: true; keySlot: 'current' | 'previous' } | { ok: false };

/** Verifies against the current key, then the previous one; `keySlot: 'previous'` means "re-provision this device". */
export function verifyDeviceAuthWithKeys(attempt: DeviceAuthAttempt, keys: DeviceKeyRing): DeviceAuthOutcome {
  if (verifyDeviceAuth(attempt, deriveDeviceSecret(keys.current, attempt.deviceId))) {
    return { ok: true, keySlot: 'current' };
  }
  if (keys.previous && verifyDeviceAuth(attempt, deriveDeviceSecret(keys.previous, attempt.deviceId))) {
    return { ok: true, keySlot: 'previous' };
  }
  return { ok: false };
}
