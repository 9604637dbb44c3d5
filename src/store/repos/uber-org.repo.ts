import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../schema.ts';

/** A sub-organization made by CreateOrg; `info` and `options` are the request's, as validated. */
export interface UberOrganization {
  organizationId: string;
  accountId: string;
  parentOrganizationId: string;
  info: Record<string, unknown>;
  options: Record<string, unknown>;
  createdAt: Date;
}

export interface UberMembership {
  membershipId: string;
  accountId: string;
  organizationId: string;
  /** Lower-cased: one membership per address and organization. */
  email: string;
  userDetails: Record<string, unknown>;
  roles: string[];
  createdAt: Date;
}

export interface UberOrgRepo {
  insertOrganization(o: UberOrganization): Promise<void>;
  /** The account's organization with this id (ids are case-sensitive, as Uber's). */
  findOrganization(accountId: string, organizationId: string): Promise<UberOrganization | null>;
  insertMembership(m: UberMembership): Promise<void>;
}

const revive = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

const orgFromRow = (r: Selectable<DB['uber_organizations']>): UberOrganization => ({
  organizationId: r.organization_id,
  accountId: r.account_id,
  parentOrganizationId: r.parent_organization_id,
  info: revive(r.info),
  options: revive(r.options),
  createdAt: r.created_at,
});

export class KyselyUberOrgRepo implements UberOrgRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async insertOrganization(o: UberOrganization): Promise<void> {
    await this.db
      .insertInto('uber_organizations')
      .values({
        organization_id: o.organizationId,
        account_id: o.accountId,
        parent_organization_id: o.parentOrganizationId,
        info: JSON.stringify(o.info),
        options: JSON.stringify(o.options),
        created_at: o.createdAt,
      })
      .execute();
  }

  async findOrganization(accountId: string, organizationId: string): Promise<UberOrganization | null> {
    const row = await this.db
      .selectFrom('uber_organizations')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('organization_id', '=', organizationId)
      .executeTakeFirst();
    return row ? orgFromRow(row) : null;
  }

  async insertMembership(m: UberMembership): Promise<void> {
    await this.db
      .insertInto('uber_memberships')
      .values({
        membership_id: m.membershipId,
        account_id: m.accountId,
        organization_id: m.organizationId,
        email: m.email,
        user_details: JSON.stringify(m.userDetails),
        roles: JSON.stringify(m.roles),
        created_at: m.createdAt,
      })
      .execute();
  }
}
