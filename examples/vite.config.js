import { defineConfig } from 'vite';

// One small ES module for the custom dashboard: @medtek/core's live codec for the browser (the dashboard uses the
// protocol directly, without the widgets). `pnpm start` builds it when missing or stale.
export default defineConfig({
  build: {
    target: 'es2022',
    outDir: 'dist',
    lib: { entry: { 'medtek-protocol': 'build/medtek-protocol.js' }, formats: ['es'] },
    sourcemap: true,
    rolldownOptions: { output: { minify: true } },
  },
});
