import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isUnplanned } from '../../core/order/statuses.ts';
import { ORDER_STATUSES, type Order } from '../../core/order/types.ts';
import type { PlanRun } from '../../core/plan-run.ts';
import type { Deps } from '../../services/deps.ts';
import { listOrders } from '../../services/orders/read-orders.ts';
import { getPlanRun, MAX_PLAN_BUDGET_SECONDS, startPlanRun } from '../../services/planning/start-plan-run.ts';
import { moveBetweenRoutes } from '../../services/routes/move-between-routes.ts';
import { completeRoute, getRoute } from '../../services/routes/route-actions.ts';
import type { RouteView } from '../../services/views.ts';
import { calendarDate } from '../shared/storable.ts';
import { planRunHeading } from '../shared/plan-run-heading.ts';

const handle = z.string().min(1).max(255);
const UnplannedQuery = z.object({ ops_group: handle.optional() });
const PlanBody = z.strictObject({
  ops_group_handle: handle,
  date: calendarDate(),
  timezone: z.string().min(1).max(64).optional(),
  time_budget: z.number().positive().max(MAX_PLAN_BUDGET_SECONDS).optional(),
});
const PlanParams = z.object({ plan_id: handle });
const RouteParams = z.object({ route_handle: z.string().min(1).max(512) });
const MoveBody = z.strictObject({ order_handle: z.string().min(1).max(512), to_route_handle: z.string().min(1).max(512) });

const point = z.tuple([z.number(), z.number()]).nullable();
const UnplannedOut = z.object({
  order_handle: z.string(),
  ops_group_handle: z.string().nullable(),
  address: z.string().nullable(),
  destination: point,
  scheduled_at: z.string().nullable(),
  planning_failure_reason: z.string().nullable(),
});
const StopOut = z.object({ order_handle: z.string(), status: z.string(), address: z.string().nullable(), destination: point });
const RouteOut = z.object({ route_handle: z.string(), status: z.string(), worker_handle: z.string().nullable(), stops: z.array(StopOut) });
const PlanOut = z.object({
  plan_id: z.string(),
  status: z.string(),
  progress: z.number(),
  ops_group_handle: z.string(),
  date: z.string(),
  planned: z.number(),
  unplanned: z.number(),
  error: z.string().nullable(),
  unplanned_orders: z.array(z.object({ order_handle: z.string(), planning_failure_reason: z.string() })),
  routes: z.array(RouteOut),
});

const UNPLANNED = ORDER_STATUSES.filter(isUnplanned);
const lngLat = (o: Order) => (o.destination.geometry.type === 'Point' ? (o.destination.geometry.coordinates as [number, number]) : null);

const renderRoute = (v: RouteView): z.infer<typeof RouteOut> => ({
  route_handle: v.route.routeHandle,
  status: v.route.status,
  worker_handle: v.route.workerHandle,
  stops: v.orders.map((o) => ({ order_handle: o.orderHandle, status: o.status, address: o.destination.address ?? null, destination: lngLat(o) })),
});

async function renderPlan(deps: Deps, accountId: string, run: PlanRun, progress: number): Promise<z.infer<typeof PlanOut>> {
  const r = run.result;
  // The routes as they are now, not as the run wrote them: the view edits them after the plan.
  const routes = await Promise.all((r?.routes ?? []).map((x) => getRoute(deps, accountId, x.routeHandle)));
  return {
    ...planRunHeading(run, progress),
    planned: r?.planned ?? 0,
    unplanned: r?.unplanned ?? 0,
    error: run.error,
    unplanned_orders: (r?.unplannedOrders ?? []).map((u) => ({ order_handle: u.orderHandle, planning_failure_reason: u.reason })),
    routes: routes.map(renderRoute),
  };
}

/**
 * The dashboard's planning view: the unplanned orders, a plan run (POST /orders/plan's service)
 * and its routes, moving an order between them (the route API's remove and add, in one transaction) and
 * completing a route.
 */
export function registerPlanningRoutes(app: FastifyInstance, deps: Deps) {
  app.get(
    '/app/api/planning/unplanned',
    { schema: { hide: true, querystring: UnplannedQuery, response: { 200: z.object({ orders: z.array(UnplannedOut) }) } } as object },
    async (req) => {
      const q = req.query as z.infer<typeof UnplannedQuery>;
      const { orders } = await listOrders(deps, req.accountId, { statuses: [...UNPLANNED], opsGroupHandle: q.ops_group }, { limit: 500, direction: 'asc' });
      return {
        orders: orders.map((o) => ({
          order_handle: o.orderHandle,
          ops_group_handle: o.opsGroupHandle,
          address: o.destination.address ?? null,
          destination: lngLat(o),
          scheduled_at: o.scheduledAt?.toISOString() ?? null,
          planning_failure_reason: o.planningFailureReason,
        })),
      };
    },
  );

  app.post('/app/api/plans', { schema: { hide: true, body: PlanBody, response: { 202: PlanOut } } as object }, async (req, reply) => {
    const b = req.body as z.infer<typeof PlanBody>;
    const run = await startPlanRun(deps, req.accountId, {
      opsGroupHandle: b.ops_group_handle,
      date: b.date,
      timezone: b.timezone,
      timeBudgetSeconds: b.time_budget,
    });
    // Only a cut-off's run can meet an earlier one of its group and date.
    if (!run) throw new Error('a dashboard plan run was refused as a duplicate');
    reply.status(202);
    return renderPlan(deps, req.accountId, run, 0);
  });

  app.get('/app/api/plans/:plan_id', { schema: { hide: true, params: PlanParams, response: { 200: PlanOut } } as object }, async (req) => {
    const { plan_id } = req.params as z.infer<typeof PlanParams>;
    const { run, progress } = await getPlanRun(deps, req.accountId, plan_id);
    return renderPlan(deps, req.accountId, run, progress);
  });

  app.post(
    '/app/api/routes/:route_handle/move',
    { schema: { hide: true, params: RouteParams, body: MoveBody, response: { 200: z.object({ from: RouteOut, to: RouteOut }) } } as object },
    async (req) => {
      const { route_handle } = req.params as z.infer<typeof RouteParams>;
      const b = req.body as z.infer<typeof MoveBody>;
      const moved = await moveBetweenRoutes(deps, req.accountId, route_handle, b.to_route_handle, { orderHandle: b.order_handle });
      return { from: renderRoute(moved.from), to: renderRoute(moved.to) };
    },
  );

  app.post('/app/api/routes/:route_handle/complete', { schema: { hide: true, params: RouteParams, response: { 200: RouteOut } } as object }, async (req) => {
    const { route_handle } = req.params as z.infer<typeof RouteParams>;
    return renderRoute(await completeRoute(deps, req.accountId, route_handle));
  });
}
