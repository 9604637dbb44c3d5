import { completeRoute } from '../../../services/routes/route-actions.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { renderRoute } from '../map.ts';
import { commonErrors, EmptyBody, RouteHandleParams, RouteVersionQuery } from '../schemas.ts';
import { RouteResponse } from '../response-schemas.ts';

export const registerCompleteRoute = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/orders/routes/:route_handle/complete',
    schema: {
      tags: ['Routes'],
      summary: 'Mark the route completed; its unfinished orders are cancelled',
      params: RouteHandleParams,
      querystring: RouteVersionQuery,
      body: EmptyBody,
      response: { 200: RouteResponse, ...commonErrors },
    },
    handler: async (req) => {
      const view = await completeRoute(ctx.deps, req.accountId, req.params.route_handle, req.query.version);
      return renderRoute(view, { publicUrl: ctx.publicUrl, now: ctx.deps.clock.now() });
    },
  });
