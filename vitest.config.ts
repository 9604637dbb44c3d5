import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Once per run, before any test file: the Vite build the browser tests serve, and the migrated
    // template stores each file clones (test/helpers/store-templates.ts).
    globalSetup: ['test/browser/global-setup.ts', 'test/helpers/store-templates-setup.ts'],
    // Each file opens its own stores (a PGlite instance, a fresh PostgreSQL database); two workers
    // match the 2-core CI machine. (isolate: false with three workers was tried: a full run on a
    // quiet machine took 20 min and starved two files' start-up past their timeouts.)
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
