import type { FastifyInstance } from 'fastify';
import { createOrganization } from '../../../services/uber/organizations.ts';
import type { UberContext } from '../context.ts';
import { orgGuarded } from '../org-guard.ts';
import { CreateOrgBody, parseOrg } from '../org-schemas.ts';

// organizations-openapi.yaml CreateOrg: a sub-organization under the account's root organization.
export const registerCreateOrg = (app: FastifyInstance, ctx: UberContext) =>
  app.post(
    '/organizations',
    {
      schema: { tags: ['Uber Direct'], summary: 'CreateOrg: a sub-organization under the root organization (the customer_id)', security: [{ bearerAuth: [] }] },
    },
    orgGuarded(ctx, async (caller, req) => {
      const b = parseOrg(CreateOrgBody, req.body);
      return createOrganization(ctx.deps, caller, {
        info: b.info,
        parentOrganizationId: b.hierarchy_info.parent_organization_id,
        options: b.options ?? {},
      });
    }),
  );
