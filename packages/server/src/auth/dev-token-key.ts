import { existsSync } from 'node:fs';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK, SignJWT } from 'jose';
import type { Role, TeamId } from '@medtek/core';
import { readOrCreateSecretFile } from './key-files.js';

/** The local development signing key (ES256): stands in for the host portal's identity provider. */
export interface DevTokenKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** For a JWKS endpoint or a test verifier. */
  publicJwk: JWK;
}

/** Loads the development key pair from `file` (a private JWK, mode 0600), generating it on first use. */
export async function loadOrCreateDevTokenKey(file: string): Promise<DevTokenKey> {
  let fresh: string | undefined;
  if (!existsSync(file)) {
    const pair = await generateKeyPair('ES256', { extractable: true });
    fresh = JSON.stringify(await exportJWK(pair.privateKey));
  }
  const text = readOrCreateSecretFile(file, () => {
    if (fresh === undefined) throw new Error(`${file} vanished while it was being read`);
    return fresh;
  });
  const privateJwk = JSON.parse(text) as JWK;
  const { d: _d, ...publicJwk } = privateJwk;
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    kid,
    privateKey: (await importJWK({ ...privateJwk, alg: 'ES256' }, 'ES256')) as CryptoKey,
    publicKey: (await importJWK({ ...publicJwk, alg: 'ES256' }, 'ES256')) as CryptoKey,
    publicJwk: { ...publicJwk, kid, alg: 'ES256', use: 'sig' },
  };
}

export interface DevTokenClaims {
  sub: string;
  role: Role;
  teams: TeamId[];
  name?: string;
}

export interface DevTokenIssuer {
  readonly key: DevTokenKey;
  /** A signed ES256 token for `pnpm start` demos and tests; `ttlSec` seconds valid from `now` (epoch ms). */
  issueDevToken(claims: DevTokenClaims, ttlSec: number, now?: number): Promise<string>;
}

export function createDevTokenIssuer(key: DevTokenKey, issuer: string, audience: string): DevTokenIssuer {
  return {
    key,
    issueDevToken: async (claims, ttlSec, now = Date.now()) => {
      const iat = Math.floor(now / 1000);
      const payload: Record<string, unknown> = { role: claims.role, teams: claims.teams };
      if (claims.name !== undefined) payload.name = claims.name;
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(claims.sub)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttlSec)
        .sign(key.privateKey);
    },
  };
}
