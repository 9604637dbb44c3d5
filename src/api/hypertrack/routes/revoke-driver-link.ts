import { z } from 'zod';
import { revokeDriverLink } from '../../../services/drivers/driver-links.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { commonErrors } from '../schemas.ts';

export const registerRevokeDriverLink = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'DELETE',
    url: '/workers/:worker_handle/driver_links/:link_id',
    schema: {
      tags: ['Driver app'],
      summary: 'Revoke a driver-app sign-in link: it signs in no more, and its sessions end at their next request',
      params: z.object({ worker_handle: z.string().min(1).max(255), link_id: z.string().min(1).max(100) }),
      response: { 204: z.null(), ...commonErrors },
    },
    handler: async (req, reply) => {
      if (!(await revokeDriverLink(ctx.deps, req.accountId, req.params.worker_handle, req.params.link_id))) {
        return reply
          .status(404)
          .send({ code: 'driver_link_not_found', title: 'Driver Link Not Found', detail: { description: 'Driver link could not be found' } });
      }
      return reply.status(204).send();
    },
  });
