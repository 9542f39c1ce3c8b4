import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isNativeUws, startServer, type RunningServer } from '../src/index.js';

const startCli = fileURLToPath(new URL('../src/cli/start.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

describe('uWebSockets.js native binding', () => {
  let server: RunningServer | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'medtek-uws-'));
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is the native addon, not the JavaScript fallback', () => {
    // Run this file with UWS_USE_FALLBACK=1 and this assertion fails, as it must.
    expect(isNativeUws()).toBe(true);
  });

  it('serves HTTP with the native engine header', async () => {
    server = await startServer({ config: { port: 0, dataDir } });
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('uwebsockets')).toBe('20');
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('refuses to start a server on the fallback shim with a clear message', () => {
    const child = spawnSync(tsx, [startCli, '--port', '0', '--data-dir', dataDir], {
      env: { ...process.env, UWS_USE_FALLBACK: '1' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(child.stdout).not.toContain('listening');
    expect(child.status).toBe(1);
    expect(child.stderr).toContain('uWebSockets.js native binding did not load');
  });
});
