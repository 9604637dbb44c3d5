import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { orderItem, snapshot, trackedOrder, uniq, unplannedOrder } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

describe.each(STORE_KINDS)('native API bad input on %s', (kind) => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi(kind);
  });
  afterAll(() => t.close());

  it('unknown handle is 404 order_not_found', async () => {
    const r = await t.api.call('POST', '/orders/no-such-order/cancel', {});
    expect(r.statusCode).toBe(404);
    expect(r.json()).toEqual({
      code: 'order_not_found',
      title: 'Order Not Found',
      detail: 'Order not found for handle no-such-order',
    });
  });

  it('a qualifier that matches no record is 404 and changes nothing', async () => {
    const { orderHandle } = await trackedOrder(t.api);
    const before = await snapshot(t.api, orderHandle);
    for (const q of ['type=pick', 'type_index=3', 'fulfillment_attempt=2']) {
      const r = await t.api.call('POST', `/orders/${orderHandle}/cancel?${q}`, {});
      expect(r.statusCode, q).toBe(404);
      expect(r.json().code).toBe('order_not_found');
    }
    expect(await snapshot(t.api, orderHandle)).toEqual(before);
  });

  it.each([
    ['type=parcel', 'type', 'Invalid option: expected one of "pick"|"drop"'],
    ['type_index=-1', 'type_index', 'Too small: expected number to be >=0'],
    ['type_index=abc', 'type_index', 'Invalid input: expected number, received NaN'],
    ['fulfillment_attempt=1.5', 'fulfillment_attempt', 'Invalid input: expected int, received number'],
  ])('bad qualifier %s is 422 with the field named, order unchanged', async (query, field, message) => {
    const { orderHandle } = await trackedOrder(t.api);
    const before = await snapshot(t.api, orderHandle);
    const r = await t.api.call('POST', `/orders/${orderHandle}/complete?${query}`, {});
    expect(r.statusCode).toBe(422);
    expect(r.json()).toEqual({ detail: { query: { [field]: [message] } }, message: 'Validation error' });
    expect(await snapshot(t.api, orderHandle)).toEqual(before);
  });

  it('malformed JSON is 422 and changes nothing', async () => {
    const { orderHandle } = await trackedOrder(t.api);
    const before = await snapshot(t.api, orderHandle);
    const r = await t.api.call('POST', `/orders/${orderHandle}/cancel`, '{"metadata": ');
    expect(r.statusCode).toBe(422);
    expect(r.json()).toEqual({
      detail: { json: { _schema: ['Invalid JSON body: Unexpected end of JSON input'] } },
      message: 'Validation error',
    });
    expect(await snapshot(t.api, orderHandle)).toEqual(before);
  });

  it('schema errors name each field under json', async () => {
    const r = await t.api.call('POST', '/orders', {
      plan_mode: 'manual',
      orders: [{ order_handle: '', destination: { geometry: { type: 'Point', coordinates: [200, 37] } } }],
    });
    expect(r.statusCode).toBe(422);
    const detail = r.json().detail.json;
    expect(Object.keys(detail).sort()).toEqual(['orders.0.destination.geometry.coordinates.0', 'orders.0.order_handle', 'orders.0.scheduled_at'].sort());
  });

  it('an address nothing can place is refused naming the field, never a guessed point', async () => {
    const r = await t.api.call('POST', '/orders', {
      plan_mode: 'manual',
      orders: [{ order_handle: uniq('o'), scheduled_at: '2030-01-01T00:00:00Z', destination: { address: '748 Story Rd' } }],
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().detail.json['orders.0.destination.address'][0]).toMatch(/could not be located/);
  });

  it('forbidden transition is 409 naming the current status, order unchanged', async () => {
    const { orderHandle } = await trackedOrder(t.api);
    expect((await t.api.call('POST', `/orders/${orderHandle}/complete`, {})).statusCode).toBe(200);
    const before = await snapshot(t.api, orderHandle);
    for (const action of ['cancel', 'complete', 'disable', 'enable']) {
      const r = await t.api.call('POST', `/orders/${orderHandle}/${action}`, {});
      expect(r.statusCode, action).toBe(409);
      expect(r.json()).toEqual({
        code: 'validation_error',
        title: 'Order is completed',
        detail: `Cannot ${action} an order with status completed`,
      });
    }
    expect(await snapshot(t.api, orderHandle)).toEqual(before);
  });

  it('enable of an order that is not disabled is 409', async () => {
    const handle = await unplannedOrder(t.api);
    const r = await t.api.call('POST', `/orders/${handle}/enable`, {});
    expect(r.statusCode).toBe(409);
    expect(r.json().detail).toBe('Cannot enable an order with status unplanned');
  });

  it('a second open order with the same handle is 409 duplicate_resource and creates nothing', async () => {
    const handle = await unplannedOrder(t.api);
    const r = await t.api.call('POST', '/orders', { plan_mode: 'manual', orders: [orderItem(uniq('other')), orderItem(handle)] });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toEqual({
      code: 'duplicate_resource',
      title: 'Duplicate order handle found',
      detail: 'System already has an incompleted order with this handle. Please complete or cancel it first',
    });
    // The whole request was one transaction: the first order of the batch was not kept either.
    const list = await t.api.call('GET', `/orders?search_term=other-${process.pid}`);
    expect(list.json().orders).toEqual([]);
  });

  it('tracking for an unknown worker is 404 driver_not_found', async () => {
    const r = await t.api.call('POST', '/orders/track', {
      worker_handle: 'ghost',
      track_mode: 'on_time',
      orders: [orderItem(uniq('o'))],
    });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toEqual({
      code: 'driver_not_found',
      title: 'Worker Not Found',
      detail: { description: 'Worker not found for handle ghost' },
    });
  });

  it('unknown route is 404 route_not_found; completing a completed route is 409', async () => {
    const missing = await t.api.call('GET', '/orders/routes/nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('route_not_found');
    const { route } = await trackedOrder(t.api);
    expect((await t.api.call('POST', `/orders/routes/${route.route_handle}/complete`, {})).statusCode).toBe(200);
    const again = await t.api.call('POST', `/orders/routes/${route.route_handle}/complete`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({
      code: 'validation_error',
      title: 'Route already completed',
      detail: 'Route with the given ID is already completed',
    });
  });

  it('an unknown path is 404 in the HTTPError shape', async () => {
    const r = await t.api.call('GET', '/nothing/here');
    expect(r.statusCode).toBe(404);
    expect(r.json()).toEqual({ detail: {}, message: 'No route GET /nothing/here' });
  });

  it('a garbage pagination token is 422 on the query', async () => {
    const r = await t.api.call('GET', '/orders?pagination_token=%%%');
    expect(r.statusCode).toBe(422);
    expect(r.json().detail.query.pagination_token).toBeDefined();
  });
});
