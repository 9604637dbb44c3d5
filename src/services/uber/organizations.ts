import { DomainError } from '../../core/errors.ts';
import type { UberMembership, UberOrganization } from '../../store/repos/uber-org.repo.ts';
import { isUniqueViolation } from '../../store/store.ts';
import type { Deps } from '../deps.ts';
import type { UberCaller } from './uber-auth.ts';

/**
 * Uber's organizations API (specs/uber-direct/organizations-openapi.yaml). The account's
 * `customer_id` is its root organization; CreateOrg makes sub-organizations under it, stored per
 * account. Refusals carry Uber's own messages (the spec's examples) (`details.rule` is ORGANIZATION_RULE).
 */
/** `details.rule` of an organizations refusal: its body is Uber's `{ message }` alone. */
export const ORGANIZATION_RULE = 'organization';

export const orgRefusal = (message: string) => new DomainError('invalid_request', message, { rule: ORGANIZATION_RULE });

export interface CreateOrgInput {
  info: Record<string, unknown> & { billing_type: string; address?: Record<string, unknown>; point_of_contact?: { email?: string } };
  parentOrganizationId: string;
  options: Record<string, unknown>;
}

export interface OrganizationView {
  organization_id: string;
  info: Record<string, unknown>;
  hierarchy_info: { parent_organization_id: string };
}

const view = (o: UberOrganization): OrganizationView => ({
  organization_id: o.organizationId,
  info: o.info,
  hierarchy_info: { parent_organization_id: o.parentOrganizationId },
});

/** Uber: a decentralized organization bills itself, so it needs where and whom to bill. */
function checkDecentralized(info: CreateOrgInput['info']): void {
  if (info.billing_type !== 'BILLING_TYPE_DECENTRALIZED') return;
  const a = info.address ?? {};
  for (const f of ['street1', 'country_iso2']) {
    if (typeof a[f] !== 'string' || !(a[f] as string).trim()) throw orgRefusal(`${f} is required for BILLING_TYPE_DECENTRALIZED`);
  }
  if (!info.point_of_contact?.email) throw orgRefusal('email is required for BILLING_TYPE_DECENTRALIZED');
}

export async function createOrganization(deps: Deps, caller: UberCaller, input: CreateOrgInput): Promise<OrganizationView> {
  checkDecentralized(input.info);
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    if (input.parentOrganizationId !== caller.customerId) {
      // The spec's two refusals: one of the account's sub-organizations is not a root; anything else is invalid.
      const sub = await repos.uberOrgs.findOrganization(caller.accountId, input.parentOrganizationId);
      if (sub) {
        throw orgRefusal(
          'gateway.partnermanager.create_organization gateway error: code:invalid-argument message:parent organization is not a root organization',
        );
      }
      throw orgRefusal('parent_organization_id is invalid');
    }
    const org: UberOrganization = {
      organizationId: deps.ids.uuid(),
      accountId: caller.accountId,
      parentOrganizationId: input.parentOrganizationId,
      info: input.info,
      options: input.options,
      createdAt: now,
    };
    await repos.uberOrgs.insertOrganization(org);
    return view(org);
  });
}

/** The account's sub-organization; null for any other id (Uber's 404). */
export async function getOrganization(deps: Deps, caller: UberCaller, organizationId: string): Promise<OrganizationView | null> {
  const org = await deps.store.repos.uberOrgs.findOrganization(caller.accountId, organizationId);
  return org ? view(org) : null;
}

export interface InviteInput {
  userDetails: Record<string, unknown> & { email: string };
  roles: string[];
}

export interface MembershipView {
  membership_id: string;
  organization_id: string;
  user_details: Record<string, unknown>;
  roles: string[];
}

/**
 * InviteToOrg: a membership of the root organization or one of the account's sub-organizations;
 * null when the organization is not the caller's. One membership per address (inferred: Uber
 * documents no duplicate refusal). Dropline sends no invitation e-mail (docs/uber-direct.md).
 */
export async function inviteToOrganization(deps: Deps, caller: UberCaller, organizationId: string, input: InviteInput): Promise<MembershipView | null> {
  const now = deps.clock.now();
  try {
    return await deps.store.transaction(async (repos) => {
      if (organizationId !== caller.customerId && !(await repos.uberOrgs.findOrganization(caller.accountId, organizationId))) return null;
      const m: UberMembership = {
        membershipId: deps.ids.uuid(),
        accountId: caller.accountId,
        organizationId,
        email: input.userDetails.email.toLowerCase(),
        userDetails: input.userDetails,
        roles: input.roles,
        createdAt: now,
      };
      await repos.uberOrgs.insertMembership(m);
      return { membership_id: m.membershipId, organization_id: organizationId, user_details: m.userDetails, roles: m.roles };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw orgRefusal('email is already a member of the organization');
    throw e;
  }
}

/**
 * The caller acting for the organization in a deliveries path: the root (the token's own
 * customer_id) or one of the account's sub-organizations, whose id "translates to the customer_id
 * parameter" (CreateOrg). Null for any other id (customer_not_found).
 */
export async function actingFor(deps: Deps, caller: UberCaller, customerId: string): Promise<UberCaller | null> {
  if (customerId === caller.customerId) return caller;
  const org = await deps.store.repos.uberOrgs.findOrganization(caller.accountId, customerId);
  return org ? { ...caller, customerId: org.organizationId } : null;
}
