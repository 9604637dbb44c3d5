import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Three pages, one build: hashed assets under /assets/ (served immutable), HTML templates that the
 * server fills per request (share code, tile URL) and serves no-cache. The driver app's service
 * worker and its manifest and icons (web/public/driver/) keep fixed names under /driver/: a
 * worker's URL and an installed app's icons must not change with every build.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  logLevel: 'warn',
  publicDir: here('public'),
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // The basemap is a separate asset fetched in parallel, never inlined into a bundle.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: {
        track: here('track/index.html'),
        dashboard: here('dashboard/index.html'),
        route: here('route/index.html'),
        driver: here('driver/index.html'),
        'driver-sw': here('driver/sw.ts'),
      },
      output: { entryFileNames: (chunk) => (chunk.name === 'driver-sw' ? 'driver/sw.js' : 'assets/[name]-[hash].js') },
    },
  },
});
