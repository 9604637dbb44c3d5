import type { Deps } from '../deps.ts';
import { hashSecret } from './credentials.ts';

/** Shown once at creation; only the secret's hash is stored. */
export interface NewAccountCredentials {
  account_id: string;
  name: string;
  secret_key: string;
}

export async function createAccount(deps: Deps, name: string): Promise<NewAccountCredentials> {
  const accountId = deps.ids.uuid().replaceAll('-', '').toUpperCase().slice(0, 24);
  const secret = deps.ids.secret();
  await deps.store.repos.accounts.insert({
    accountId,
    name,
    secretHash: hashSecret(secret),
    createdAt: deps.clock.now(),
  });
  return { account_id: accountId, name, secret_key: secret };
}
