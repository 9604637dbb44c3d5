import type { Account } from '../../core/account.ts';
import type { Deps } from '../deps.ts';
import { secretMatches } from './credentials.ts';

/**
 * Checks `account_id:secret_key` pairs. Accounts are few and immutable, so they are cached after
 * the first read and every request costs one SHA-256, not a query.
 */
export class Authenticator {
  private readonly cache = new Map<string, Account>();

  constructor(private readonly deps: Deps) {}

  async verify(accountId: string, secret: string): Promise<Account | null> {
    let account = this.cache.get(accountId);
    if (!account) {
      const found = await this.deps.store.repos.accounts.find(accountId);
      if (!found) return null;
      account = found;
      this.cache.set(accountId, account);
    }
    return secretMatches(secret, account.secretHash) ? account : null;
  }
}
