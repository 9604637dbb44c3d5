import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import { deliveryReq, uberClient, type UberTestClient } from '../../helpers/uber.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };

describe.each(STORE_KINDS)('no input produces a 500 in the Uber dialect on %s', (kind) => {
  let t: TestApi;
  let u: UberTestClient;
  beforeAll(async () => {
    t = await startTestApi(kind);
    u = await uberClient(t);
  });
  afterAll(() => t.close());

  const base = () => `/v1/customers/${u.customerId}`;

  it('malformed, wrongly typed and oversized bodies are JSON 4xx errors', async () => {
    const bodies: (string | undefined)[] = [
      '{"pickup_address": ',
      '[]',
      '"text"',
      'null',
      '42',
      JSON.stringify({ ...deliveryReq(), manifest_items: 'many' }),
      JSON.stringify({ ...deliveryReq(), pickup_latitude: 'north' }),
      JSON.stringify({ ...deliveryReq(), pickup_latitude: 1e308, pickup_longitude: -1e308 }),
      JSON.stringify({ ...deliveryReq(), pickup_ready_dt: 'yesterday' }),
      JSON.stringify({ ...deliveryReq(), pickup_address: { street: 'x' } }),
      JSON.stringify({ ...deliveryReq(), tip: 1.5 }),
      JSON.stringify({ ...deliveryReq(), quote_id: 42 }),
      JSON.stringify({ ...deliveryReq(), test_specifications: { robo_courier_specification: { mode: 'manual' } } }),
      JSON.stringify({ ...deliveryReq(), pickup_address: '{"street_address": 7}', dropoff_address: '{not json' }),
    ];
    for (const body of bodies) {
      for (const path of ['/delivery_quotes', '/deliveries']) {
        const r = await u.raw('POST', `${base()}${path}`, { body, headers: JSON_HEADERS });
        expect(r.status, `${path} ${body}`).toBeLessThan(500);
        expect(typeof r.body, `${path} ${body}`).toBe('object');
      }
    }
    const huge = await u.raw('POST', `${base()}/deliveries`, { body: JSON.stringify({ x: 'y'.repeat(11 * 1024 * 1024) }), headers: JSON_HEADERS });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ code: 'payload_too_large', kind: 'error' });
  });

  it('odd content types, ids, methods and query strings are JSON errors', async () => {
    const d = (await u.client.createDelivery(deliveryReq() as never)) as { id: string };
    const cases: [string, string, { body?: string; headers?: Record<string, string> }][] = [
      ['POST', `${base()}/deliveries`, { body: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } }],
      ['POST', `${base()}/deliveries`, { body: 'hello', headers: { 'content-type': 'text/plain' } }],
      ['POST', `${base()}/deliveries/${d.id}`, { body: '{"tip_by_customer": "lots"}', headers: JSON_HEADERS }],
      ['POST', `${base()}/deliveries/${d.id}`, { body: '{"dropoff_latitude": 37.7}', headers: JSON_HEADERS }],
      ['POST', `${base()}/deliveries/${d.id}/proof-of-delivery`, { body: '{"waypoint":"moon","type":"picture"}', headers: JSON_HEADERS }],
      ['GET', `${base()}/deliveries/${encodeURIComponent("del_' or 1=1 --")}`, {}],
      ['GET', `${base()}/deliveries/${'x'.repeat(600)}`, {}],
      ['GET', `${base()}/deliveries?limit=abc&offset=-1`, {}],
      ['GET', `${base()}/deliveries?offset=99999999999999999999`, {}],
      ['DELETE', `${base()}/deliveries/${d.id}`, {}],
      ['GET', `${base()}/nowhere`, {}],
      ['POST', '/oauth/v2/token', { body: '{"grant_type":', headers: JSON_HEADERS }],
    ];
    for (const [method, path, init] of cases) {
      const r = await u.raw(method, path, init);
      expect(r.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(r.status, `${method} ${path}`).toBeLessThan(500);
      expect(typeof r.body, `${method} ${path}`).toBe('object');
    }
    // The SDK's cancel: Content-Type application/json with an empty body (reference §2).
    const cancel = await u.raw('POST', `${base()}/deliveries/${d.id}/cancel`, { headers: JSON_HEADERS });
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ status: 'canceled' });
  });
});
