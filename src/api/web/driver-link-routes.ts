import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../services/deps.ts';
import { DEFAULT_LINK_HOURS, issueDriverLink, listDriverLinks, revokeDriverLink } from '../../services/drivers/driver-links.ts';
import { driverLinkJson, IssueLinkBody, issuedLinkJson } from '../shared/driver-link-json.ts';
import { webError } from './errors.ts';

const WorkerParams = z.object({ worker_handle: z.string().min(1).max(255) });
const LinkParams = WorkerParams.extend({ link_id: z.string().min(1).max(100) });

/** The dashboard's driver sign-in links: the same operations as the native /workers/{h}/driver_links. */
export function registerDriverLinkRoutes(app: FastifyInstance, deps: Deps, publicUrl: string) {
  app.post(
    '/app/api/workers/:worker_handle/driver_links',
    { schema: { hide: true, params: WorkerParams, body: IssueLinkBody.optional() } as object },
    async (req, reply) => {
      const { worker_handle } = req.params as z.infer<typeof WorkerParams>;
      const body = req.body as z.infer<typeof IssueLinkBody> | undefined;
      const { link, token } = await issueDriverLink(deps, req.accountId, worker_handle, body?.expires_in_hours ?? DEFAULT_LINK_HOURS);
      reply.status(201);
      return issuedLinkJson(link, token, publicUrl, deps.clock.now());
    },
  );

  app.get('/app/api/workers/:worker_handle/driver_links', { schema: { hide: true, params: WorkerParams } as object }, async (req) => {
    const { worker_handle } = req.params as z.infer<typeof WorkerParams>;
    const now = deps.clock.now();
    return { links: (await listDriverLinks(deps, req.accountId, worker_handle)).map((l) => driverLinkJson(l, now)) };
  });

  app.delete('/app/api/workers/:worker_handle/driver_links/:link_id', { schema: { hide: true, params: LinkParams } as object }, async (req, reply) => {
    const { worker_handle, link_id } = req.params as z.infer<typeof LinkParams>;
    if (!(await revokeDriverLink(deps, req.accountId, worker_handle, link_id))) {
      const out = webError(404, 'driver_link_not_found', 'Driver link could not be found');
      return reply.status(out.status).send(out.body);
    }
    return reply.status(204).send();
  });
}
