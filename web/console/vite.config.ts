import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The admin console, built into dist/console and served by the service at /console.
 * Preact's JSX through esbuild (no Babel); no inline script anywhere, so the service's CSP
 * can be `script-src 'self'`.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    // the polyfill would be injected as an inline script; every browser we target has modulepreload
    modulePreload: { polyfill: false },
    // no data: URLs: the CSP allows images and fonts from 'self' only
    assetsInlineLimit: 0,
    target: 'es2022',
  },
  logLevel: 'warn',
});
