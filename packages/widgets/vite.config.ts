import { defineConfig } from 'vite';

// One ES module with every widget (`widgets.js`, for a single <script type="module">) plus one entry per widget for
// pages that need only one. Shared code (lit, the session) lands in chunks next to them; serve the folder as is.
export default defineConfig({
  build: {
    target: 'es2022',
    lib: {
      entry: {
        widgets: 'src/index.ts',
        'mt-alarm-list': 'src/elements/mt-alarm-list.ts',
        'mt-device-status': 'src/elements/mt-device-status.ts',
        'mt-screening-wizard': 'src/elements/mt-screening-wizard.ts',
        'mt-stock-board': 'src/elements/mt-stock-board.ts',
        'mt-session': 'src/elements/mt-session.ts',
      },
      formats: ['es'],
    },
    sourcemap: true,
    rolldownOptions: { output: { minify: true } },
  },
});
