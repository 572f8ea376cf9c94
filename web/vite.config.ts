/**
 * Build of the web UI: web/ → dist/web, which the tmpmail server serves (src/http/routes/web-app.ts).
 * `npm run dev:web` runs Vite's dev server and forwards the API paths to a local tmpmail on :8787.
 */
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env['TMPMAIL_API'] ?? 'http://127.0.0.1:8787';
const apiPaths = [
  '/api',
  '/open_api',
  '/user_api',
  '/admin/',
  '/external',
  '/telegram',
  '/health_check',
];

export default defineConfig({
  root,
  base: '/',
  plugins: [preact()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // One small entry: the page's first load is the whole app.
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
  server: {
    proxy: Object.fromEntries(apiPaths.map((p) => [p, { target: apiTarget, changeOrigin: true }])),
  },
});
