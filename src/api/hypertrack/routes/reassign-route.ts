import { z } from 'zod';
import { reassignRoute } from '../../../services/routes/route-actions.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { renderRoute } from '../map.ts';
import { commonErrors, RouteHandleParams, RouteVersionQuery } from '../schemas.ts';
import { RouteResponse } from '../response-schemas.ts';

const Body = z.object({
  worker_handle: z.string().min(1).nullish(),
  driver_handle: z.string().min(1).nullish(),
  device_id: z.string().min(1).nullish(),
});

export const registerReassignRoute = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/orders/routes/:route_handle/reassign',
    schema: {
      tags: ['Routes'],
      summary: 'Reassign the route to a different worker (by worker_handle or device_id)',
      params: RouteHandleParams,
      querystring: RouteVersionQuery,
      body: Body,
      response: { 200: RouteResponse, ...commonErrors },
    },
    handler: async (req) => {
      const view = await reassignRoute(ctx.deps, req.accountId, req.params.route_handle, {
        workerHandle: req.body.worker_handle ?? req.body.driver_handle,
        deviceId: req.body.device_id,
        version: req.query.version,
      });
      return renderRoute(view, { publicUrl: ctx.publicUrl, now: ctx.deps.clock.now() });
    },
  });
