// The dashboard's build: Preact through Vite, into dist/web/ (index.html and content-hashed assets), which
// `sitrep serve` serves beside the API. Relative asset paths, so the page works under any mount point.
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [preact()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // No source maps in the package: they would double its size for no reader's benefit.
    sourcemap: false,
  },
  // `vite` in development: API calls go to a `sitrep serve` on the default port.
  server: { proxy: { '/api': 'http://127.0.0.1:7300' } },
});
