import type { FastifyInstance } from 'fastify';
import { getOrganization } from '../../../services/uber/organizations.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { UberContext } from '../context.ts';
import { callerOf } from '../guard.ts';
import { orgAuth, orgNotFound } from '../org-guard.ts';
import { OrganizationResponse, orgErrors } from '../response-schemas.ts';
import { OrganizationParams } from '../schemas.ts';

// organizations-openapi.yaml GetOrg.
export const registerGetOrg = (app: FastifyInstance, ctx: UberContext) =>
  defineRoute(app, {
    method: 'GET',
    url: '/organizations/:organization_id',
    schema: {
      tags: ['Uber Direct'],
      summary: 'GetOrg: a sub-organization made by CreateOrg',
      security: [{ bearerAuth: [] }],
      params: OrganizationParams,
      response: { 200: OrganizationResponse, ...orgErrors },
    },
    auth: orgAuth(ctx),
    handler: async (req, reply) => (await getOrganization(ctx.deps, callerOf(req), req.params.organization_id)) ?? orgNotFound(reply),
  });
