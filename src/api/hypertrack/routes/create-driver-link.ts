import { DEFAULT_LINK_HOURS, issueDriverLink } from '../../../services/drivers/driver-links.ts';
import { defineRoute } from '../../shared/define-route.ts';
import { DriverLinkIssuedOut, IssueLinkBody, issuedLinkJson } from '../../shared/driver-link-json.ts';
import type { HtApp, HtContext } from '../context.ts';
import { commonErrors, WorkerHandleParams } from '../schemas.ts';

export const registerCreateDriverLink = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/workers/:worker_handle/driver_links',
    schema: {
      tags: ['Driver app'],
      summary: "Issue a worker's driver-app sign-in link and QR code (the token is shown once)",
      description:
        'Opening the link on a phone signs the driver in at /driver (docs/driver-app.md). Expires after `expires_in_hours` (default 168, at most 720).',
      params: WorkerHandleParams,
      body: IssueLinkBody.optional(),
      response: { 201: DriverLinkIssuedOut, ...commonErrors },
    },
    handler: async (req, reply) => {
      const { link, token } = await issueDriverLink(ctx.deps, req.accountId, req.params.worker_handle, req.body?.expires_in_hours ?? DEFAULT_LINK_HOURS);
      reply.status(201);
      return issuedLinkJson(link, token, ctx.publicUrl, ctx.deps.clock.now());
    },
  });
