/** A plan run: the job that plans an ops group's unplanned orders for one date (docs/planning.md "Plan runs"). */
export const PLAN_RUN_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type PlanRunStatus = (typeof PLAN_RUN_STATUSES)[number];

/** `api`: POST /orders/plan; `schedule`: the ops group's daily cut-off (DROPLINE_PLAN_CUTOFFS). */
export type PlanRunTrigger = 'api' | 'schedule';

export interface PlanRunRequest {
  /** Only these order handles (each unplanned stop of them); null = the group's scheduled orders of the date. */
  orderHandles: string[] | null;
  /** Only these workers; null = the ops group's workers. */
  workerHandles: string[] | null;
  /** The solver's wall-clock budget. */
  timeBudgetSeconds: number;
  /** The IANA zone the orders' scheduled dates are read in. */
  timezone: string;
}

/** An order the run could not place, and why (docs/planning.md "Failure reasons"). */
export interface PlanRunUnplanned {
  orderHandle: string;
  type: string;
  typeIndex: number;
  reason: string;
}

export interface PlanRunRoute {
  routeHandle: string;
  workerHandle: string;
  orders: number;
  distance: number;
  duration: number;
}

export interface PlanRunResult {
  routes: PlanRunRoute[];
  /** Orders placed on the plan's routes. */
  planned: number;
  /** Orders the plan could not place (each has its planning_failure_reason). */
  unplanned: number;
  unplannedOrders: PlanRunUnplanned[];
  /** Orders that changed while the solver ran (cancelled, planned by hand, edited): left as they were. */
  skipped: number;
  /** The planner's checker accepted the routes as written. */
  feasible: boolean;
  solverMs: number;
  iterations: number;
}

export interface PlanRun {
  accountId: string;
  planId: string;
  opsGroupHandle: string;
  planDate: string;
  trigger: PlanRunTrigger;
  status: PlanRunStatus;
  request: PlanRunRequest;
  result: PlanRunResult | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export const isPlanRunFinished = (r: Pick<PlanRun, 'status'>): boolean => r.status === 'completed' || r.status === 'failed';

/** The plan-run route (a Bringg "run") a stop is on: set while it is on the route a plan run made it. */
export function planRunRouteOf(o: { routeHandle: string | null; plannedEstimate: { runId?: number } | null }): { runId: number; routeHandle: string } | null {
  const runId = o.plannedEstimate?.runId;
  return runId !== undefined && o.routeHandle ? { runId, routeHandle: o.routeHandle } : null;
}
