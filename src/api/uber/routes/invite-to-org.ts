import type { FastifyInstance } from 'fastify';
import { inviteToOrganization } from '../../../services/uber/organizations.ts';
import type { UberContext } from '../context.ts';
import { orgGuarded, orgNotFound } from '../org-guard.ts';
import { InviteBody, parseOrg } from '../org-schemas.ts';

// organizations-openapi.yaml InviteToOrg.
export const registerInviteToOrg = (app: FastifyInstance, ctx: UberContext) =>
  app.post(
    '/organizations/:organization_id/memberships/invite',
    { schema: { tags: ['Uber Direct'], summary: 'InviteToOrg: a membership of the root or a sub-organization', security: [{ bearerAuth: [] }] } },
    orgGuarded(ctx, async (caller, req, reply) => {
      const b = parseOrg(InviteBody, req.body);
      const m = await inviteToOrganization(ctx.deps, caller, (req.params as { organization_id: string }).organization_id, {
        userDetails: b.user_details,
        roles: b.roles,
      });
      return m ?? orgNotFound(reply);
    }),
  );
