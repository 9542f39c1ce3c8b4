import { createHmac } from 'node:crypto';

/**
 * The device's answer to a challenge: HMAC-SHA256(secret, nonce ‖ utf8(deviceId) ‖ u64be(deviceTime)).
 * The simulator is separate "firmware", so it carries its own small implementation of the documented formula.
 */
export function signDeviceChallenge(
  secret: Uint8Array,
  nonce: Uint8Array,
  deviceId: string,
  deviceTime: number,
): Uint8Array {
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(deviceTime));
  const mac = createHmac('sha256', secret).update(nonce).update(Buffer.from(deviceId, 'utf8')).update(time).digest();
  return new Uint8Array(mac.buffer, mac.byteOffset, mac.byteLength);
}
