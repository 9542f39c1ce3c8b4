import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { liveRestProxy, liveServerPlugin } from './test/support/live-server-plugin.mjs';

// Widget tests run in Debian's headless Chromium. The tsconfig must be passed explicitly: without it esbuild
// compiles decorators as standard decorators, which Lit's legacy decorators (and the Vite bundle) do not use.
export default {
  files: 'test/**/*.test.ts',
  nodeResolve: { exportConditions: ['production'] },
  // REST calls of the widgets reach the live test server same-origin (see liveRestProxy).
  middleware: [liveRestProxy()],
  plugins: [
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
    // A real Medtek server (child process) for the live tests; see test/support/live-server.ts.
    liveServerPlugin(),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
  browserStartTimeout: 60000,
  testsFinishTimeout: 180000,
  testFramework: { config: { timeout: 10000 } },
};
