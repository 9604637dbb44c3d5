import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { snapshot, trackedOrder, unplannedOrder } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

// Dropline extension: HyperTrack has no lock (docs/native-api.md, docs/bringg.md).
describe.each(STORE_KINDS)('native order locks on %s', (kind) => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi(kind);
  });
  afterAll(() => t.close());

  it('a locked order refuses update, cancel and reschedule with 409 order_locked and is unchanged', async () => {
    const { orderHandle } = await trackedOrder(t.api);
    const lock = await t.api.call('POST', `/orders/${orderHandle}/lock`);
    expect(lock.statusCode).toBe(200);
    expect(lock.json()).toMatchObject({ order_handle: orderHandle, status: 'ongoing' });
    const before = await snapshot(t.api, orderHandle);

    const detail = (action: string) => ({
      code: 'order_locked',
      title: 'Order is locked',
      detail: `Order ${orderHandle} is locked; unlock it before you ${action} it`,
    });
    const patch = await t.api.call('PATCH', `/orders/${orderHandle}`, { metadata: { a: 1 } });
    expect([patch.statusCode, patch.json()]).toEqual([409, detail('update')]);
    const cancel = await t.api.call('POST', `/orders/${orderHandle}/cancel`, {});
    expect([cancel.statusCode, cancel.json()]).toEqual([409, detail('cancel')]);
    const reschedule = await t.api.call('POST', `/orders/${orderHandle}/reschedule`, { scheduled_at: '2030-02-01T00:00:00Z' });
    expect([reschedule.statusCode, reschedule.json()]).toEqual([409, detail('update')]);
    expect(await snapshot(t.api, orderHandle)).toEqual(before);

    expect((await t.api.call('POST', `/orders/${orderHandle}/unlock`)).statusCode).toBe(200);
    expect((await t.api.call('POST', `/orders/${orderHandle}/cancel`, {})).json().status).toBe('cancelled');
  });

  it('lock and unlock are idempotent; an unknown handle is 404', async () => {
    const orderHandle = await unplannedOrder(t.api);
    for (const action of ['lock', 'lock', 'unlock', 'unlock']) {
      expect((await t.api.call('POST', `/orders/${orderHandle}/${action}`)).statusCode).toBe(200);
    }
    const missing = await t.api.call('POST', '/orders/no-such/lock');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('order_not_found');
  });

  it("another account cannot lock an account's order", async () => {
    const orderHandle = await unplannedOrder(t.api);
    const other = await t.newAccount('other');
    expect((await other.call('POST', `/orders/${orderHandle}/lock`)).statusCode).toBe(404);
    expect((await t.api.call('POST', `/orders/${orderHandle}/cancel`, {})).statusCode).toBe(200);
  });
});
