import { defineConfig } from 'vite';

// One ES module bundle for embedding with a single <script type="module">; later, one entry per widget too.
export default defineConfig({
  build: {
    target: 'es2022',
    lib: {
      entry: { widgets: 'src/index.ts' },
      formats: ['es'],
    },
    sourcemap: true,
    rolldownOptions: { output: { minify: true } },
  },
});
