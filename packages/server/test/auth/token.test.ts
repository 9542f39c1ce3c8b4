import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base64url, exportSPKI, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevTokenIssuer, type DevTokenIssuer, loadOrCreateDevTokenKey } from '../../src/auth/dev-token-key.js';
import { createTokenVerifier, type TokenConfig, type TokenVerifier } from '../../src/auth/token.js';

const NOW = Date.parse('2026-11-25T08:00:00Z');
const config: TokenConfig = {
  issuer: 'https://portal.example.dk',
  audience: 'medtek',
  algorithms: ['ES256'],
  clockToleranceSec: 30,
  maxTokenAgeSec: 3_600,
};
const user = { sub: 'u-1', role: 'superuser' as const, teams: ['eteam'], name: 'Sanne' };

let dir: string;
let issuer: DevTokenIssuer;
let verifier: TokenVerifier;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'medtek-token-'));
  const key = await loadOrCreateDevTokenKey(join(dir, 'dev-token-key.json'));
  issuer = createDevTokenIssuer(key, config.issuer, config.audience);
  verifier = createTokenVerifier(config, key);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Signs arbitrary claims with the development key (for the negative cases). */
function sign(claims: Record<string, unknown>, header: { alg: string } = { alg: 'ES256' }): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ ...header, kid: issuer.key.kid }).sign(issuer.key.privateKey);
}
const iat = Math.floor(NOW / 1000);
const base = {
  iss: config.issuer,
  aud: config.audience,
  sub: 'u-1',
  role: 'staff',
  teams: ['t-a'],
  iat,
  exp: iat + 600,
};

describe('widget token verification', () => {
  it('accepts a good token and maps its claims to a principal', async () => {
    const token = await issuer.issueDevToken(user, 600, NOW);
    expect(await verifier.verify(token, NOW + 1_000)).toEqual({
      ok: true,
      principal: { userId: 'u-1', role: 'superuser', teamIds: ['eteam'], name: 'Sanne', exp: NOW + 600_000 },
    });
  });

  it('persists the development key (0600) so tokens survive a restart', async () => {
    const file = join(dir, 'dev-token-key.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = await loadOrCreateDevTokenKey(file);
    expect(again.kid).toBe(issuer.key.kid);
    const token = await issuer.issueDevToken(user, 600, NOW);
    expect((await createTokenVerifier(config, again).verify(token, NOW)).ok).toBe(true);
  });

  it('refuses an expired token with token_expired', async () => {
    const token = await issuer.issueDevToken(user, 60, NOW);
    expect(await verifier.verify(token, NOW + 60_000 + 31_000)).toMatchObject({ ok: false, code: 'token_expired' });
    // within the 30 s tolerance it still passes
    expect((await verifier.verify(token, NOW + 60_000 + 29_000)).ok).toBe(true);
  });

  it('refuses a token older than maxTokenAge even if exp is far away', async () => {
    const token = await issuer.issueDevToken(user, 86_400, NOW);
    expect(await verifier.verify(token, NOW + 3_600_000 + 60_000)).toMatchObject({ ok: false });
  });

  it('refuses alg none', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const payload = base64url.encode(JSON.stringify(base));
    expect(await verifier.verify(`${header}.${payload}.`, NOW)).toMatchObject({ ok: false, code: 'auth_failed' });
  });

  it('refuses HS256 signed with the public key as the secret (algorithm confusion)', async () => {
    const publicPem = await exportSPKI(issuer.key.publicKey);
    const token = await new SignJWT(base)
      .setProtectedHeader({ alg: 'HS256', kid: issuer.key.kid })
      .sign(new TextEncoder().encode(publicPem));
    expect(await verifier.verify(token, NOW)).toMatchObject({ ok: false, code: 'auth_failed' });
  });

  it('refuses a wrong issuer and a wrong audience', async () => {
    expect(await verifier.verify(await sign({ ...base, iss: 'https://evil.example' }), NOW)).toMatchObject({
      ok: false,
      message: expect.stringContaining('iss') as string,
    });
    expect(await verifier.verify(await sign({ ...base, aud: 'other-service' }), NOW)).toMatchObject({
      ok: false,
      message: expect.stringContaining('aud') as string,
    });
    const { iss: _iss, ...noIssuer } = base;
    expect((await verifier.verify(await sign(noIssuer), NOW)).ok).toBe(false);
  });

  it('refuses a future nbf beyond the clock tolerance but allows one within it', async () => {
    expect((await verifier.verify(await sign({ ...base, nbf: iat + 120 }), NOW)).ok).toBe(false);
    expect((await verifier.verify(await sign({ ...base, nbf: iat + 10 }), NOW)).ok).toBe(true);
  });

  it('refuses a tampered signature and a tampered payload', async () => {
    const token = await issuer.issueDevToken(user, 600, NOW);
    const [h, p, s] = token.split('.') as [string, string, string];
    const flipped = s.slice(0, 10) + (s[10] === 'A' ? 'B' : 'A') + s.slice(11);
    expect(await verifier.verify(`${h}.${p}.${flipped}`, NOW)).toMatchObject({ ok: false, code: 'auth_failed' });
    const admin = base64url.encode(JSON.stringify({ ...base, role: 'administrator' }));
    expect(await verifier.verify(`${h}.${admin}.${s}`, NOW)).toMatchObject({ ok: false, code: 'auth_failed' });
  });

  it('refuses an unknown role and missing teams', async () => {
    expect(await verifier.verify(await sign({ ...base, role: 'root' }), NOW)).toMatchObject({
      ok: false,
      message: expect.stringContaining('role') as string,
    });
    const { teams: _teams, ...noTeams } = base;
    expect(await verifier.verify(await sign(noTeams), NOW)).toMatchObject({
      ok: false,
      message: expect.stringContaining('teams') as string,
    });
  });

  it('refuses garbage and oversized tokens without throwing', async () => {
    expect((await verifier.verify('not-a-jwt', NOW)).ok).toBe(false);
    expect((await verifier.verify('', NOW)).ok).toBe(false);
    expect((await verifier.verify('a'.repeat(10_000), NOW)).ok).toBe(false);
  });

  it('verifies with a remote JWKS in production mode', async () => {
    const jwks = JSON.stringify({ keys: [issuer.key.publicJwk] });
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const remote = createTokenVerifier({ ...config, jwksUrl: `http://127.0.0.1:${port}/jwks.json` });
      const token = await issuer.issueDevToken(user, 600, NOW);
      expect(await remote.verify(token, NOW)).toMatchObject({ ok: true, principal: { userId: 'u-1' } });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('needs a JWKS URL or the development key', () => {
    expect(() => createTokenVerifier(config)).toThrow(/jwksUrl/);
  });
});
