import { type BringgCredentials, createBringgCredentials } from '../bringg/bringg-credentials.ts';
import type { Deps } from '../deps.ts';
import { createUberCredentials, type UberCredentials } from '../uber/uber-credentials.ts';
import { hashSecret } from './credentials.ts';

/** Shown once at creation; only the secrets' hashes are stored. Each dialect's credentials sit under its key. */
export interface NewAccountCredentials {
  account_id: string;
  name: string;
  secret_key: string;
  bringg: BringgCredentials;
  uber: UberCredentials;
}

export async function createAccount(deps: Deps, name: string): Promise<NewAccountCredentials> {
  const accountId = deps.ids.uuid().replaceAll('-', '').toUpperCase().slice(0, 24);
  const secret = deps.ids.secret();
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    await repos.accounts.insert({ accountId, name, secretHash: hashSecret(secret), createdAt: now });
    const bringg = await createBringgCredentials(deps, repos, accountId, now);
    const uber = await createUberCredentials(deps, repos, accountId, now);
    return { account_id: accountId, name, secret_key: secret, bringg, uber };
  });
}
