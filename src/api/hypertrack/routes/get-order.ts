import { getOrder } from '../../../services/orders/read-orders.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { getOrderExample, orderNotFoundExample } from '../examples.ts';
import { renderOrderView } from '../map.ts';
import { commonErrors, OrderHandleParams, OrderKeyQuery } from '../schemas.ts';
import { OrderResponse } from '../response-schemas.ts';
import { toKey } from '../to-draft.ts';

export const registerGetOrder = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'GET',
    url: '/orders/:order_handle',
    schema: {
      tags: ['Orders'],
      summary: 'Get an order with its timeline',
      params: OrderHandleParams,
      querystring: OrderKeyQuery,
      response: { 200: OrderResponse, ...commonErrors },
    },
    examples: { response: { 200: getOrderExample, 404: orderNotFoundExample } },
    handler: async (req) => {
      const view = await getOrder(ctx.deps, req.accountId, toKey(req.params.order_handle, req.query));
      return renderOrderView(view, { publicUrl: ctx.publicUrl, now: ctx.deps.clock.now() });
    },
  });
