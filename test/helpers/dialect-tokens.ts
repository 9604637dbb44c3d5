import { expect } from 'vitest';
import type { NewAccountCredentials } from '../../src/services/accounts/create-account.ts';
import type { TestApi } from './api.ts';

/** An Uber Direct access token for the account's live client, for `scope`. */
export async function uberToken(t: TestApi, creds: NewAccountCredentials, scope = 'eats.deliveries direct.organizations'): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/oauth/v2/token',
    payload: { client_id: creds.uber.live.client_id, client_secret: creds.uber.live.client_secret, grant_type: 'client_credentials', scope },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().access_token as string;
}

/** A Bringg OAuth access token for the account. */
export async function bringgToken(t: TestApi, creds: NewAccountCredentials): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/oauth/token',
    payload: { grant_type: 'client_credentials', client_id: creds.bringg.client_id, client_secret: creds.bringg.client_secret },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().access_token as string;
}
