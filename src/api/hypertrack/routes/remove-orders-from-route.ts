import { removeFromRoute } from '../../../services/routes/remove-from-route.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { renderRoute } from '../map.ts';
import { OrdersBody, stopKeys } from '../route-op-schemas.ts';
import { commonErrors, RouteHandleParams, RouteVersionQuery } from '../schemas.ts';
import { RouteResponse } from '../response-schemas.ts';

export const registerRemoveOrdersFromRoute = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/orders/routes/:route_handle/remove',
    schema: {
      tags: ['Routes'],
      summary: 'Remove orders from the route; they return to unplanned',
      params: RouteHandleParams,
      querystring: RouteVersionQuery,
      body: OrdersBody,
      response: { 200: RouteResponse, ...commonErrors },
    },
    handler: async (req) => {
      const view = await removeFromRoute(ctx.deps, req.accountId, req.params.route_handle, stopKeys(req.body.orders), req.query.version);
      return renderRoute(view, { publicUrl: ctx.publicUrl, now: ctx.deps.clock.now() });
    },
  });
