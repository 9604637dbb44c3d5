import type { Repos } from '../../store/store.ts';
import type { Deps } from '../deps.ts';
import { hashSecret } from '../accounts/credentials.ts';

/** Shown once when the account is created; only hashes are stored. */
export interface BringgCredentials {
  service_uuid_1: string;
  service_uuid_2: string;
  client_id: string;
  client_secret: string;
}

/** The UUID pair of a service URL is the secret (Bringg reference §1); it is looked up by this hash. */
export const serviceSecretHash = (uuid1: string, uuid2: string): string => hashSecret(`${uuid1.toLowerCase()}/${uuid2.toLowerCase()}`);

/** A further service URL of the account, bound to a tag; its UUID pair is shown once. */
export async function createTaggedServiceUrl(
  deps: Deps,
  accountId: string,
  tagId: number,
): Promise<{ service_uuid_1: string; service_uuid_2: string; tag_id: number }> {
  const uuid1 = deps.ids.uuid();
  const uuid2 = deps.ids.uuid();
  await deps.store.repos.bringg.insertServiceUrl({
    secretHash: serviceSecretHash(uuid1, uuid2),
    accountId,
    tagId,
    createdAt: deps.clock.now(),
  });
  return { service_uuid_1: uuid1, service_uuid_2: uuid2, tag_id: tagId };
}

export async function createBringgCredentials(deps: Deps, repos: Repos, accountId: string, now: Date): Promise<BringgCredentials> {
  const creds: BringgCredentials = {
    service_uuid_1: deps.ids.uuid(),
    service_uuid_2: deps.ids.uuid(),
    client_id: deps.ids.uuid().replaceAll('-', ''),
    client_secret: deps.ids.secret(),
  };
  await repos.bringg.insertAccount({
    accountId,
    serviceSecretHash: serviceSecretHash(creds.service_uuid_1, creds.service_uuid_2),
    tagId: null,
    clientId: creds.client_id,
    clientSecretHash: hashSecret(creds.client_secret),
    signingKey: deps.ids.secret(),
    createdAt: now,
  });
  return creds;
}

declare module '../accounts/create-account.ts' {
  /** A new account's Bringg credentials (the Bringg dialect's `provisionAccount`). */
  interface DialectCredentials {
    bringg: BringgCredentials;
  }
}
