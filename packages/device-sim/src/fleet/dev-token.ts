import { createHash, createPrivateKey, sign, type JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TokenSource } from './rest-client.js';

export interface DevTokenOptions {
  /** `iss` / `aud` the server expects (its `token.issuer` / `token.audience`; defaults `medtek-dev` / `medtek`). */
  issuer?: string;
  audience?: string;
  /** Token lifetime; a fresh one is signed when half of it has passed (the server refuses tokens older than 1 h). */
  ttlSec?: number;
  subject?: string;
}

const base64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/** RFC 7638 thumbprint of an EC public key: the `kid` the server's development issuer uses too. */
function thumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url');
}

/**
 * A token source from a file: either the server's development signing key (`<dataDir>/dev-token-key.json`, a private
 * ES256 JWK), from which administrator tokens are signed and renewed, or a file holding a bearer token as text.
 */
export function tokenFromFile(file: string, options: DevTokenOptions = {}): TokenSource {
  const text = readFileSync(file, 'utf8').trim();
  let jwk: JsonWebKey | undefined;
  try {
    const parsed = JSON.parse(text) as JsonWebKey;
    if (parsed.kty === 'EC' && typeof parsed.d === 'string') jwk = parsed;
  } catch {
    // Not JSON: the file holds a token.
  }
  if (!jwk) return text;
  const key = createPrivateKey({ key: jwk, format: 'jwk' });
  const kid = thumbprint(jwk);
  const ttlSec = options.ttlSec ?? 3_000;
  let cached: { token: string; renewAt: number } | undefined;
  return () => {
    const now = Date.now();
    if (cached && now < cached.renewAt) return cached.token;
    const iat = Math.floor(now / 1000);
    const header = base64url(JSON.stringify({ alg: 'ES256', kid, typ: 'JWT' }));
    const payload = base64url(
      JSON.stringify({
        role: 'administrator',
        teams: [],
        name: 'Device simulator',
        iss: options.issuer ?? 'medtek-dev',
        aud: options.audience ?? 'medtek',
        sub: options.subject ?? 'device-sim',
        iat,
        exp: iat + ttlSec,
      }),
    );
    // JWS ES256 wants the raw r‖s signature, not DER.
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), { key, dsaEncoding: 'ieee-p1363' });
    cached = { token: `${header}.${payload}.${base64url(signature)}`, renewAt: now + (ttlSec * 1000) / 2 };
    return cached.token;
  };
}
