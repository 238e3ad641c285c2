import { defineConfig } from 'vite';

// The example app: `npm run example:web` serves it on http://localhost:5173.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  server: { port: 5173, strictPort: true },
  preview: { port: 5173, strictPort: true },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
