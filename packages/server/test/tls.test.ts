import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/index.js';

describe('optional TLS (uWS SSLApp with certificate paths)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'medtek-tls-'));
  let server: RunningServer;

  beforeAll(async () => {
    // A throwaway self-signed certificate for 127.0.0.1, made with the system's openssl.
    execFileSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]);
    server = await startServer({
      config: {
        port: 0,
        dataDir: join(dir, 'data'),
        tls: { certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') },
      },
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves HTTPS', async () => {
    expect(server.url).toMatch(/^https:/);
    const body = await new Promise<string>((resolve, reject) => {
      get(`${server.url}/healthz`, { rejectUnauthorized: false }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve(text));
      }).on('error', reject);
    });
    expect(JSON.parse(body)).toEqual({ status: 'ok' });
  });
});
