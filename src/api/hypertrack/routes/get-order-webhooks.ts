import { z } from 'zod';
import { ORDER_STATUSES } from '../../../core/order/types.ts';
import { replayOrderWebhooks } from '../../../services/webhooks/replay.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { commonErrors, OrderHandleParams, OrderKeyQuery } from '../schemas.ts';
import { toKey } from '../to-draft.ts';

/**
 * One order event as formats/hypertrack.ts renders it. `data` is typed for the fields every order
 * event has and left open past them: each `value` adds its own (reference §8: remaining_distance,
 * arrival, risks, task …), and they are the webhook's, documented with the webhooks.
 */
const OrderWebhookDocument = z.strictObject({
  created_at: z.iso.datetime(),
  recorded_at: z.iso.datetime(),
  device_id: z.string().nullable(),
  worker_handle: z.string().nullable(),
  account_id: z.string(),
  type: z.literal('order'),
  data: z.looseObject({
    value: z.string(),
    order_handle: z.string(),
    status: z.enum(ORDER_STATUSES),
    route_handle: z.string().optional(),
    share_url: z.string(),
    metadata: z.record(z.string(), z.unknown()),
    scheduled_at: z.string().optional(),
  }),
  version: z.literal('3.0.0'),
});

export const registerGetOrderWebhooks = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'GET',
    url: '/orders/:order_handle/webhooks',
    schema: {
      tags: ['Orders'],
      summary: "Replay the order's webhook events as HyperTrack event documents, oldest first",
      params: OrderHandleParams,
      querystring: OrderKeyQuery,
      response: { 200: z.array(OrderWebhookDocument), ...commonErrors },
    },
    handler: async (req) => replayOrderWebhooks(ctx.deps, req.accountId, toKey(req.params.order_handle, req.query), ctx.publicUrl),
  });
