import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const helper = fileURLToPath(new URL('./live-server.ts', import.meta.url));
const widgetsDir = fileURLToPath(new URL('../../', import.meta.url));

/** The browser-side command name: `executeServerCommand('medtek-live', { name: … })`. */
export const LIVE_COMMAND = 'medtek-live';

/** The test server's HTTP base (through the relay), once it runs. */
let restTarget;

/**
 * Forwards `/api/…` from the wtr origin to the test server, so REST widgets (`mt-key-figures`) call it same-origin
 * as on a real portal page (the server sends no CORS headers). Listed in `middleware` of the wtr config.
 */
export function liveRestProxy() {
  return async (ctx, next) => {
    if (!ctx.path.startsWith('/api/') || restTarget === undefined) return next();
    const headers = {};
    for (const name of ['authorization', 'accept', 'content-type']) {
      if (ctx.get(name) !== '') headers[name] = ctx.get(name);
    }
    const chunks = [];
    for await (const chunk of ctx.req) chunks.push(chunk);
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    const response = await fetch(`${restTarget}${ctx.url}`, { method: ctx.method, headers, body });
    ctx.status = response.status;
    const type = response.headers.get('content-type');
    if (type !== null) ctx.type = type;
    ctx.body = Buffer.from(await response.arrayBuffer());
  };
}

/**
 * A wtr plugin that runs a real Medtek server for the widget tests. The server lives in a child process
 * (`node --import tsx test/support/live-server.ts`: TypeScript server code, native uWebSockets.js) that allows the
 * wtr dev server's origin on `/live`; tests reach its control API through wtr's server commands.
 */
export function liveServerPlugin() {
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  /** @type {string | undefined} */
  let control;
  return {
    name: 'medtek-live-server',

    async serverStart({ config }) {
      const origin = `${config.http2 ? 'https' : 'http'}://${config.hostname ?? 'localhost'}:${config.port}`;
      child = spawn(process.execPath, ['--import', 'tsx', helper, origin], {
        cwd: widgetsDir,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const lines = createInterface({ input: child.stdout });
      const exited = once(child, 'exit').then(([code]) => ({ code }));
      const first = await Promise.race([once(lines, 'line'), exited]);
      if (!Array.isArray(first)) throw new Error(`the live test server exited early (code ${first.code})`);
      const started = JSON.parse(first[0]);
      control = started.control;
      restTarget = new URL(started.live.replace(/^ws/, 'http')).origin;
    },

    async serverStop() {
      if (child === undefined || child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },

    async executeCommand({ command, payload }) {
      if (command !== LIVE_COMMAND) return undefined;
      if (control === undefined) throw new Error('the live test server is not running');
      const response = await fetch(control, { method: 'POST', body: JSON.stringify(payload ?? {}) });
      const answer = await response.json();
      if (!response.ok) throw new Error(`live test server: ${answer.error}`);
      return answer;
    },
  };
}
