import type { FastifyInstance } from 'fastify';
import { createOrganization } from '../../../services/uber/organizations.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { UberContext } from '../context.ts';
import { callerOf } from '../guard.ts';
import { orgAuth } from '../org-guard.ts';
import { CreateOrgBody } from '../org-schemas.ts';
import { OrganizationResponse, orgErrors } from '../response-schemas.ts';

// organizations-openapi.yaml CreateOrg: a sub-organization under the account's root organization.
export const registerCreateOrg = (app: FastifyInstance, ctx: UberContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/organizations',
    schema: {
      tags: ['Uber Direct'],
      summary: 'CreateOrg: a sub-organization under the root organization (the customer_id)',
      security: [{ bearerAuth: [] }],
      body: CreateOrgBody,
      response: { 200: OrganizationResponse, ...orgErrors },
    },
    auth: orgAuth(ctx),
    handler: async (req) => {
      const b = req.body;
      return createOrganization(ctx.deps, callerOf(req), {
        info: b.info,
        parentOrganizationId: b.hierarchy_info.parent_organization_id,
        options: b.options ?? {},
      });
    },
  });
