import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOsmandServer } from '../../src/api/ingest/osmand-server.ts';
import { basicAuth, PUBLIC_URL, startTestApi, type TestApi } from '../helpers/api.ts';
import { type BringgClient, bringgClient, twoStopTask } from '../helpers/bringg.ts';
import { STORE_KINDS } from '../helpers/stores.ts';
import { deliveryReq, quoteReq } from '../helpers/uber.ts';

// Issue 14: each input that reached PostgreSQL (and answered 500) is refused at the edge, in the
// dialect's own body, naming the field.

const NUL = 'Must not contain a NUL character (\\u0000)';
const SURROGATE = 'Must not contain a lone UTF-16 surrogate';
const TOO_BIG = 'Too big: expected number to be <=2147483647';
const point = { geometry: { type: 'Point', coordinates: [13.4094, 52.5208] } };

const ht = (location: string, field: string, message: string) => ({ detail: { [location]: { [field]: [message] } }, message: 'Validation error' });
const uberInvalid = (metadata: Record<string, string>) => ({
  code: 'invalid_params',
  message: 'The parameters of your request were invalid.',
  kind: 'error',
  metadata,
});
const bringgInvalid = (message: string) => ({ success: false, message, rc: 1 });

/** Incompressible, so a btree index cannot squeeze it under its ~2.7 kB entry limit. */
const noise = (n: number) => {
  let x = 7;
  return Array.from({ length: n }, () => String.fromCharCode(33 + ((x = (x * 48_271) % 2_147_483_647) % 90))).join('');
};

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe.each(STORE_KINDS)('the input boundary on %s', (kind) => {
  let t: TestApi;
  let b: BringgClient;
  let uber: { customerId: string; token: string; clientSecret: string };
  const json = (r: LightMyRequestResponse) => ({ status: r.statusCode, body: r.json() });

  beforeAll(async () => {
    t = await startTestApi(kind);
    b = await bringgClient(t);
    const token = await t.app.inject({
      method: 'POST',
      url: '/oauth/v2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({
        client_id: b.creds.uber.live.client_id,
        client_secret: b.creds.uber.live.client_secret,
        grant_type: 'client_credentials',
        scope: 'eats.deliveries',
      }),
    });
    uber = { customerId: b.creds.uber.customer_id, token: token.json().access_token, clientSecret: b.creds.uber.live.client_secret };
  });
  afterAll(() => t.close());

  const uberCall = (method: string, path: string, body?: unknown) =>
    t.app.inject({
      method: method as 'POST',
      url: `/v1/customers/${uber.customerId}${path}`,
      headers: { authorization: `Bearer ${uber.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });

  describe('strings PostgreSQL cannot store', () => {
    it('a NUL in a path id is a 422 naming the path parameter', async () => {
      expect(json(await t.api.call('GET', '/orders/a%00b'))).toEqual({ status: 422, body: ht('path', 'order_handle', NUL) });
    });

    it('a NUL in a query filter is a 422 naming the query parameter', async () => {
      expect(json(await t.api.call('GET', '/orders?worker_handle=a%00b'))).toEqual({ status: 422, body: ht('query', 'worker_handle', NUL) });
    });

    it('a NUL in a JSON string is a 422 naming the field by its path', async () => {
      const r = await t.api.call('POST', '/orders/track', { track_mode: 'on_time', orders: [{ order_handle: 'a\u0000b', destination: point }] });
      expect(json(r)).toEqual({ status: 422, body: ht('json', 'orders.0.order_handle', NUL) });
    });

    it('a lone surrogate in JSON (an escape JSON.parse lets through) is a 422', async () => {
      const r = await t.api.call('POST', '/workers', '{"worker_handle":"w\\ud800"}');
      expect(json(r)).toEqual({ status: 422, body: ht('json', 'worker_handle', SURROGATE) });
      const key = await t.api.call('PATCH', `/orders/x`, '{"metadata":{"\\udc00":1}}');
      expect(json(key)).toEqual({ status: 422, body: ht('json', 'metadata.\udc00', `Key: ${SURROGATE}`) });
    });

    it('a NUL in the Basic-auth user is a 422 on the authorization header, before any lookup', async () => {
      const r = await t.app.inject({ method: 'GET', url: '/orders', headers: { authorization: basicAuth('a\u0000b', 'secret') } });
      expect(json(r)).toEqual({ status: 422, body: ht('headers', 'authorization', NUL) });
    });

    it('a NUL in the OsmAnd id (no auth) is a 400 text naming id', async () => {
      for (const r of [
        await t.app.inject({ method: 'GET', url: '/osmand?id=a%00b&lat=52.5&lon=13.4' }),
        await t.app.inject({
          method: 'POST',
          url: '/osmand',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'id=a%00b&lat=52.5&lon=13.4',
        }),
        await t.app.inject({
          method: 'POST',
          url: '/osmand',
          headers: { 'content-type': 'application/json' },
          payload: '[{"id":"a\\u0000b","lat":52.5,"lon":13.4}]',
        }),
      ]) {
        expect({ status: r.statusCode, type: r.headers['content-type'], body: r.body }).toEqual({
          status: 400,
          type: 'text/plain; charset=utf-8',
          body: 'id: Must not contain a NUL character (\\u0000)',
        });
      }
    });

    it('on the dedicated OsmAnd port too: a NUL id and an undecodable path are 400 texts', async () => {
      const port = await buildOsmandServer(t.deps, { logLevel: 'silent' });
      try {
        const nul = await port.inject({
          method: 'POST',
          url: '/',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'id=a%00b&lat=52.5&lon=13.4',
        });
        expect({ status: nul.statusCode, body: nul.body }).toEqual({ status: 400, body: 'id: Must not contain a NUL character (\\u0000)' });
        const bad = await port.inject({ method: 'GET', url: '/%ED%A0%80?id=x' });
        expect({ status: bad.statusCode, type: bad.headers['content-type'], body: bad.body }).toEqual({
          status: 400,
          type: 'text/plain; charset=utf-8',
          body: 'The URL is not valid',
        });
      } finally {
        await port.close();
      }
    });

    it('a NUL in the OwnTracks device id is a 400 text', async () => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/owntracks',
        headers: { authorization: t.api.authorization, 'content-type': 'application/json' },
        payload: '{"_type":"location","lat":52.5,"lon":13.4,"tst":1700000000,"tid":"a\\u0000"}',
      });
      expect({ status: r.statusCode, body: r.body }).toEqual({ status: 400, body: 'device id: Must not contain a NUL character (\\u0000)' });
    });

    it('a NUL in the Uber token client_id (no auth) is Uber’s invalid_params naming client_id', async () => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/oauth/v2/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({ client_id: 'a\u0000b', client_secret: 'x', grant_type: 'client_credentials' }),
      });
      expect(json(r)).toEqual({ status: 400, body: uberInvalid({ client_id: NUL }) });
    });

    it('a NUL in a share code is a 422 naming the code', async () => {
      const r = await t.app.inject({ method: 'GET', url: '/t/a%00b', headers: { accept: 'application/json' } });
      expect(json(r)).toEqual({ status: 422, body: ht('path', 'code', NUL) });
    });

    it('a NUL in the dashboard sign-in is the dashboard’s 400 naming the field', async () => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/app/api/session',
        headers: { 'content-type': 'application/json', origin: PUBLIC_URL, host: new URL(PUBLIC_URL).host },
        payload: JSON.stringify({ account_id: 'a\u0000', secret_key: 'x' }),
      });
      expect(json(r)).toEqual({ status: 400, body: { error: { code: 'invalid_request', message: `account_id: ${NUL}` } } });
    });

    it('a NUL in a Bringg body is Bringg’s validation failure naming the field', async () => {
      expect(json(await b.call('oauth', 'create_task', twoStopTask('x\u0000')))).toEqual({ status: 400, body: bringgInvalid(`external_id: ${NUL}`) });
      expect(json(await b.call('secret-url', 'create_task', twoStopTask('ok', { title: 'x\ud800' })))).toEqual({
        status: 400,
        body: bringgInvalid(`title: ${SURROGATE}`),
      });
    });

    it('a NUL in an Uber body is invalid_params naming the field', async () => {
      const r = await uberCall('POST', '/deliveries', deliveryReq({ external_id: 'e\u0000' }));
      expect(json(r)).toEqual({ status: 400, body: uberInvalid({ external_id: NUL }) });
    });
  });

  describe('numbers outside the column', () => {
    it('type_index and expected_service_time above 2^31−1 are 422s naming the field', async () => {
      for (const field of ['type_index', 'expected_service_time', 'capacity_used']) {
        const r = await t.api.call('POST', '/orders/track', {
          track_mode: 'on_time',
          device_id: 'none',
          orders: [{ order_handle: 'big', destination: point, [field]: 2 ** 31 }],
        });
        expect(json(r)).toEqual({ status: 422, body: ht('json', `orders.0.${field}`, TOO_BIG) });
      }
    });

    it('fulfillment_attempt above 2^31−1 in a query is a 422', async () => {
      expect(json(await t.api.call('GET', '/orders/x?fulfillment_attempt=2147483648'))).toEqual({
        status: 422,
        body: ht('query', 'fulfillment_attempt', TOO_BIG),
      });
      expect(json(await t.api.call('GET', '/orders?fulfillment_attempt=99999999999'))).toEqual({
        status: 422,
        body: ht('query', 'fulfillment_attempt', TOO_BIG),
      });
    });

    it('an Uber tip above 2^31−1 is invalid_params naming tip', async () => {
      expect(json(await uberCall('POST', '/deliveries', deliveryReq({ tip: 2 ** 31 })))).toEqual({ status: 400, body: uberInvalid({ tip: TOO_BIG }) });
      expect(json(await uberCall('POST', '/deliveries/del_x', { tip_by_customer: 2 ** 31 }))).toEqual({
        status: 400,
        body: uberInvalid({ tip_by_customer: TOO_BIG }),
      });
    });

    it('a Bringg tag_id above 2^31−1 is a Bringg validation failure', async () => {
      expect(json(await b.call('oauth', 'create_task', twoStopTask('tagged', { tag_id: 2 ** 31 })))).toEqual({
        status: 400,
        body: bringgInvalid(`tag_id: ${TOO_BIG}`),
      });
    });

    it('Uber pricing at its maximum over an antipodal leg cannot overflow the fee: refused naming the dropoff', async () => {
      const max = { base_fee: 10_000_000, per_km: 10_000_000, per_minute: 10_000_000, currency: 'usd', pickup_minutes: 10 };
      expect((await b.native.call('PATCH', '/uber/pricing', max)).statusCode).toBe(200);
      const antipodal = quoteReq({ pickup_latitude: 10, pickup_longitude: 10, dropoff_latitude: -10, dropoff_longitude: -170 });
      const r = await uberCall('POST', '/delivery_quotes', antipodal);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json()).toEqual(uberInvalid({ dropoff_address: expect.stringMatching(/^The delivery fee \(\d+\) would exceed 2147483647 minor units/) }));
      expect((await b.native.call('PATCH', '/uber/pricing', { ...max, base_fee: 500, per_km: 100, per_minute: 20 })).statusCode).toBe(200);
    });
  });

  describe('depth, size and dates', () => {
    it('metadata nested 5,000 deep is a 422 at the depth bound, not a stack overflow', async () => {
      const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
      const r = await t.api.call(
        'POST',
        '/orders/track',
        `{"track_mode":"on_time","orders":[{"order_handle":"deep","destination":{"geometry":{"type":"Point","coordinates":[13.4,52.5]}},"metadata":${deep}}]}`,
      );
      const field = ['orders', '0', 'metadata', ...Array(29).fill('a')].join('.');
      expect(json(r)).toEqual({ status: 422, body: ht('json', field, 'Nested deeper than 32 levels') });
    });

    it('a 1.2 MB Bringg external_id is refused by the string bound', async () => {
      expect(json(await b.call('oauth', 'get_task', { external_id: 'x'.repeat(1_200_000) }))).toEqual({
        status: 400,
        body: bringgInvalid('external_id: Longer than 262144 characters'),
      });
    });

    it('an incompressible 3,000-character identifier is refused before the unique index', async () => {
      expect(json(await b.call('oauth', 'create_customer', { external_id: noise(3000), name: 'Amelia' }))).toEqual({
        status: 400,
        body: bringgInvalid('external_id: Too big: expected string to have <=255 characters'),
      });
    });

    it('an impossible date is a 422, not a 500', async () => {
      expect(json(await t.api.call('GET', '/orders?created_at_date=2024-13-45'))).toEqual({
        status: 422,
        body: ht('query', 'created_at_date', 'Expected an existing date, YYYY-MM-DD'),
      });
      expect(json(await t.api.call('GET', '/orders?created_at_date=2023-02-29'))).toEqual({
        status: 422,
        body: ht('query', 'created_at_date', 'Expected an existing date, YYYY-MM-DD'),
      });
      expect(json(await t.api.call('GET', '/orders?created_at_from=2024-13-01%2010:00:00'))).toEqual({
        status: 422,
        body: ht('query', 'created_at_from', 'Expected an existing date and time, YYYY-MM-DD HH:mm:ss'),
      });
    });

    it('a timestamp in year 0000 (or one its offset moves there) is a 422', async () => {
      const r = await t.api.call('POST', '/orders/track', {
        track_mode: 'on_time',
        device_id: 'none',
        orders: [{ order_handle: 'y0', destination: point, scheduled_at: '0000-06-01T00:00:00Z' }],
      });
      expect(json(r)).toEqual({ status: 422, body: ht('json', 'orders.0.scheduled_at', 'Expected a date-time between the years 0001 and 9999') });
      const shifted = await t.api.call('POST', '/orders/track', {
        track_mode: 'on_time',
        device_id: 'none',
        orders: [{ order_handle: 'y0', destination: point, scheduled_after: '0001-01-01T05:00:00+14:00' }],
      });
      expect(json(shifted)).toEqual({ status: 422, body: ht('json', 'orders.0.scheduled_after', 'Expected a date-time between the years 0001 and 9999') });
    });
  });

  describe('routing refusals in the dialect of the path', () => {
    it('a path parameter over the router’s limit is each dialect’s body', async () => {
      const long = 'x'.repeat(600);
      expect(json(await t.api.call('GET', `/orders/${long}`))).toEqual({ status: 414, body: { detail: {}, message: 'A path parameter is too long' } });
      expect(json(await uberCall('GET', `/deliveries/${long}`))).toEqual({ status: 414, body: uberInvalid({ param_details: 'A path parameter is too long' }) });
      expect(json(await t.app.inject({ method: 'POST', url: `/services/${long}`, payload: {} }))).toEqual({
        status: 414,
        body: { success: false, message: 'A path parameter is too long', rc: 1 },
      });
    });

    it('an unknown path under /services is Bringg’s body', async () => {
      expect(json(await t.app.inject({ method: 'POST', url: '/services/a/b/', payload: {} }))).toEqual({
        status: 404,
        body: { success: false, message: 'No route POST /services/a/b/', rc: 8 },
      });
    });
  });
});
