import { getRoute } from '../../../services/routes/route-actions.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { renderRoute } from '../map.ts';
import { commonErrors, RouteHandleParams } from '../schemas.ts';
import { RouteResponse } from '../response-schemas.ts';

export const registerGetRoute = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'GET',
    url: '/orders/routes/:route_handle',
    schema: {
      tags: ['Routes'],
      summary: 'Get a route with its orders',
      params: RouteHandleParams,
      response: { 200: RouteResponse, ...commonErrors },
    },
    handler: async (req) =>
      renderRoute(await getRoute(ctx.deps, req.accountId, req.params.route_handle), {
        publicUrl: ctx.publicUrl,
        now: ctx.deps.clock.now(),
      }),
  });
