import { addToRoute } from '../../../services/routes/add-to-route.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { renderRoute } from '../map.ts';
import { AddOrdersBody, stopKeys } from '../route-op-schemas.ts';
import { commonErrors, RouteHandleParams, RouteVersionQuery } from '../schemas.ts';
import { RouteResponse } from '../response-schemas.ts';

export const registerAddOrdersToRoute = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/orders/routes/:route_handle/add',
    schema: {
      tags: ['Routes'],
      summary: 'Add unplanned orders to the route, each at its cheapest place unless resequence is false',
      params: RouteHandleParams,
      querystring: RouteVersionQuery,
      body: AddOrdersBody,
      response: { 200: RouteResponse, ...commonErrors },
    },
    handler: async (req) => {
      const view = await addToRoute(ctx.deps, req.accountId, req.params.route_handle, {
        orders: stopKeys(req.body.orders),
        resequence: req.body.resequence ?? true,
        version: req.query.version,
      });
      return renderRoute(view, { publicUrl: ctx.publicUrl, now: ctx.deps.clock.now() });
    },
  });
