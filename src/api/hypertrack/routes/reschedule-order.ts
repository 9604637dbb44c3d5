import { z } from 'zod';
import { reschedule } from '../../../services/orders/reschedule-order.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { renderOrderView } from '../map.ts';
import { commonErrors, OrderHandleParams, OrderKeyQuery, timestamp } from '../schemas.ts';
import { OrderResponse } from '../response-schemas.ts';
import { toKey } from '../to-draft.ts';

const Body = z.object({ scheduled_at: timestamp, scheduled_after: timestamp.nullish() });

export const registerRescheduleOrder = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/orders/:order_handle/reschedule',
    schema: {
      tags: ['Orders'],
      summary: 'Reschedule an order: open its next fulfillment attempt at the new time',
      description:
        'The new attempt starts unplanned. An unfinished current attempt is cancelled and recreated; ' +
        'a finished one (e.g. a failed delivery) is kept. Older attempts stay readable with `fulfillment_attempt`.',
      params: OrderHandleParams,
      querystring: OrderKeyQuery,
      body: Body,
      response: { 200: OrderResponse, ...commonErrors },
    },
    handler: async (req) => {
      const view = await reschedule(ctx.deps, req.accountId, toKey(req.params.order_handle, req.query), {
        scheduledAt: new Date(req.body.scheduled_at),
        scheduledAfter: req.body.scheduled_after ? new Date(req.body.scheduled_after) : null,
      });
      return renderOrderView(view, { publicUrl: ctx.publicUrl, now: ctx.deps.clock.now() });
    },
  });
