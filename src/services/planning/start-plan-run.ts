import { DomainError } from '../../core/errors.ts';
import type { PlanRun, PlanRunRequest, PlanRunTrigger } from '../../core/plan-run.ts';
import { isCalendarDate, isTimeZone } from '../../core/worker-shift.ts';
import type { Deps } from '../deps.ts';
import { loadWorker } from '../workers/load-worker.ts';
import { executePlanRun } from './execute-plan-run.ts';

export interface PlanRunInput {
  opsGroupHandle: string;
  /** YYYY-MM-DD: the workers' shifts of that date; without order handles, the orders scheduled on it. */
  date: string;
  orderHandles?: string[] | null;
  workerHandles?: string[] | null;
  timeBudgetSeconds?: number | null;
  /** The zone the orders' dates are read in (default UTC). */
  timezone?: string | null;
}

/** The solver's budget when the request names none (docs/planning.md "Plan runs"). */
export const DEFAULT_PLAN_BUDGET_SECONDS = 10;
export const MAX_PLAN_BUDGET_SECONDS = 600;

const invalid = (field: string, reason: string) => new DomainError('invalid_request', reason, { location: 'json', field, reason });

/**
 * POST /orders/plan: checks what it can before anything is written (the date, the time zone, that
 * every named worker and order exists in the account), stores the run as `queued` and starts it in
 * this process. Returns the run as stored; a cut-off that already planned its group and date
 * returns null.
 */
export async function startPlanRun(deps: Deps, accountId: string, input: PlanRunInput, trigger: PlanRunTrigger = 'api'): Promise<PlanRun | null> {
  if (!isCalendarDate(input.date)) throw invalid('date', 'Not a calendar date (YYYY-MM-DD)');
  const timezone = input.timezone ?? 'UTC';
  if (!isTimeZone(timezone)) throw invalid('timezone', `Unknown time zone ${timezone}`);
  const budget = input.timeBudgetSeconds ?? DEFAULT_PLAN_BUDGET_SECONDS;
  if (!(budget > 0 && budget <= MAX_PLAN_BUDGET_SECONDS)) throw invalid('time_budget', `Must be above 0 and at most ${MAX_PLAN_BUDGET_SECONDS} seconds`);
  const repos = deps.store.repos;
  const workerHandles = input.workerHandles ? [...new Set(input.workerHandles)] : null;
  for (const h of workerHandles ?? []) await loadWorker(repos, accountId, h);
  const orderHandles = input.orderHandles ? [...new Set(input.orderHandles)] : null;
  for (const h of orderHandles ?? []) {
    if ((await repos.orders.listByHandle(accountId, h)).length === 0) {
      throw new DomainError('order_not_found', `Order not found for handle ${h}`, { orderHandle: h });
    }
  }
  const request: PlanRunRequest = { orderHandles, workerHandles, timeBudgetSeconds: budget, timezone };
  const run: PlanRun = {
    accountId,
    planId: deps.ids.uuid(),
    opsGroupHandle: input.opsGroupHandle,
    planDate: input.date,
    trigger,
    status: 'queued',
    request,
    result: null,
    error: null,
    createdAt: deps.clock.now(),
    startedAt: null,
    finishedAt: null,
  };
  if (!(await repos.planRuns.insert(run))) return null;
  deps.plans.launch(run, (setProgress) => executePlanRun(deps, run, setProgress));
  return run;
}

/** GET /orders/plan/{plan_id}: the run as stored, with its progress (live while this process runs it). */
export async function getPlanRun(deps: Deps, accountId: string, planId: string): Promise<{ run: PlanRun; progress: number }> {
  const run = await deps.store.repos.planRuns.find(accountId, planId);
  if (!run) throw new DomainError('plan_not_found', `Plan not found for id ${planId}`);
  const live = deps.plans.progress(accountId, planId);
  const progress = run.status === 'completed' || run.status === 'failed' ? 1 : (live ?? 0);
  return { run, progress };
}
