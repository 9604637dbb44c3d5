import type { Kysely } from 'kysely';
import type { Account } from '../../core/account.ts';
import type { DB } from '../schema.ts';

export interface AccountRepo {
  insert(account: Account): Promise<void>;
  find(accountId: string): Promise<Account | null>;
  list(): Promise<Account[]>;
  count(): Promise<number>;
}

const fromRow = (r: DB['accounts']): Account => ({
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
}
