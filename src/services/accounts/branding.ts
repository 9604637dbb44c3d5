import type { AccountBranding } from '../../core/account.ts';
import type { Deps } from '../deps.ts';

export const getBranding = (deps: Deps, accountId: string): Promise<AccountBranding> => deps.store.repos.accounts.findBranding(accountId);

/** Replaces the fields given; the others keep their value. One statement: nothing half-written. */
export async function updateBranding(deps: Deps, accountId: string, patch: Partial<AccountBranding>): Promise<AccountBranding> {
  return deps.store.transaction(async (trx) => {
    const next = { ...(await trx.accounts.findBranding(accountId)), ...patch };
    await trx.accounts.saveBranding(accountId, next);
    return next;
  });
}
