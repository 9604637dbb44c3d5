import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, startTestApi, type TestApi } from '../../helpers/api.ts';
import { snapshot, trackedOrder } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

describe.each(STORE_KINDS)('native API security on %s', (kind) => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi(kind);
  });
  afterAll(() => t.close());

  const raw = (url: string, authorization?: string) => t.app.inject({ method: 'POST', url, headers: authorization ? { authorization } : {} });

  it.each([
    ['no Authorization header', undefined, 'Missing credentials: use HTTP Basic with account_id:secret_key'],
    ['a Bearer token', 'Bearer abc', 'Missing credentials: use HTTP Basic with account_id:secret_key'],
    ['garbage Basic value', 'Basic !!!', 'Missing credentials: use HTTP Basic with account_id:secret_key'],
    ['an unknown account', basicAuth('NOPE', 'x'), 'Invalid credentials'],
  ])('%s is 401 with the HTTPError body', async (_name, authorization, message) => {
    const r = await raw('/orders/x/cancel', authorization);
    expect(r.statusCode).toBe(401);
    expect(r.json()).toEqual({ detail: {}, message });
  });

  it('a wrong secret is 401 and the order is unchanged', async () => {
    const { orderHandle } = await trackedOrder(t.api);
    const before = await snapshot(t.api, orderHandle);
    const r = await raw(`/orders/${orderHandle}/cancel`, basicAuth(t.api.accountId, 'wrong-secret'));
    expect(r.statusCode).toBe(401);
    expect(r.json()).toEqual({ detail: {}, message: 'Invalid credentials' });
    expect(await snapshot(t.api, orderHandle)).toEqual(before);
  });

  it("another account's order is a 404 for every operation, and stays unchanged", async () => {
    const { orderHandle, route, workerHandle } = await trackedOrder(t.api);
    const before = await snapshot(t.api, orderHandle);
    const other = await t.newAccount('intruder');
    for (const [method, url] of [
      ['GET', `/orders/${orderHandle}`],
      ['PATCH', `/orders/${orderHandle}`],
      ['POST', `/orders/${orderHandle}/cancel`],
      ['POST', `/orders/${orderHandle}/complete`],
      ['POST', `/orders/${orderHandle}/disable`],
      ['POST', `/orders/${orderHandle}/reschedule`],
    ] as const) {
      const body = method === 'POST' && url.endsWith('reschedule') ? { scheduled_at: '2031-01-01T00:00:00Z' } : {};
      const r = await other.call(method, url, body);
      expect(r.statusCode, `${method} ${url}`).toBe(404);
      expect(r.json().code).toBe('order_not_found');
    }
    expect((await other.call('GET', `/orders/routes/${route.route_handle}`)).statusCode).toBe(404);
    expect((await other.call('GET', `/workers/${workerHandle}`)).statusCode).toBe(404);
    expect((await other.call('GET', '/orders')).json().orders).toEqual([]);
    expect(await snapshot(t.api, orderHandle)).toEqual(before);
  });

  it('a device id already used by another account cannot be linked', async () => {
    const { deviceId } = await trackedOrder(t.api);
    const other = await t.newAccount('second');
    const r = await other.call('POST', '/workers', { worker_handle: 'w', device_id: deviceId });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('duplicate_resource');
    const send = await other.call('POST', `/devices/${deviceId}/locations`, [{ recorded_at: '2030-01-01T00:00:00Z', lat: 1, lng: 1 }]);
    expect(send.statusCode).toBe(404);
    expect(send.json().code).toBe('device_not_found');
  });
});
