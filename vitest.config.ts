import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Once per run, before any test file: the Vite build the browser tests serve, and the migrated
    // template stores each file clones (test/helpers/store-templates.ts).
    globalSetup: ['test/browser/global-setup.ts', 'test/helpers/store-templates-setup.ts'],
    // Each file opens its own stores (a PGlite instance, a fresh PostgreSQL database) and closes
    // them, and no test mocks a module: a worker runs file after file in one process, so the app's
    // modules are loaded once per worker rather than once per file (that cost ~1 s a file).
    pool: 'forks',
    isolate: false,
    // Three on the 2-core CI machine: much of a file's time is spent waiting on PostgreSQL, a
    // spawned server or a browser rather than on its own CPU.
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
