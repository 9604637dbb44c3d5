import { updateRoute } from '../../../services/routes/update-route.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { renderRoute } from '../map.ts';
import { PatchRouteBody } from '../route-op-schemas.ts';
import { commonErrors, RouteHandleParams, RouteVersionQuery } from '../schemas.ts';
import { RouteResponse } from '../response-schemas.ts';

export const registerUpdateRoute = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'PATCH',
    url: '/orders/routes/:route_handle',
    schema: {
      tags: ['Routes'],
      summary: 'Update the route metadata (merged into the stored metadata)',
      params: RouteHandleParams,
      querystring: RouteVersionQuery,
      body: PatchRouteBody,
      response: { 200: RouteResponse, ...commonErrors },
    },
    handler: async (req) => {
      const view = await updateRoute(ctx.deps, req.accountId, req.params.route_handle, req.body.metadata, req.query.version);
      return renderRoute(view, { publicUrl: ctx.publicUrl, now: ctx.deps.clock.now() });
    },
  });
