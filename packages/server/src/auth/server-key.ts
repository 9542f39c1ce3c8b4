import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type DeviceKeyRing, KEY_BYTES } from './device-auth.js';
import { assertPrivateFile, readOrCreateSecretFile } from './key-files.js';

function parseHexKey(text: string, source: string): Uint8Array {
  const hex = text.trim();
  if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== KEY_BYTES * 2) {
    throw new Error(`${source} must hold a ${KEY_BYTES}-byte key as ${KEY_BYTES * 2} hex digits`);
  }
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** The device server key from `file` (hex), generated with 32 random bytes (mode 0600) on first start. */
export function loadOrCreateServerKey(file: string): Uint8Array {
  const text = readOrCreateSecretFile(file, () => `${randomBytes(KEY_BYTES).toString('hex')}\n`);
  return parseHexKey(text, file);
}

function readExistingKey(file: string): Uint8Array {
  assertPrivateFile(file);
  return parseHexKey(readFileSync(file, 'utf8'), file);
}

export interface DeviceKeySources {
  /** Key given directly (hex), e.g. injected by a secret store; wins over the file. */
  serverKey?: string;
  /** Key file; created on first start when no key is given directly. */
  serverKeyFile: string;
  previousServerKey?: string;
  /** Must exist: a previous key is never generated. */
  previousServerKeyFile?: string;
}

/** The key ring for device authentication from configuration (see docs/server.md, key rotation). */
export function loadDeviceKeyRing(sources: DeviceKeySources): DeviceKeyRing {
  const current =
    sources.serverKey !== undefined
      ? parseHexKey(sources.serverKey, 'deviceAuth.serverKey')
      : loadOrCreateServerKey(sources.serverKeyFile);
  let previous: Uint8Array | undefined;
  if (sources.previousServerKey !== undefined) {
    previous = parseHexKey(sources.previousServerKey, 'deviceAuth.previousServerKey');
  } else if (sources.previousServerKeyFile !== undefined) {
    previous = readExistingKey(sources.previousServerKeyFile);
  }
  return previous ? { current, previous } : { current };
}
