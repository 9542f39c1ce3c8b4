import { defineConfig } from 'vitest/config';

// Node-side tests only; widget tests run in Chromium through @web/test-runner.
export default defineConfig({
  test: {
    include: [
      'packages/{core,server,device-sim}/{src,test}/**/*.test.ts',
      'examples/test/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
