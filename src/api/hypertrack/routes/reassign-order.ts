import { z } from 'zod';
import { DomainError } from '../../../core/errors.ts';
import { ORDER_TYPES } from '../../../core/order/types.ts';
import { reassignOrder } from '../../../services/orders/reassign-order.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { renderOrderView } from '../map.ts';
import { commonErrors, OrderHandleParams, OrderKeyQuery } from '../schemas.ts';
import { OrderResponse } from '../response-schemas.ts';
import { toKey } from '../to-draft.ts';
import { int4 } from '../../shared/storable.ts';

const Body = z.object({
  worker_handle: z.string().min(1).nullish(),
  driver_handle: z.string().min(1).nullish(),
  ops_group_handle: z.string().nullish(),
  order_type: z.enum(ORDER_TYPES).nullish(),
  type_index: int4().min(0).nullish(),
});

export const registerReassignOrder = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/orders/:order_handle/reassign',
    schema: {
      tags: ['Orders'],
      summary: 'Reassign an order to a worker',
      params: OrderHandleParams,
      querystring: OrderKeyQuery,
      body: Body,
      response: { 200: OrderResponse, ...commonErrors },
    },
    handler: async (req) => {
      const b = req.body;
      const workerHandle = b.worker_handle ?? b.driver_handle;
      if (!workerHandle) {
        throw new DomainError('invalid_request', 'worker_handle is required', { location: 'json', field: 'worker_handle' });
      }
      // The body may name the stop too (order_type/type_index); the query wins when both are given.
      const key = toKey(req.params.order_handle, {
        type: req.query.type ?? b.order_type ?? undefined,
        type_index: req.query.type_index ?? b.type_index ?? undefined,
        fulfillment_attempt: req.query.fulfillment_attempt,
      });
      const view = await reassignOrder(ctx.deps, req.accountId, key, workerHandle);
      return renderOrderView(view, { publicUrl: ctx.publicUrl, now: ctx.deps.clock.now() });
    },
  });
