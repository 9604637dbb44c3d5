import { planOrder } from '../../core/order/lifecycle.ts';
import { isUnplanned } from '../../core/order/statuses.ts';
import { type Order, ORDER_STATUSES } from '../../core/order/types.ts';
import type { PlanSequences, PlanningInstance } from '../../core/planning/model.ts';
import { orderPlanInstance, type PreparedPlan, prepareOrderPlan, readOrderPlan } from '../../core/planning/order-plan.ts';
import type { PlanRun } from '../../core/plan-run.ts';
import type { Route } from '../../core/route.ts';
import type { Worker } from '../../core/worker.ts';
import { localDateIn } from '../../core/worker-shift.ts';
import type { Deps } from '../deps.ts';
import { refreshExpectedPaths } from '../routes/refresh-expected-paths.ts';
import { saveChanges } from '../orders/save-change.ts';
import { outboxEventsOf } from '../webhooks/outbox.ts';
import { routeEvents } from '../webhooks/streams.ts';
import { solveOnAllThreads } from './cooperative.ts';
import { planningNews } from './plan-events.ts';
import type { ProgressFn } from './plan-runner.ts';

const PAGE = 1000;

/** The unplanned orders the run plans: the named handles' stops, else the group's scheduled orders of the date. */
async function ordersToPlan(deps: Deps, run: PlanRun): Promise<Order[]> {
  const repos = deps.store.repos;
  const live = (o: Order) => isUnplanned(o.status) && !o.rescheduledMarkedAt;
  if (run.request.orderHandles) {
    const found: Order[] = [];
    for (const h of run.request.orderHandles) found.push(...(await repos.orders.listByHandle(run.accountId, h)).filter(live));
    return found;
  }
  const out: Order[] = [];
  let after: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const page = await repos.orders.list(
      run.accountId,
      { statuses: ORDER_STATUSES.filter(isUnplanned), opsGroupHandle: run.opsGroupHandle, planMode: 'scheduled' },
      { limit: PAGE, direction: 'asc', ...(after ? { after } : {}) },
    );
    out.push(...page);
    if (page.length < PAGE) break;
    const last = page.at(-1)!;
    after = { createdAt: last.createdAt, id: last.id };
  }
  // An order without a time is due any day; one with a time on the date it names.
  const onDate = (o: Order) => {
    const t = o.scheduledAt ?? o.scheduledAfter;
    return !t || localDateIn(t, run.request.timezone) === run.planDate;
  };
  return out.filter((o) => live(o) && onDate(o));
}

async function workersOf(deps: Deps, run: PlanRun): Promise<Worker[]> {
  const repos = deps.store.repos;
  if (run.request.workerHandles) {
    const found = await Promise.all(run.request.workerHandles.map((h) => repos.workers.find(run.accountId, h)));
    return found.filter((w): w is Worker => w !== null);
  }
  const out: Worker[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await repos.workers.list(run.accountId, { opsGroupHandles: [run.opsGroupHandle] }, { limit: PAGE, ...(after ? { after } : {}) });
    out.push(...page);
    if (page.length < PAGE) break;
    after = page.at(-1)!.workerHandle;
  }
  return out;
}

/** Whether the order is no longer as the solver saw it: planned, cancelled or edited meanwhile. */
const changedSince = (seen: Order, now: Order | undefined) =>
  !now || now.updatedAt.getTime() !== seen.updatedAt.getTime() || !isUnplanned(now.status) || now.rescheduledMarkedAt !== null;

/**
 * Runs a queued plan: reads the orders and workers, sends `planning_started`, asks the routing
 * provider for the matrix and the solver threads for a plan (no transaction is open meanwhile),
 * then writes the result in one transaction. That transaction locks the orders again and leaves
 * out any that changed while the solver ran (with its shipment partner), so an order cancelled
 * during solving stays cancelled; the routes as written must pass the planner's checker, or
 * nothing is written and the run fails.
 */
export async function executePlanRun(deps: Deps, queued: PlanRun, setProgress: (p: ProgressFn) => void): Promise<void> {
  const repos = deps.store.repos;
  let run: PlanRun = { ...queued, status: 'running', startedAt: deps.clock.now() };
  let orders: Order[] = [];
  let made: string[] = [];
  setProgress(() => 0.01);
  try {
    await repos.planRuns.update(run);
    orders = await ordersToPlan(deps, run);
    const workers = await workersOf(deps, run);
    const now = deps.clock.now();
    await repos.webhookOutbox.enqueue(
      orders.flatMap((o) => outboxEventsOf({ order: { ...o, updatedAt: now }, events: [planningNews.started(o, run.planId, now)] })),
    );
    const prepared = prepareOrderPlan(orders, workers, { date: run.planDate, now, opsGroupHandle: run.opsGroupHandle });
    const instance = orderPlanInstance(prepared, await deps.routing.matrix(prepared.points));
    const budgetMs = run.request.timeBudgetSeconds * 1000;
    const solvable = prepared.solvable.length > 0 && instance.vehicles.length > 0;
    if (solvable) await deps.plans.ready();
    const t0 = performance.now();
    setProgress(() => 0.05 + 0.9 * Math.min(1, (performance.now() - t0) / budgetMs));
    const solved = solvable ? await solveOnAllThreads(deps.plans.pool, { instance, budgetMs }) : null;
    const plan: PlanSequences = solved?.plan ?? { routes: [], unassigned: prepared.solvable.map((r) => r.ref) };
    setProgress(() => 0.95);
    made = await writePlan(deps, run, { prepared, instance, plan, orders, solverMs: solved?.ms ?? 0, iterations: solved?.iterations ?? 0 });
  } catch (err) {
    const now = deps.clock.now();
    run = { ...run, status: 'failed', error: err instanceof Error ? err.message : String(err), finishedAt: now };
    await repos.planRuns.update(run);
    await repos.webhookOutbox.enqueue(
      orders.flatMap((o) => outboxEventsOf({ order: { ...o, updatedAt: now }, events: [planningNews.failed(o, run.planId, now, null)] })),
    );
  }
  // Once the run has committed, outside its transaction (a road router answers over the network):
  // each new route's path becomes its stops' expected path. A path that cannot be drawn leaves
  // the run completed and deviation unjudged for that route, as for any route without a path.
  for (const routeHandle of made) await refreshExpectedPaths(deps, run.accountId, routeHandle);
}

interface Solved {
  prepared: PreparedPlan;
  instance: PlanningInstance;
  plan: PlanSequences;
  orders: Order[];
  solverMs: number;
  iterations: number;
}

/** Writes the plan in one transaction; returns the handles of the routes it made. */
async function writePlan(deps: Deps, run: PlanRun, s: Solved): Promise<string[]> {
  return deps.store.transaction(async (tx) => {
    const current = new Map(
      (
        await tx.orders.listByIds(
          run.accountId,
          s.orders.map((o) => o.id),
          { forUpdate: true },
        )
      ).map((o) => [o.id, o]),
    );
    const drop = new Set<string>();
    for (const r of s.prepared.requests) {
      if (r.orders.some((o) => changedSince(o, current.get(o.id)))) drop.add(`${r.ref.kind}:${r.ref.id}`);
    }
    const outcome = readOrderPlan(s.prepared, s.instance, s.plan, drop);
    if (!outcome.check.feasible) {
      throw new Error(`the plan fails the planner's checker: ${outcome.check.violations.map((v) => v.message).join('; ')}`);
    }
    const now = deps.clock.now();
    const changes: Parameters<typeof saveChanges>[1] = [];
    const routeOutbox = [];
    const routes = [];
    const runIds = await tx.routes.nextRunIds(outcome.routes.length);
    for (const [k, planned] of outcome.routes.entries()) {
      const route: Route = {
        accountId: run.accountId,
        routeHandle: deps.ids.uuid(),
        planId: run.planId,
        status: 'planned',
        version: 1,
        // The worker the plan made the route for; assigning it (POST /orders/routes/{h}/reassign) hands it over.
        workerHandle: planned.workerHandle,
        deviceId: null,
        opsGroupHandle: run.opsGroupHandle,
        trackMode: null,
        planMode: 'scheduled',
        metadata: {},
        createdAt: now,
        plannedAt: now,
        assignedAt: null,
        startedAt: null,
        completedAt: null,
        updatedAt: now,
        stopSequence: planned.stops.map((x) => x.order.id),
      };
      await tx.routes.insert(route);
      routeOutbox.push(...routeEvents(route, ['created'], now));
      for (const stop of planned.stops) {
        const change = planOrder(current.get(stop.order.id)!, route, now, { ...stop.estimate, runId: runIds[k]! });
        changes.push({ change, opts: { notifications: [planningNews.completed(change.order, run.planId, now)] } });
      }
      routes.push({
        routeHandle: route.routeHandle,
        workerHandle: planned.workerHandle,
        orders: planned.stops.length,
        distance: planned.distance,
        duration: planned.duration,
      });
    }
    for (const u of outcome.unplanned) {
      const o = current.get(u.order.id)!;
      const order: Order = { ...o, planningFailureReason: u.reason, updatedAt: now };
      changes.push({ change: { order, events: [] }, opts: { notifications: [planningNews.failed(order, run.planId, now, u.reason)] } });
    }
    if (routeOutbox.length) await tx.webhookOutbox.enqueue(routeOutbox);
    if (changes.length) await saveChanges(tx, changes);
    await tx.planRuns.update({
      ...run,
      status: 'completed',
      finishedAt: now,
      result: {
        routes,
        planned: outcome.routes.reduce((n, r) => n + r.stops.length, 0),
        unplanned: outcome.unplanned.length,
        unplannedOrders: outcome.unplanned.map((u) => ({
          orderHandle: u.order.orderHandle,
          type: u.order.type,
          typeIndex: u.order.typeIndex,
          reason: u.reason,
        })),
        skipped: s.prepared.requests.filter((r) => drop.has(`${r.ref.kind}:${r.ref.id}`)).reduce((n, r) => n + r.orders.length, 0),
        feasible: outcome.check.feasible,
        solverMs: Math.round(s.solverMs),
        iterations: s.iterations,
      },
    });
    return routes.map((r) => r.routeHandle);
  });
}
