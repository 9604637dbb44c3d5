import { DEFAULT_PRICE_MODEL } from '../../core/pricing.ts';
import type { Repos } from '../../store/store.ts';
import { hashSecret } from '../accounts/credentials.ts';
import type { Deps } from '../deps.ts';

export interface UberClientCredentials {
  client_id: string;
  client_secret: string;
}

/**
 * Shown once when the account is created; only hashes are stored. The test pair's deliveries
 * have `live_mode:false` (reference §1: the dashboard's "Test mode" shows a separate set).
 */
export interface UberCredentials {
  customer_id: string;
  live: UberClientCredentials;
  test: UberClientCredentials;
}

async function newClient(deps: Deps, repos: Repos, accountId: string, liveMode: boolean, now: Date): Promise<UberClientCredentials> {
  const creds = { client_id: deps.ids.secret(), client_secret: deps.ids.secret() };
  await repos.uber.insertClient({
    clientId: creds.client_id,
    accountId,
    liveMode,
    clientSecretHash: hashSecret(creds.client_secret),
    signingKey: deps.ids.secret(),
    createdAt: now,
  });
  return creds;
}

export async function createUberCredentials(deps: Deps, repos: Repos, accountId: string, now: Date): Promise<UberCredentials> {
  // Uber: a customer_id is "either UUID or starts with cus_" (seed 003); Dropline issues UUIDs.
  const customerId = deps.ids.uuid();
  await repos.uber.insertAccount({ accountId, customerId, pricing: DEFAULT_PRICE_MODEL, createdAt: now });
  return {
    customer_id: customerId,
    live: await newClient(deps, repos, accountId, true, now),
    test: await newClient(deps, repos, accountId, false, now),
  };
}

declare module '../accounts/create-account.ts' {
  /** A new account's Uber credentials (the Uber dialect's `provisionAccount`). */
  interface DialectCredentials {
    uber: UberCredentials;
  }
}
