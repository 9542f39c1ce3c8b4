import { defineConfig } from 'vite';

/**
 * Two builds into `dist/` (`pnpm build` runs both):
 * - default: one entry per widget (`mt-alarm-list.js`, …) for pages that need only some widgets; the code they share
 *   (lit, the session) lands in chunks next to them, so serve the folder as is;
 * - `--mode bundle`: `widgets.js`, ONE self-contained ES module with every widget, for a single
 *   `<script type="module">`.
 * A page uses one or the other: two copies share no session (the second copy's `define` is a harmless no-op).
 */
export default defineConfig(({ mode }) => {
  const bundle = mode === 'bundle';
  const entry: Record<string, string> = bundle
    ? { widgets: 'src/index.ts' }
    : {
        'mt-session': 'src/elements/mt-session.ts',
        'mt-alarm-list': 'src/elements/mt-alarm-list.ts',
        'mt-device-status': 'src/elements/mt-device-status.ts',
        'mt-screening-wizard': 'src/elements/mt-screening-wizard.ts',
        'mt-stock-board': 'src/elements/mt-stock-board.ts',
        'mt-key-figures': 'src/elements/mt-key-figures.ts',
      };
  return {
    build: {
      target: 'es2022',
      emptyOutDir: !bundle,
      lib: {
        entry,
        formats: ['es'],
      },
      sourcemap: true,
      rolldownOptions: { output: { minify: true } },
    },
  };
});
