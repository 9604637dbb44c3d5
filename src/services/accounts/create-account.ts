import type { Deps } from '../deps.ts';
import { hashSecret } from './credentials.ts';

/**
 * Each dialect's credentials, under the dialect's name. A dialect that provisions credentials
 * declares its entry here from its own folder (module augmentation), so this file names none.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by each dialect's declaration
export interface DialectCredentials {}

/** Shown once at creation; only the secrets' hashes are stored. Each dialect's credentials sit under its key. */
export type NewAccountCredentials = {
  account_id: string;
  name: string;
  secret_key: string;
} & DialectCredentials;

export async function createAccount(deps: Deps, name: string): Promise<NewAccountCredentials> {
  const accountId = deps.ids.uuid().replaceAll('-', '').toUpperCase().slice(0, 24);
  const secret = deps.ids.secret();
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    await repos.accounts.insert({ accountId, name, secretHash: hashSecret(secret), createdAt: now });
    const created: { account_id: string; name: string; secret_key: string; [dialect: string]: unknown } = { account_id: accountId, name, secret_key: secret };
    // In registration order, one after the other: they share the creation transaction.
    for (const d of deps.dialects) if (d.provisionAccount) created[d.name] = await d.provisionAccount(deps, repos, accountId, now);
    // Each entry's type is its dialect's own declaration (module augmentation above), not known here.
    return created as unknown as NewAccountCredentials;
  });
}
