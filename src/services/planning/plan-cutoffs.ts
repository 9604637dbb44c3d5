import { isUnplanned } from '../../core/order/statuses.ts';
import { ORDER_STATUSES } from '../../core/order/types.ts';
import { dueCutoffs, type PlanCutoff } from '../../core/plan-cutoff.ts';
import type { Deps } from '../deps.ts';
import { startPlanRun } from './start-plan-run.ts';

/**
 * One tick of the daily cut-offs: for each cut-off passed today, every account with unplanned
 * scheduled orders in that group gets one plan run of it for its date. The store's unique index on (account, group, date) of scheduled runs
 * makes a second tick, or a second process, start none; `done` spares this process the attempt.
 * Returns the runs it started.
 */
export async function runPlanCutoffs(deps: Deps, cutoffs: readonly PlanCutoff[], opts: { budgetSeconds: number; done: Set<string> }): Promise<string[]> {
  const due = dueCutoffs(cutoffs, deps.clock.now());
  // Only today's keys matter: yesterday's date is never due again.
  const current = new Set(due.map(({ cutoff, date }) => `${cutoff.opsGroupHandle}\u0000${date}`));
  for (const key of opts.done) if (!current.has(key.slice(key.indexOf('\u0000') + 1))) opts.done.delete(key);
  if (due.length === 0) return [];
  const started: string[] = [];
  const accounts = await deps.store.repos.accounts.list();
  for (const { cutoff, date } of due) {
    for (const account of accounts) {
      const key = `${account.accountId}\u0000${cutoff.opsGroupHandle}\u0000${date}`;
      if (opts.done.has(key)) continue;
      // An account with nothing waiting in the group gets no run (and no empty plan to poll).
      const waiting = await deps.store.repos.orders.list(
        account.accountId,
        { statuses: ORDER_STATUSES.filter(isUnplanned), opsGroupHandle: cutoff.opsGroupHandle, planMode: 'scheduled' },
        { limit: 1, direction: 'asc' },
      );
      // Not marked done: orders may still come in today, and every process decides alike.
      if (waiting.length === 0) continue;
      const run = await startPlanRun(
        deps,
        account.accountId,
        { opsGroupHandle: cutoff.opsGroupHandle, date, timeBudgetSeconds: opts.budgetSeconds, timezone: cutoff.timezone },
        'schedule',
      );
      opts.done.add(key);
      if (run) started.push(run.planId);
    }
  }
  return started;
}
