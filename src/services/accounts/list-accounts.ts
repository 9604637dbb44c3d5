import type { Deps } from '../deps.ts';

export async function listAccounts(deps: Deps) {
  const accounts = await deps.store.repos.accounts.list();
  return accounts.map((a) => ({ account_id: a.accountId, name: a.name, created_at: a.createdAt.toISOString() }));
}
