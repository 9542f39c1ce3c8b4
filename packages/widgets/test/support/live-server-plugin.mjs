import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const helper = fileURLToPath(new URL('./live-server.ts', import.meta.url));
const widgetsDir = fileURLToPath(new URL('../../', import.meta.url));

/** The browser-side command name: `executeServerCommand('medtek-live', { name: … })`. */
export const LIVE_COMMAND = 'medtek-live';

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
      control = JSON.parse(first[0]).control;
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
