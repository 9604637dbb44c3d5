import { DeliveriesClient } from 'uber-direct';
import { expect } from 'vitest';
import { createAccount, type NewAccountCredentials } from '../../src/services/accounts/create-account.ts';
import { type ApiClient, basicAuth, type TestApi } from './api.ts';

export type UberMode = 'live' | 'test';

export interface UberTestClient {
  creds: NewAccountCredentials;
  customerId: string;
  token: string;
  /** Uber's official SDK, pointed at the local server. */
  client: DeliveriesClient;
  /** The same account through the native API. */
  native: ApiClient;
  /** A raw request to the listening server, for what the SDK cannot send. */
  raw(method: string, path: string, init?: { body?: string; headers?: Record<string, string> }): Promise<{ status: number; body: unknown }>;
}

/** The listening address of the test server; the SDK talks HTTP, not inject. */
export async function listen(t: TestApi): Promise<string> {
  const addr = t.app.server.address();
  if (addr && typeof addr === 'object') return `http://127.0.0.1:${addr.port}`;
  return t.app.listen({ port: 0, host: '127.0.0.1' });
}

/** A token as the SDK's getAccessToken asks for it: a form POST with both scopes (reference §1). */
export async function fetchToken(url: string, clientId: string, clientSecret: string): Promise<Response> {
  return fetch(`${url}/oauth/v2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: clientId,
      client_secret: clientSecret,
      grant_type: 'client_credentials',
      scope: ['direct.organizations', 'eats.deliveries'].join(' '),
    }).toString(),
  });
}

export function sdkClient(url: string, token: string, customerId: string): DeliveriesClient {
  const client = new DeliveriesClient(token, customerId);
  // The SDK keeps its base URL in a public field; a merchant moves to Dropline by changing it.
  client.baseURL = `${url}/v1/customers/${customerId}`;
  return client;
}

export async function uberClient(t: TestApi, mode: UberMode = 'live', name = 'uber'): Promise<UberTestClient> {
  const url = await listen(t);
  const creds = await createAccount(t.deps, name);
  const pair = creds.uber[mode];
  const res = await fetchToken(url, pair.client_id, pair.client_secret);
  expect(res.status).toBe(200);
  const token = ((await res.json()) as { access_token: string }).access_token;
  const authorization = basicAuth(creds.account_id, creds.secret_key);
  return {
    creds,
    customerId: creds.uber.customer_id,
    token,
    client: sdkClient(url, token, creds.uber.customer_id),
    native: {
      accountId: creds.account_id,
      authorization,
      call: (method, path, body, headers = {}) =>
        t.app.inject({
          method: method as 'GET',
          url: path,
          headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
          payload: body === undefined ? undefined : JSON.stringify(body),
        }),
    },
    raw: async (method, path, init = {}) => {
      const r = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) },
        body: init.body,
      });
      const text = await r.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // left as text: the test asserts it was JSON
      }
      return { status: r.status, body };
    },
  };
}

/** The SDK's error for a failed call: status, code and metadata as the server sent them. */
export async function sdkError(p: Promise<unknown>): Promise<{ status: number; code: string; message: string; metadata: unknown }> {
  try {
    await p;
  } catch (e) {
    const err = e as { status: number; code: string; message: string; metadata: unknown };
    return { status: err.status, code: err.code, message: err.message, metadata: err.metadata };
  }
  throw new Error('expected the SDK call to fail');
}

let seq = 0;
export const uniq = (prefix = 'x') => `${prefix}-${process.pid}-${++seq}`;

/** San Francisco, Uber's own examples' city. */
export const PICKUP = { lat: 37.7752315, lng: -122.418075 };
export const DROPOFF = { lat: 37.7859279, lng: -122.4089924 };

export const structured = (street: string) =>
  JSON.stringify({ street_address: [street], city: 'San Francisco', state: 'CA', zip_code: '94103', country: 'US' });

export const quoteReq = (extra: Record<string, unknown> = {}) => ({
  pickup_address: structured('1455 Market St'),
  dropoff_address: structured('425 Market St'),
  pickup_latitude: PICKUP.lat,
  pickup_longitude: PICKUP.lng,
  dropoff_latitude: DROPOFF.lat,
  dropoff_longitude: DROPOFF.lng,
  pickup_phone_number: '+14155551234',
  dropoff_phone_number: '+14155559876',
  ...extra,
});

export const deliveryReq = (extra: Record<string, unknown> = {}) => ({
  ...quoteReq(),
  pickup_name: 'Corner Store',
  dropoff_name: 'Jane Doe',
  manifest_items: [{ name: 'Groceries', quantity: 2, size: 'small', price: 1299, weight: 800 }],
  manifest_reference: 'REF-1',
  manifest_total_value: 2598,
  ...extra,
});
