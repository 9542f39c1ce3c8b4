import { deriveDeviceSecret } from '../packages/server/src/auth/device-auth.js';
import type { LoadOptions } from '../packages/device-sim/src/index.js';
import { BENCH_SERVER_KEY_HEX } from './fixtures.js';
import type { ServerSpec } from './server-protocol.js';

/** The four servers of the ingest comparison, in the order they are interleaved. */
export const INGEST_TARGETS = ['medtek', 'uws-echo-raw', 'uws-ack', 'ws-ack'] as const;
export type IngestTarget = (typeof INGEST_TARGETS)[number];

const serverKey = Buffer.from(BENCH_SERVER_KEY_HEX, 'hex');

/** The per-device secret the benchmark server derives for `deviceId` (the key is fixed for the benchmark). */
export function benchDeviceSecret(deviceId: string): Uint8Array {
  return deriveDeviceSecret(serverKey, deviceId);
}

/** Server spec for a target; Medtek gets `devices` devices named `${prefix}-n` provisioned. */
export function serverSpecFor(target: IngestTarget, prefix: string, devices: number): ServerSpec {
  return target === 'medtek' ? { kind: 'medtek', devices: [{ prefix, count: devices }] } : { kind: target };
}

/** Load options that differ between Medtek (authenticated devices) and the baselines (no handshake). */
export function handshakeFor(target: IngestTarget, prefix: string): Partial<LoadOptions> {
  return target === 'medtek'
    ? { handshake: 'device', devicePrefix: prefix, secretFor: benchDeviceSecret }
    : { handshake: 'none', devicePrefix: prefix };
}
