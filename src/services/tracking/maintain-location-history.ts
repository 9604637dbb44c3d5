import type { Deps } from '../deps.ts';

/**
 * Keeps the partitioned location history ready and bounded (docs/storage.md): the current and
 * next month's partitions exist before their first fix, and with a retention horizon every month
 * that ended before it is dropped whole. Safe to run from several servers at once.
 */
export async function maintainLocationHistory(deps: Deps, opts: { retentionDays: number | null }): Promise<{ ensured: string[]; dropped: string[] }> {
  const now = deps.clock.now();
  const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const ensured = [];
  for (const at of [now, nextMonth]) ensured.push(await deps.store.repos.locations.ensureMonthPartition(at));
  const dropped = opts.retentionDays ? await deps.store.repos.locations.dropMonthsBefore(new Date(now.getTime() - opts.retentionDays * 86_400_000)) : [];
  return { ensured, dropped };
}
