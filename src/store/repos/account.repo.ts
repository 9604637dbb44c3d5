import type { Kysely } from 'kysely';
import { type Account, type AccountBranding, brandingOf, brandingRecord } from '../../core/account.ts';
import type { DB } from '../schema.ts';

export interface AccountRepo {
  insert(account: Account): Promise<void>;
  find(accountId: string): Promise<Account | null>;
  list(): Promise<Account[]>;
  count(): Promise<number>;
  /** The account's branding; the default when the account has none (or does not exist). */
  findBranding(accountId: string): Promise<AccountBranding>;
  saveBranding(accountId: string, branding: AccountBranding): Promise<void>;
}

const fromRow = (r: Omit<DB['accounts'], 'branding'>): Account => ({
  accountId: r.account_id,
  name: r.name,
  secretHash: r.secret_hash,
  createdAt: r.created_at,
});

export class KyselyAccountRepo implements AccountRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(a: Account): Promise<void> {
    await this.db.insertInto('accounts').values({ account_id: a.accountId, name: a.name, secret_hash: a.secretHash, created_at: a.createdAt }).execute();
  }

  async find(accountId: string): Promise<Account | null> {
    const row = await this.db.selectFrom('accounts').selectAll().where('account_id', '=', accountId).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async list(): Promise<Account[]> {
    return (await this.db.selectFrom('accounts').selectAll().orderBy('created_at').execute()).map(fromRow);
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async findBranding(accountId: string): Promise<AccountBranding> {
    const row = await this.db.selectFrom('accounts').select('branding').where('account_id', '=', accountId).executeTakeFirst();
    const raw = typeof row?.branding === 'string' ? JSON.parse(row.branding) : row?.branding;
    return brandingOf(raw as Record<string, unknown> | undefined);
  }

  async saveBranding(accountId: string, branding: AccountBranding): Promise<void> {
    await this.db
      .updateTable('accounts')
      .set({ branding: JSON.stringify(brandingRecord(branding)) })
      .where('account_id', '=', accountId)
      .execute();
  }
}
