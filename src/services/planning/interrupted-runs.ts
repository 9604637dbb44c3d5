import type { Deps } from '../deps.ts';

/** How long past its budget a run may still be under way in another process before it counts as lost. */
const GRACE_SECONDS = 600;

/**
 * Marks failed the plan runs a stopped process left unfinished, so a client polling them learns
 * it (their orders were not touched: a run writes its result in one transaction). With `alone`
 * (the embedded store: one process) every unfinished run is lost; on PostgreSQL only those older
 * than their budget plus a grace period, since another process may be running the others.
 */
export async function failInterruptedRuns(deps: Deps, opts: { alone: boolean }): Promise<number> {
  const now = deps.clock.now();
  let failed = 0;
  for (const run of await deps.store.repos.planRuns.listUnfinished()) {
    const since = (run.startedAt ?? run.createdAt).getTime();
    if (!opts.alone && now.getTime() - since < (run.request.timeBudgetSeconds + GRACE_SECONDS) * 1000) continue;
    await deps.store.repos.planRuns.update({ ...run, status: 'failed', error: 'interrupted: the process running the plan stopped', finishedAt: now });
    failed++;
  }
  return failed;
}
