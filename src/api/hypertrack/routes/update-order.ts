import { z } from 'zod';
import { updateOrder } from '../../../services/orders/update-order.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { renderOrderView } from '../map.ts';
import { placeDestination } from '../place-destinations.ts';
import { commonErrors, DestinationSchema, OrderHandleParams, OrderKeyQuery, timestamp } from '../schemas.ts';
import { OrderResponse } from '../response-schemas.ts';
import { toDraft, toKey } from '../to-draft.ts';
import { int4 } from '../../shared/storable.ts';

const Body = z.object({
  metadata: z.record(z.string(), z.unknown()).nullish(),
  destination: DestinationSchema.nullish(),
  scheduled_at: timestamp.nullish(),
  scheduled_after: timestamp.nullish(),
  expected_service_time: int4().min(0).nullish(),
  product_type: z.array(z.string()).nullish(),
  capacity_used: int4().min(0).nullish(),
  ops_group_handle: z.string().nullish(),
});

const dateOrKeep = (v: string | null | undefined) => (v === undefined ? undefined : v === null ? null : new Date(v));

export const registerUpdateOrder = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'PATCH',
    url: '/orders/:order_handle',
    schema: {
      tags: ['Orders'],
      summary: 'Update an order',
      description: 'The destination can only change before tracking starts; a finished order only takes metadata.',
      params: OrderHandleParams,
      querystring: OrderKeyQuery,
      body: Body,
      response: { 200: OrderResponse, ...commonErrors },
    },
    handler: async (req) => {
      const b = req.body;
      const placed = b.destination ? await placeDestination(ctx.deps, b.destination, { location: 'json', field: 'destination.address' }) : null;
      const destination = placed ? toDraft({ order_handle: req.params.order_handle, destination: placed }, {}).destination : undefined;
      const view = await updateOrder(ctx.deps, req.accountId, toKey(req.params.order_handle, req.query), {
        metadata: b.metadata ?? undefined,
        destination,
        scheduledAt: dateOrKeep(b.scheduled_at),
        scheduledAfter: dateOrKeep(b.scheduled_after),
        expectedServiceTime: b.expected_service_time ?? undefined,
        productType: b.product_type,
        capacityUsed: b.capacity_used ?? undefined,
        opsGroupHandle: b.ops_group_handle,
      });
      return renderOrderView(view, { publicUrl: ctx.publicUrl, now: ctx.deps.clock.now() });
    },
  });
