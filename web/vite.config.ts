import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Two pages, one build: hashed assets under /assets/ (served immutable), HTML templates that the
 * server fills per request (share code, tile URL) and serves no-cache.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  logLevel: 'warn',
  publicDir: false,
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // The basemap is a separate asset fetched in parallel, never inlined into a bundle.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: { track: here('track/index.html'), dashboard: here('dashboard/index.html'), route: here('route/index.html') },
    },
  },
});
