// Builds the dashboard page into dist/web (run by scripts/build.mjs; users never build it).
// No node:* imports here (the lint rule for src/web), so paths come from URL objects.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const path = (relative: string): string => decodeURIComponent(new URL(relative, import.meta.url).pathname);

export default defineConfig({
  root: path('.'),
  base: '/',
  plugins: [react()],
  build: {
    outDir: path('../../dist/web'),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    // React + zod: one ~340 kB file served from localhost. The review page is its own chunk: the diff
    // view with highlight.js's grammars, ~1.1 MB, loaded from localhost when the page is first opened.
    chunkSizeWarningLimit: 1400,
  },
});
