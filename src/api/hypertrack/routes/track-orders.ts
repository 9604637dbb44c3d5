import { z } from 'zod';
import { TRACK_MODES } from '../../../core/order/types.ts';
import { trackOrders } from '../../../services/orders/track-orders.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { trackOrdersExample } from '../examples.ts';
import { renderRoute } from '../map.ts';
import { placeItems } from '../place-destinations.ts';
import { commonErrors, OrderItemSchema } from '../schemas.ts';
import { RouteResponse } from '../response-schemas.ts';
import { toDraft } from '../to-draft.ts';
import { int4 } from '../../shared/storable.ts';

const Body = z.object({
  track_mode: z.enum(TRACK_MODES),
  route_handle: z.string().min(1).nullish(),
  worker_handle: z.string().min(1).nullish(),
  driver_handle: z.string().min(1).nullish(),
  device_id: z.string().min(1).nullish(),
  ops_group_handle: z.string().nullish(),
  orders: z.array(OrderItemSchema).max(1000).nullish(),
  route: z.object({ route_handle: z.string().min(1).nullish(), metadata: z.record(z.string(), z.unknown()).nullish() }).nullish(),
  version: int4().min(1).nullish(),
  // Dropline tracks a route with the device chosen here (device_id, else the worker's current one)
  // until it ends and never switches devices: HyperTrack's `manual`. The modes that switch are
  // refused rather than accepted and not run (docs/native-api.md, Workers and devices).
  device_switch_mode: z
    .enum(['manual', 'login', 'closest_to_destination'])
    .refine((v) => v === 'manual', 'Dropline never switches the device of a tracked route; only manual is supported')
    .nullish(),
});

export const registerTrackOrders = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/orders/track',
    schema: {
      tags: ['Orders'],
      summary: 'Create orders and start tracking them, or start tracking a planned route',
      description:
        'With `route_handle`, the route is tracked by its worker (or the given `worker_handle`/`device_id`) and the ' +
        'other fields are ignored. Otherwise `orders` are created on a new route for the worker and started. ' +
        '`pre_shift` dispatches the orders to the device instead of starting them.',
      body: Body,
      response: { 201: RouteResponse, ...commonErrors },
    },
    examples: { body: trackOrdersExample.body, response: { 201: trackOrdersExample.response } },
    handler: async (req, reply) => {
      const b = req.body;
      const placed = b.orders ? await placeItems(ctx.deps, b.orders, 'orders') : b.orders;
      const view = await trackOrders(ctx.deps, req.accountId, {
        trackMode: b.track_mode,
        routeHandle: b.route_handle,
        workerHandle: b.worker_handle ?? b.driver_handle,
        deviceId: b.device_id,
        opsGroupHandle: b.ops_group_handle,
        orders: placed?.map((o) => toDraft(o, { opsGroupHandle: b.ops_group_handle, trackMode: b.track_mode })),
        route: b.route ? { routeHandle: b.route.route_handle, metadata: b.route.metadata } : null,
        version: b.version,
      });
      reply.status(201);
      return renderRoute(view, { publicUrl: ctx.publicUrl, now: ctx.deps.clock.now() });
    },
  });
