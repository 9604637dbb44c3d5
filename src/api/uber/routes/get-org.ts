import type { FastifyInstance } from 'fastify';
import { getOrganization } from '../../../services/uber/organizations.ts';
import type { UberContext } from '../context.ts';
import { orgGuarded, orgNotFound } from '../org-guard.ts';

// organizations-openapi.yaml GetOrg.
export const registerGetOrg = (app: FastifyInstance, ctx: UberContext) =>
  app.get(
    '/organizations/:organization_id',
    { schema: { tags: ['Uber Direct'], summary: 'GetOrg: a sub-organization made by CreateOrg', security: [{ bearerAuth: [] }] } },
    orgGuarded(ctx, async (caller, req, reply) => {
      const org = await getOrganization(ctx.deps, caller, (req.params as { organization_id: string }).organization_id);
      return org ?? orgNotFound(reply);
    }),
  );
