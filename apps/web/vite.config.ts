import { defineConfig } from 'vite';

// Preact's JSX runtime without a framework plugin; `/v1` proxied to a running server in `vite dev`.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: { proxy: { '/v1': { target: 'http://127.0.0.1:9100', ws: true } } },
});
