import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  ENV_OVERRIDES,
  loadConfig,
  parseOpenFileLimit,
  readOpenFileLimit,
  safeConnectionCap,
} from '../../src/config/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'medtek-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(content: unknown): string {
  const file = join(dir, 'medtek.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function loadError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives safe defaults with no file and no environment', () => {
    const config = loadConfig({ env: {}, cwd: dir, openFileLimit: 1024 });
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.dataDir).toBe(join(dir, 'data'));
    expect(config.paths.serverKeyFile).toBe(join(dir, 'data', 'device-server.key'));
    expect(config.limits.authTimeoutMs).toBe(5_000);
    expect(config.limits.maxPayloadBytes).toBe(16_384);
    expect(config.limits.maxConnections).toBe(safeConnectionCap(1024));
    expect(config.limits.maxConnections).toBeLessThan(1024);
    expect(config.token.algorithms).toEqual(['ES256']);
    expect(config.clock).toEqual({ mode: 'real' });
    expect(config.audit.retentionDays).toBeGreaterThanOrEqual(183);
    expect(config.allowedOrigins).toEqual([]);
  });

  it('reads the file, resolves its relative paths against the file, and lets the environment win', () => {
    const file = writeConfig({
      port: 9000,
      dataDir: 'state',
      allowedOrigins: ['https://cura.example.dk'],
      tls: { certFile: 'tls/cert.pem', keyFile: 'tls/key.pem' },
      limits: { deviceRate: { perSecond: 5, burst: 10 } },
    });
    const config = loadConfig({
      file,
      cwd: '/',
      openFileLimit: 20_000,
      env: {
        MEDTEK_PORT: '9443',
        MEDTEK_ALLOWED_ORIGINS: 'https://a.example.dk, https://b.example.dk',
        MEDTEK_DEVICE_RATE_BURST: '40',
        MEDTEK_JWKS_URL: 'https://idp.example.dk/.well-known/jwks.json',
        MEDTEK_TOKEN_ISSUER: 'https://idp.example.dk',
      },
    });
    expect(config.port).toBe(9443);
    expect(config.dataDir).toBe(join(dir, 'state'));
    expect(config.paths.registryFile).toBe(join(dir, 'state', 'registry.json'));
    expect(config.tls).toEqual({ certFile: join(dir, 'tls/cert.pem'), keyFile: join(dir, 'tls/key.pem') });
    expect(config.allowedOrigins).toEqual(['https://a.example.dk', 'https://b.example.dk']);
    expect(config.limits.deviceRate).toEqual({ perSecond: 5, burst: 40 });
    expect(config.token.jwksUrl).toBe('https://idp.example.dk/.well-known/jwks.json');
    expect(config.token.issuer).toBe('https://idp.example.dk');
  });

  it('names the bad field and the environment variable it came from', () => {
    const error = loadError(() => loadConfig({ env: { MEDTEK_PORT: 'eighty' }, cwd: dir, openFileLimit: 1024 }));
    expect(error.message).toContain('port (from MEDTEK_PORT)');
    expect(error.problems).toHaveLength(1);
  });

  it('names every bad field of the file', () => {
    const file = writeConfig({ port: 70_000, limits: { authTimeoutMs: 60_000 }, allowedOrigins: ['cura'], extra: 1 });
    const error = loadError(() => loadConfig({ file, env: {}, cwd: dir, openFileLimit: 1024 }));
    expect(error.message).toContain(`port (in ${file})`);
    expect(error.message).toContain('limits.authTimeoutMs');
    expect(error.message).toContain('allowedOrigins.0');
    expect(error.message).toMatch(/extra/);
  });

  it('refuses a token clock tolerance above 60 s and an HMAC algorithm', () => {
    const file = writeConfig({ token: { clockToleranceSec: 300, algorithms: ['HS256'] } });
    const error = loadError(() => loadConfig({ file, env: {}, cwd: dir, openFileLimit: 1024 }));
    expect(error.message).toContain('token.clockToleranceSec');
    expect(error.message).toContain('token.algorithms.0');
  });

  it('reports unreadable and malformed files clearly', () => {
    expect(() => loadConfig({ file: join(dir, 'missing.json'), env: {}, openFileLimit: 1024 })).toThrow(
      /cannot read config file .*missing\.json/,
    );
    const file = writeConfig('{ "port": ');
    expect(() => loadConfig({ file, env: {}, openFileLimit: 1024 })).toThrow(/is not valid JSON/);
  });

  it('refuses the manual clock unless allowManualClock is true', () => {
    const refused = loadError(() => loadConfig({ env: { MEDTEK_CLOCK: 'manual' }, cwd: dir, openFileLimit: 1024 }));
    expect(refused.message).toContain('clock.mode');
    expect(refused.message).toContain('allowManualClock');

    const config = loadConfig({
      env: {
        MEDTEK_CLOCK: 'manual',
        MEDTEK_CLOCK_START: '2026-03-29T00:30:00+01:00',
        MEDTEK_ALLOW_MANUAL_CLOCK: 'true',
      },
      cwd: dir,
      openFileLimit: 1024,
    });
    expect(config.clock).toEqual({ mode: 'manual', startAt: Date.parse('2026-03-28T23:30:00Z') });
  });

  it('switches the clock mode from the environment without keeping fields of the file mode', () => {
    const file = writeConfig({ clock: { mode: 'manual', startAt: 0 }, allowManualClock: true });
    const config = loadConfig({
      file,
      env: { MEDTEK_CLOCK: 'accelerated', MEDTEK_CLOCK_FACTOR: '60' },
      openFileLimit: 1024,
    });
    expect(config.clock).toEqual({ mode: 'accelerated', factor: 60 });
  });

  it('refuses a connection cap at the open-file limit, where uWS would spin', () => {
    const error = loadError(() =>
      loadConfig({ env: { MEDTEK_MAX_CONNECTIONS: '1024' }, cwd: dir, openFileLimit: 1024 }),
    );
    expect(error.message).toContain('limits.maxConnections (from MEDTEK_MAX_CONNECTIONS)');
    expect(
      loadConfig({ env: { MEDTEK_MAX_CONNECTIONS: '500' }, cwd: dir, openFileLimit: 1024 }).limits.maxConnections,
    ).toBe(500);
  });

  it('refuses an audit retention shorter than six months', () => {
    const error = loadError(() =>
      loadConfig({ env: { MEDTEK_AUDIT_RETENTION_DAYS: '30' }, cwd: dir, openFileLimit: 1024 }),
    );
    expect(error.message).toContain('audit.retentionDays');
  });

  it('names every environment override once, all under the MEDTEK_ prefix', () => {
    const names = ENV_OVERRIDES.map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((n) => n.startsWith('MEDTEK_'))).toBe(true);
  });
});

describe('open-file limit', () => {
  it('parses the soft limit from /proc/self/limits text', () => {
    const text = [
      'Limit                     Soft Limit           Hard Limit           Units',
      'Max open files            4096                 524288               files',
    ].join('\n');
    expect(parseOpenFileLimit(text)).toBe(4096);
    expect(parseOpenFileLimit('Max open files            unlimited            unlimited            files')).toBe(
      undefined,
    );
  });

  it('falls back to 1024 when the limits file cannot be read', () => {
    expect(readOpenFileLimit(join(dir, 'nope'))).toBe(1024);
  });

  it('keeps the cap at 90 % minus a reserve', () => {
    expect(safeConnectionCap(1024)).toBe(921 - 64);
    expect(safeConnectionCap(10)).toBe(1);
  });
});
