import type { FastifyInstance } from 'fastify';
import { inviteToOrganization } from '../../../services/uber/organizations.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { UberContext } from '../context.ts';
import { callerOf } from '../guard.ts';
import { orgAuth, orgNotFound } from '../org-guard.ts';
import { InviteBody } from '../org-schemas.ts';
import { MembershipResponse, orgErrors } from '../response-schemas.ts';
import { OrganizationParams } from '../schemas.ts';

// organizations-openapi.yaml InviteToOrg.
export const registerInviteToOrg = (app: FastifyInstance, ctx: UberContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/organizations/:organization_id/memberships/invite',
    schema: {
      tags: ['Uber Direct'],
      summary: 'InviteToOrg: a membership of the root or a sub-organization',
      security: [{ bearerAuth: [] }],
      params: OrganizationParams,
      body: InviteBody,
      response: { 200: MembershipResponse, ...orgErrors },
    },
    auth: orgAuth(ctx),
    handler: async (req, reply) => {
      const b = req.body;
      const m = await inviteToOrganization(ctx.deps, callerOf(req), req.params.organization_id, { userDetails: b.user_details, roles: b.roles });
      return m ?? orgNotFound(reply);
    },
  });
