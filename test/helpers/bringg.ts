import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { createAccount, type NewAccountCredentials } from '../../src/services/accounts/create-account.ts';
import { type ApiClient, basicAuth, type TestApi } from './api.ts';
import { bringgToken } from './dialect-tokens.ts';

/** Bringg's action codes as the reference lists them (§2); services without a known code have none. */
export const ACTION_CODES: Record<string, string> = {
  create_task: '6f15901b',
  update_task: 'm4ldfk58',
  update_task_external_id: 'asPEID1b',
  get_task: 'j4ud7Kea0',
  get_open_tasks: 'Qkdi30cw',
  get_open_orders_by_customer: 'ZQLb2WZc',
  cancel_task: 'kmae04kd',
  end_task: '71f797f5',
  checkout: '0cik4t9g',
  mass_checkout: '8c1e4828',
  assign_task: 'd0d2a77b',
  create_note: 'hj58j65',
  update_inventory: 'dd155d19',
  create_customer: '89ad4e38',
};

export type UrlStyle = 'secret-url' | 'oauth';
export const URL_STYLES: UrlStyle[] = ['secret-url', 'oauth'];

export interface BringgClient {
  creds: NewAccountCredentials;
  /** The same account through the native API. */
  native: ApiClient;
  token: string;
  /** POSTs to a service in the given URL style; services without a code always go by name. */
  call(style: UrlStyle, service: string, body?: unknown): Promise<LightMyRequestResponse>;
  /** Calls a service and returns the task of a successful answer. */
  task(
    style: UrlStyle,
    service: string,
    body?: unknown,
  ): Promise<Record<string, unknown> & { id: number; external_id: string; way_points: Record<string, unknown>[] }>;
}

export async function bringgClient(t: TestApi, name = 'bringg'): Promise<BringgClient> {
  const creds = await createAccount(t.deps, name);
  const token = await bringgToken(t, creds);
  const native: ApiClient = {
    accountId: creds.account_id,
    authorization: basicAuth(creds.account_id, creds.secret_key),
    call: (method, url, body, headers = {}) =>
      t.app.inject({
        method: method as 'GET',
        url,
        headers: {
          authorization: basicAuth(creds.account_id, creds.secret_key),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        payload: body === undefined ? undefined : JSON.stringify(body),
      }),
  };
  const call = (style: UrlStyle, service: string, body: unknown = {}) => {
    const code = ACTION_CODES[service];
    const bySecret = style === 'secret-url' && code;
    return t.app.inject({
      method: 'POST',
      url: bySecret ? `/services/${code}/${creds.bringg.service_uuid_1}/${creds.bringg.service_uuid_2}/` : `/services/${service}`,
      headers: { 'content-type': 'application/json', ...(bySecret ? {} : { authorization: `Bearer ${token}` }) },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  };
  return {
    creds,
    native,
    token,
    call,
    task: async (style, service, body) => {
      const r = await call(style, service, body);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().success, r.body).toBe(true);
      return r.json().task;
    },
  };
}

let seq = 0;
export const extId = (prefix = 'ext') => `${prefix}-${process.pid}-${++seq}`;

export const PICKUP = { lat: 52.5208, lng: 13.4094, address: 'Alexanderplatz 1, Berlin', name: 'Store' };
export const DROPOFF = { lat: 52.5163, lng: 13.3777, address: 'Pariser Platz 1, Berlin', name: 'Amelia', phone: '+49 30 5557 1234' };

export const twoStopTask = (externalId = extId(), extra: Record<string, unknown> = {}) => ({
  external_id: externalId,
  title: 'Groceries',
  total_price: 84.37,
  way_points: [
    { ...PICKUP, no_later_than: '2030-01-01T10:00:00.000Z' },
    { ...DROPOFF, no_earlier_than: '2030-01-01T10:30:00.000Z', no_later_than: '2030-01-01T11:00:00.000Z' },
  ],
  ...extra,
});

/** A worker (Bringg driver) on the native API; its handle is the driver's external id. */
export async function nativeWorker(native: ApiClient, handle = extId('driver')): Promise<string> {
  const r = await native.call('POST', '/workers', { worker_handle: handle, name: handle, device_id: extId('device') });
  expect(r.statusCode, r.body).toBe(201);
  return handle;
}
