import { z } from 'zod';
import { PLANNING_FAILURE_REASONS } from '../../core/order/types.ts';
import { PLAN_RUN_STATUSES, type PlanRun } from '../../core/plan-run.ts';
import { MAX_PLAN_BUDGET_SECONDS } from '../../services/planning/start-plan-run.ts';
import { calendarDate, int4 } from '../shared/storable.ts';
import { planRunHeading } from '../shared/plan-run-heading.ts';

const handle = z.string().min(1).max(255);

/** POST /orders/plan (Dropline's own operation, docs/native-api.md "Plans"). */
export const PlanBody = z.strictObject({
  ops_group_handle: handle,
  date: calendarDate(),
  order_handles: z.array(handle).min(1).max(1000).nullish(),
  worker_handles: z.array(handle).min(1).max(1000).nullish(),
  /** Seconds the solver may use. */
  time_budget: z.number().positive().max(MAX_PLAN_BUDGET_SECONDS).nullish(),
  timezone: z.string().min(1).max(64).nullish(),
});

export const PlanIdParams = z.object({ plan_id: z.string().min(1).max(255) });

const PlanRouteOut = z.object({ route_handle: z.string(), worker_handle: z.string(), orders: int4(), distance: z.number(), duration: z.number() });
const UnplannedOut = z.object({ order_handle: z.string(), type: z.string(), type_index: int4(), planning_failure_reason: z.enum(PLANNING_FAILURE_REASONS) });

export const PlanResponse = z.object({
  plan_id: z.string(),
  status: z.enum(PLAN_RUN_STATUSES),
  progress: z.number().min(0).max(1),
  ops_group_handle: z.string(),
  date: z.string(),
  timezone: z.string(),
  trigger: z.enum(['api', 'schedule']),
  time_budget: z.number(),
  order_handles: z.array(z.string()).nullable(),
  worker_handles: z.array(z.string()).nullable(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  routes: z.array(PlanRouteOut),
  planned: int4(),
  unplanned: int4(),
  skipped: int4(),
  unplanned_orders: z.array(UnplannedOut),
  feasible: z.boolean().nullable(),
  error: z.string().nullable(),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function renderPlanRun(run: PlanRun, progress: number): z.infer<typeof PlanResponse> {
  const r = run.result;
  return {
    ...planRunHeading(run, progress),
    timezone: run.request.timezone,
    trigger: run.trigger,
    time_budget: run.request.timeBudgetSeconds,
    order_handles: run.request.orderHandles,
    worker_handles: run.request.workerHandles,
    created_at: run.createdAt.toISOString(),
    started_at: iso(run.startedAt),
    completed_at: iso(run.finishedAt),
    routes: (r?.routes ?? []).map((x) => ({
      route_handle: x.routeHandle,
      worker_handle: x.workerHandle,
      orders: x.orders,
      distance: x.distance,
      duration: x.duration,
    })),
    planned: r?.planned ?? 0,
    unplanned: r?.unplanned ?? 0,
    skipped: r?.skipped ?? 0,
    unplanned_orders: (r?.unplannedOrders ?? []).map((u) => ({
      order_handle: u.orderHandle,
      type: u.type,
      type_index: u.typeIndex,
      planning_failure_reason: u.reason as (typeof PLANNING_FAILURE_REASONS)[number],
    })),
    feasible: r ? r.feasible : null,
    error: run.error,
  };
}
