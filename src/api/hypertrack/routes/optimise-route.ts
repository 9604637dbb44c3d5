import { optimiseRoute } from '../../../services/routes/optimise-route.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { renderRoute } from '../map.ts';
import { commonErrors, EmptyBody, RouteHandleParams, RouteVersionQuery } from '../schemas.ts';
import { RouteResponse } from '../response-schemas.ts';

export const registerOptimiseRoute = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/orders/routes/:route_handle/optimise',
    schema: {
      tags: ['Routes'],
      summary: 'Optimise the sequence of the open orders; started orders keep their places',
      params: RouteHandleParams,
      // HyperTrack's optimise lists no `version`; Dropline takes it like the other route mutations.
      querystring: RouteVersionQuery,
      body: EmptyBody,
      response: { 200: RouteResponse, ...commonErrors },
    },
    handler: async (req) =>
      renderRoute(await optimiseRoute(ctx.deps, req.accountId, req.params.route_handle, req.query.version), {
        publicUrl: ctx.publicUrl,
        now: ctx.deps.clock.now(),
      }),
  });
