import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The browser tests serve the built pages: build web/ once per run, before any test file.
    globalSetup: ['test/browser/global-setup.ts'],
    // Each file opens its own stores (a PGlite instance, a fresh PostgreSQL database); two workers
    // match the 2-core CI machine.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
