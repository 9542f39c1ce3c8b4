import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode } from '@medtek/core';
import type { TemplatedApp, us_listen_socket } from 'uWebSockets.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import {
  ConnectionGate,
  HttpError,
  resolveStaticPath,
  RestRouter,
  serveStatic,
  upgradeIfAllowed,
} from '../../src/http/index.js';
import { uWS } from '../../src/transport/uws.js';

interface TestPrincipal {
  userId: string;
}

let app: TemplatedApp;
let listenSocket: us_listen_socket;
let base: string;
let staticDir: string;
const gate = new ConnectionGate(1);
const statuses: number[] = [];
const unexpected: unknown[] = [];

const CreateCitizen = z.strictObject({ id: z.string().min(1), name: z.string().min(1) });

beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'medtek-static-'));
  mkdirSync(join(staticDir, 'examples'));
  writeFileSync(join(staticDir, 'widgets.js'), 'export const x = 1;\n');
  writeFileSync(join(staticDir, 'examples', 'index.html'), '<!doctype html><title>ex</title>');
  writeFileSync(join(tmpdir(), 'medtek-outside-secret.txt'), 'secret');

  app = uWS.App();
  const router = new RestRouter<TestPrincipal>({
    prefix: '/api/v1',
    maxBodyBytes: 1_024,
    authenticate: (token) =>
      Promise.resolve(
        token === 'good-token'
          ? { ok: true, principal: { userId: 'u-1' } }
          : { ok: false, code: ErrorCode.AuthFailed, message: 'signature verification failed' },
      ),
    onError: (error) => unexpected.push(error),
    onResponse: (status) => statuses.push(status),
  });
  router
    .get('/health', (ctx) => ctx.sendJson(200, { ok: true }), { auth: false })
    .get('/citizens/:citizenId/alarms/:alarmId', async (ctx) => {
      await new Promise((resolve) => setImmediate(resolve)); // answer after an await: must be corked and still valid
      ctx.sendJson(200, { params: ctx.params, user: ctx.principal?.userId, q: ctx.query.get('state') });
    })
    .post('/citizens', (ctx) => {
      const citizen = ctx.json(CreateCitizen);
      ctx.sendJson(201, citizen, { location: `/api/v1/citizens/${citizen.id}` });
    })
    .delete('/citizens/:id', (ctx) => {
      throw new HttpError(ErrorCode.NotFound, `citizen ${ctx.params.id} not found`);
    })
    .get('/boom', () => {
      throw new Error('database password is hunter2');
    });
  router.attach(app);
  serveStatic(app, '/static', staticDir);
  app.any('/*', (res) => {
    res.cork(() => res.writeStatus('404 Not Found').end('not found'));
  });
  app.ws('/live', {
    upgrade: (res, req, context) =>
      upgradeIfAllowed(
        res,
        req,
        context,
        { gate, allowedOrigins: ['https://cura.example.dk'], retryAfterSec: 7 },
        () => ({}),
      ),
    open: () => gate.opened(),
    close: () => gate.closed(),
  });

  await new Promise<void>((resolve, reject) =>
    app.listen('127.0.0.1', 0, (token) => {
      if (!token) return reject(new Error('listen failed'));
      listenSocket = token;
      base = `http://127.0.0.1:${uWS.us_socket_local_port(token)}`;
      resolve();
    }),
  );
});

afterAll(() => {
  uWS.us_listen_socket_close(listenSocket);
  rmSync(staticDir, { recursive: true, force: true });
  rmSync(join(tmpdir(), 'medtek-outside-secret.txt'), { force: true });
});

const auth = { authorization: 'Bearer good-token' };

describe('RestRouter', () => {
  it('routes with path params and query, after an await', async () => {
    const res = await fetch(`${base}/api/v1/citizens/c-7/alarms/al%2F9?state=open`, { headers: auth });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ params: { citizenId: 'c-7', alarmId: 'al/9' }, user: 'u-1', q: 'open' });
  });

  it('serves public routes without a token', async () => {
    expect((await fetch(`${base}/api/v1/health`)).status).toBe(200);
  });

  it('answers 401 with WWW-Authenticate for a missing or bad token (problem+json)', async () => {
    const missing = await fetch(`${base}/api/v1/citizens/c-1/alarms/a-1`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    expect(await missing.json()).toMatchObject({ status: 401, code: 'auth_required', title: 'Unauthorized' });
    const bad = await fetch(`${base}/api/v1/citizens/c-1/alarms/a-1`, { headers: { authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toContain('invalid_token');
    expect(await bad.json()).toMatchObject({ code: 'auth_failed', detail: 'signature verification failed' });
  });

  it('reads and validates a JSON body', async () => {
    const ok = await fetch(`${base}/api/v1/citizens`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'c-1', name: 'Karen' }),
    });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('location')).toBe('/api/v1/citizens/c-1');
    expect(await ok.json()).toEqual({ id: 'c-1', name: 'Karen' });

    const invalid = await fetch(`${base}/api/v1/citizens`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ id: '', extra: 1 }),
    });
    expect(invalid.status).toBe(400);
    const problem = (await invalid.json()) as { code: string; errors: { path: string }[] };
    expect(problem.code).toBe('schema_violation');
    expect(problem.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['id', 'name']));

    const notJson = await fetch(`${base}/api/v1/citizens`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{"id":',
    });
    expect(await notJson.json()).toMatchObject({ status: 400, detail: 'the request body is not valid JSON' });

    const wrongType = await fetch(`${base}/api/v1/citizens`, { method: 'POST', headers: auth, body: 'id=1' });
    expect(wrongType.status).toBe(415);
  });

  it('refuses a body over the limit with 413, declared or streamed', async () => {
    const declared = await fetch(`${base}/api/v1/citizens`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'c', name: 'x'.repeat(5_000) }),
    });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ code: 'limit_exceeded' });

    const streamed = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${base}/api/v1/citizens`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 8; i += 1) req.write('x'.repeat(512));
      req.end();
    });
    expect(streamed).toBe(413);
  });

  it('answers 404 and 405 (with Allow) as problems', async () => {
    const missing = await fetch(`${base}/api/v1/nothing`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'not_found', type: 'https://medtek.dk/problems/not-found' });
    const wrongMethod = await fetch(`${base}/api/v1/citizens`, { method: 'PUT', headers: auth });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });

  it('turns HttpError into its problem and hides unexpected errors behind a 500', async () => {
    const gone = await fetch(`${base}/api/v1/citizens/c-404`, { method: 'DELETE', headers: auth });
    expect(await gone.json()).toMatchObject({ status: 404, detail: 'citizen c-404 not found' });
    const boom = await fetch(`${base}/api/v1/boom`, { headers: auth });
    expect(boom.status).toBe(500);
    const text = await boom.text();
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text)).toMatchObject({ code: 'internal' });
    expect(unexpected).toHaveLength(1);
    expect(statuses).toContain(500);
  });
});

describe('serveStatic', () => {
  it('serves files with their content type and revalidates with the ETag', async () => {
    const res = await fetch(`${base}/static/widgets.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toBe('export const x = 1;\n');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    const again = await fetch(`${base}/static/widgets.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('serves index.html for a directory and 404 for missing files', async () => {
    const index = await fetch(`${base}/static/examples/`);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((await fetch(`${base}/static/missing.js`)).status).toBe(404);
  });

  it('refuses path traversal', async () => {
    const name = 'medtek-outside-secret.txt';
    for (const path of [`/static/..%2F${name}`, `/static/%2e%2e/${name}`, `/static/..%5C${name}`]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('secret');
    }
    expect(resolveStaticPath('/srv/www', '/../etc/passwd')).toBeUndefined();
    expect(resolveStaticPath('/srv/www', '/a/%00b')).toBeUndefined();
    expect(resolveStaticPath('/srv/www', '/a/b.js')).toBe('/srv/www/a/b.js');
  });
});

describe('upgrade checks', () => {
  function connect(origin?: string): Promise<{ status: number; retryAfter?: string; socket?: WebSocket }> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`${base.replace('http', 'ws')}/live`, origin ? { origin } : {});
      socket.on('open', () => resolve({ status: 101, socket }));
      socket.on('unexpected-response', (_req, res) => {
        resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] });
        socket.terminate();
      });
      socket.on('error', (error) => {
        if (!/Unexpected server response/.test(error.message)) reject(error);
      });
    });
  }

  it('refuses a foreign or missing Origin with 403', async () => {
    expect((await connect('https://evil.example')).status).toBe(403);
    expect((await connect()).status).toBe(403);
  });

  it('admits an allowed origin, then answers 503 with Retry-After at the connection cap', async () => {
    const first = await connect('https://cura.example.dk');
    expect(first.status).toBe(101);
    await expect.poll(() => gate.count).toBe(1);
    const second = await connect('https://cura.example.dk');
    expect(second).toMatchObject({ status: 503, retryAfter: '7' });
    first.socket!.close();
    await expect.poll(() => gate.count).toBe(0);
    const third = await connect('https://cura.example.dk');
    expect(third.status).toBe(101);
    third.socket!.close();
  });
});
