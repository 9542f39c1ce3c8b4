import { ErrorCode } from '@medtek/core';
import { createLocalJWKSet, createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { ServerConfig } from '../config/schema.js';
import type { DevTokenKey } from './dev-token-key.js';
import { MedtekClaims, type Principal } from './principal.js';

export type TokenConfig = ServerConfig['token'];

export type TokenVerification =
  | { ok: true; principal: Principal }
  | { ok: false; code: typeof ErrorCode.AuthFailed | typeof ErrorCode.TokenExpired; message: string };

export interface TokenVerifier {
  /** Verifies a widget token; `now` (epoch ms, default the real time) exists for tests. Never throws. */
  verify(token: string, now?: number): Promise<TokenVerification>;
}

/** Tokens longer than this are refused before any parsing (a JWT with a few claims is < 2 KiB). */
const MAX_TOKEN_LENGTH = 8_192;

/**
 * Verifies the host portal's tokens with jose: algorithms pinned, issuer and audience required, clock tolerance
 * ≤ 60 s, maximum token age, `exp`/`iat`/`sub` required. Keys come from the JWKS URL in production, or from the
 * local development key when no JWKS URL is configured.
 */
export function createTokenVerifier(config: TokenConfig, devKey?: DevTokenKey): TokenVerifier {
  let keys: JWTVerifyGetKey;
  if (config.jwksUrl !== undefined) {
    keys = createRemoteJWKSet(new URL(config.jwksUrl));
  } else if (devKey !== undefined) {
    keys = createLocalJWKSet({ keys: [devKey.publicJwk] });
  } else {
    throw new Error('token verification needs token.jwksUrl (production) or the local development key');
  }
  return {
    async verify(token, now) {
      if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
        return { ok: false, code: ErrorCode.AuthFailed, message: 'token missing or too long' };
      }
      try {
        const { payload } = await jwtVerify(token, keys, {
          algorithms: config.algorithms,
          issuer: config.issuer,
          audience: config.audience,
          clockTolerance: config.clockToleranceSec,
          maxTokenAge: config.maxTokenAgeSec,
          requiredClaims: ['exp', 'iat', 'sub'],
          ...(now !== undefined ? { currentDate: new Date(now) } : {}),
        });
        const claims = MedtekClaims.safeParse(payload);
        if (!claims.success) {
          const fields = [...new Set(claims.error.issues.map((i) => i.path.join('.') || '(root)'))].join(', ');
          return { ok: false, code: ErrorCode.AuthFailed, message: `token claims invalid: ${fields}` };
        }
        const { sub, role, teams, name, exp } = claims.data;
        const principal: Principal = { userId: sub, role, teamIds: teams, exp: exp * 1000 };
        if (name !== undefined) principal.name = name;
        return { ok: true, principal };
      } catch (error) {
        if (error instanceof errors.JWTExpired) {
          return { ok: false, code: ErrorCode.TokenExpired, message: 'token expired' };
        }
        // jose's messages name the failed check (signature, "iss" claim, algorithm) and never echo the token.
        const message = error instanceof errors.JOSEError ? error.message : 'token verification failed';
        return { ok: false, code: ErrorCode.AuthFailed, message };
      }
    },
  };
}
