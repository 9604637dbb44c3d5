import { getOrder } from '../../../services/orders/read-orders.ts';
import type { HtApp, HtContext } from '../context.ts';
import { renderOrderView } from '../map.ts';
import { commonErrors, OrderHandleParams, OrderKeyQuery, OrderResponse } from '../schemas.ts';
import { toKey } from '../to-draft.ts';

export const registerGetOrder = (app: HtApp, ctx: HtContext) =>
  app.get(
    '/orders/:order_handle',
    {
      schema: {
        tags: ['Orders'],
        summary: 'Get an order with its timeline',
        params: OrderHandleParams,
        querystring: OrderKeyQuery,
        response: { 200: OrderResponse, ...commonErrors },
      },
    },
    async (req) => {
      const view = await getOrder(ctx.deps, req.accountId, toKey(req.params.order_handle, req.query));
      return renderOrderView(view, { publicUrl: ctx.publicUrl, now: ctx.deps.clock.now() });
    },
  );
