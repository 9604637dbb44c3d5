import { benchOnDemand } from './dispatch/on-demand.ts';
import { runCleanup } from './lib/cleanup.ts';

/**
 * `npm run bench:dispatch` (issue 15): on-demand create → assigned with 50 active routes of 30
 * stops on PostgreSQL. Knobs: BENCH_DISPATCH_ROUTES, BENCH_DISPATCH_STOPS, BENCH_DISPATCH_RATE,
 * BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_DISPATCH_STORE=pglite.
 */
try {
  await benchOnDemand();
} finally {
  await runCleanup();
}
