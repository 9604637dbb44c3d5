import { z } from 'zod';
import { listDriverLinks } from '../../../services/drivers/driver-links.ts';
import { defineRoute } from '../../shared/define-route.ts';
import { DriverLinkOut, driverLinkJson } from '../../shared/driver-link-json.ts';
import type { HtApp, HtContext } from '../context.ts';
import { commonErrors, WorkerHandleParams } from '../schemas.ts';

export const registerListDriverLinks = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'GET',
    url: '/workers/:worker_handle/driver_links',
    schema: {
      tags: ['Driver app'],
      summary: "A worker's driver-app sign-in links, newest first (tokens are never shown again)",
      params: WorkerHandleParams,
      response: { 200: z.object({ links: z.array(DriverLinkOut) }), ...commonErrors },
    },
    handler: async (req) => {
      const now = ctx.deps.clock.now();
      return { links: (await listDriverLinks(ctx.deps, req.accountId, req.params.worker_handle)).map((l) => driverLinkJson(l, now)) };
    },
  });
