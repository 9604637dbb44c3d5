import { z } from 'zod';
import { PLAN_MODES } from '../../../core/order/types.ts';
import { createOrders } from '../../../services/orders/create-orders.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { renderListedOrder, renderRoute } from '../map.ts';
import { placeItems } from '../place-destinations.ts';
import { commonErrors, OrderItemSchema, timestamp } from '../schemas.ts';
import { OrderResponse, RouteResponse } from '../response-schemas.ts';
import { toDraft } from '../to-draft.ts';

// HyperTrack OrderRequest: unlike /orders/track, scheduled_at is required here.
const Body = z.object({
  orders: z
    .array(OrderItemSchema.extend({ scheduled_at: timestamp }))
    .min(1)
    .max(1000),
  plan_mode: z.enum(PLAN_MODES),
  ops_group_handle: z.string().nullish(),
  worker_handle: z.string().min(1).nullish(),
  driver_handle: z.string().min(1).nullish(),
});

export const registerCreateOrders = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/orders',
    schema: {
      tags: ['Orders'],
      summary: 'Batch and sequence orders for planning',
      description:
        'With `worker_handle`, the orders become a new route for that worker in the given sequence (planned, then ' +
        'assigned) and the route is returned. Without one they are stored `unplanned` and returned as `{orders}`; ' +
        '`plan_mode: on_demand` orders are first dispatched to the available worker whose route they lengthen least ' +
        '(`assigned`), or keep `unplanned` with `planning_failure_reason`.',
      body: Body,
      response: { 201: z.union([RouteResponse, z.object({ orders: z.array(OrderResponse) })]), ...commonErrors },
    },
    handler: async (req, reply) => {
      const b = req.body;
      const placed = await placeItems(ctx.deps, b.orders, 'orders');
      const result = await createOrders(ctx.deps, req.accountId, {
        orders: placed.map((o) => toDraft(o, { opsGroupHandle: b.ops_group_handle, planMode: b.plan_mode })),
        planMode: b.plan_mode,
        workerHandle: b.worker_handle ?? b.driver_handle,
        opsGroupHandle: b.ops_group_handle,
      });
      const rc = { publicUrl: ctx.publicUrl, now: ctx.deps.clock.now() };
      reply.status(201);
      return result.route ? renderRoute(result.route, rc) : { orders: result.orders.map((o) => renderListedOrder(o, rc)) };
    },
  });
