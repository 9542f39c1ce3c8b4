import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/medtek-server.mjs', import.meta.url));

describe('medtek-server command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'medtek-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts from a config file with environment overrides, serves, and stops gracefully on SIGTERM', async () => {
    const configFile = join(dir, 'medtek.json');
    writeFileSync(configFile, JSON.stringify({ port: 0, heartbeatIntervalMs: 30_000 }));
    const child = spawn(process.execPath, [bin, '--config', configFile], {
      env: { ...process.env, MEDTEK_DATA_DIR: join(dir, 'data') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (\S+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('names the bad field of a broken configuration and exits 1', async () => {
    const configFile = join(dir, 'bad.json');
    writeFileSync(configFile, JSON.stringify({ port: 'eighty' }));
    const child = spawn(process.execPath, [bin, '--config', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain('port');
  });
});
