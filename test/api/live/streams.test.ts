import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { trackedOrder } from '../../helpers/fixtures.ts';
import { openSse } from '../../helpers/sse.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

describe.each(STORE_KINDS)('live streams (SSE) on %s', (kind) => {
  let t: TestApi;
  let base: string;
  let auth: string;

  beforeAll(async () => {
    t = await startTestApi(kind);
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    auth = t.api.authorization;
  });
  afterAll(() => t.close());

  const T0 = Date.now() - 60_000;
  const fix = (i: number) => ({
    recorded_at: new Date(T0 + i * 1000).toISOString(),
    lat: 37.33 + i * 0.001,
    lng: -121.88,
    accuracy: 5,
  });

  it('the order stream starts with the order and follows its fixes and changes', async () => {
    const { orderHandle, deviceId } = await trackedOrder(t.api);
    const sse = await openSse(`${base}/orders/${orderHandle}/stream`, { authorization: auth });
    expect((await sse.next((e) => e.event === 'order')).data).toMatchObject({ order_handle: orderHandle, status: 'ongoing' });
    await t.api.call('POST', `/devices/${deviceId}/locations`, [fix(1)]);
    const loc = await sse.next((e) => e.event === 'location');
    expect(loc.data).toMatchObject({ device_id: deviceId, lat: fix(1).lat, lng: fix(1).lng });
    await t.api.call('POST', `/orders/${orderHandle}/cancel`, {});
    const cancelled = await sse.next((e) => e.event === 'order' && e.data.status === 'cancelled');
    expect(cancelled.data.timeline.at(-1).type).toBe('order_cancelled');
    sse.close();
  });

  it('the public share stream carries only its own order, without private fields', async () => {
    const mine = await trackedOrder(t.api);
    const other = await trackedOrder(t.api);
    const order = (await t.api.call('GET', `/orders/${mine.orderHandle}`)).json();
    const sse = await openSse(`${base}${new URL(order.share_url).pathname}/stream`);
    await sse.next((e) => e.event === 'order');
    await t.api.call('POST', `/devices/${other.deviceId}/locations`, [fix(2)]);
    await t.api.call('POST', `/orders/${other.orderHandle}/complete`, {});
    await t.api.call('POST', `/devices/${mine.deviceId}/locations`, [fix(3)]);
    const loc = await sse.next((e) => e.event === 'location');
    expect(loc.data).toEqual({ lng: -121.88, lat: 37.333, recorded_at: fix(3).recorded_at, bearing: null, speed: null });
    await t.api.call('POST', `/orders/${mine.orderHandle}/complete`, {});
    const done = await sse.next((e) => e.event === 'order' && e.data.status === 'completed');
    expect(done.data).not.toHaveProperty('metadata');
    expect(done.data).not.toHaveProperty('device_id');
    // The fix's and the completion's notifications each re-read the order: never the older after the newer.
    // A later write's notification is re-read after every earlier one (one read at a time, in
    // commit order), so once its version arrives, all that came before it has been sent.
    await t.api.call('PATCH', `/orders/${mine.orderHandle}`, { metadata: { barrier: true } });
    const completions = () => sse.events.filter((e) => e.event === 'order' && e.data.status === 'completed').length;
    await sse.next(() => completions() === 2);
    const statuses = sse.events.filter((e) => e.event === 'order').map((e) => e.data.status);
    expect(statuses.slice(statuses.indexOf('completed'))).toEqual(['completed', 'completed']);
    // Nothing of the other order ever reached this stream.
    expect(sse.events.filter((e) => e.event === 'location')).toHaveLength(1);
    expect(sse.events.every((e) => e.event !== 'order' || e.data.share_url === order.share_url)).toBe(true);
    sse.close();
  });

  it("the account stream sees every device and order of its account, and nothing of another's", async () => {
    const other = await t.newAccount('other');
    const otherAuth = other.authorization;
    const mineSse = await openSse(`${base}/stream`, { authorization: auth });
    const otherSse = await openSse(`${base}/stream`, { authorization: otherAuth });
    await mineSse.next((e) => e.event === 'ready');
    await otherSse.next((e) => e.event === 'ready');
    const { orderHandle, deviceId } = await trackedOrder(t.api);
    await t.api.call('POST', `/devices/${deviceId}/locations`, [fix(4)]);
    expect((await mineSse.next((e) => e.event === 'location')).data.device_id).toBe(deviceId);
    expect((await mineSse.next((e) => e.event === 'order')).data.order_handle).toBe(orderHandle);
    const theirs = await trackedOrder(other);
    await other.call('POST', `/devices/${theirs.deviceId}/locations`, [fix(5)]);
    await otherSse.next((e) => e.event === 'location');
    expect(mineSse.events.some((e) => e.event === 'location' && e.data.device_id === theirs.deviceId)).toBe(false);
    expect(otherSse.events.some((e) => e.event === 'order' && e.data.order_handle === orderHandle)).toBe(false);
    mineSse.close();
    otherSse.close();
  });

  it('a stream needs credentials, and an unknown share code is 404', async () => {
    expect((await fetch(`${base}/stream`)).status).toBe(401);
    expect((await fetch(`${base}/t/nope/stream`)).status).toBe(404);
  });

  it('a rolled-back change publishes nothing', async () => {
    const { orderHandle } = await trackedOrder(t.api);
    const sse = await openSse(`${base}/orders/${orderHandle}/stream`, { authorization: auth });
    await sse.next((e) => e.event === 'order');
    await t.api.call('POST', `/orders/${orderHandle}/enable`, {});
    await t.api.call('POST', `/orders/${orderHandle}/disable`, {});
    const disabled = await sse.next((e) => e.event === 'order' && e.data.status === 'disabled');
    // The refused enable (409) produced no event: the stream went from the snapshot to disabled.
    expect(sse.events.filter((e) => e.event === 'order').map((e) => e.data.status)).toEqual(['ongoing', 'disabled']);
    expect(disabled).toBeDefined();
    sse.close();
  });
});
