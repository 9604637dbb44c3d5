import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { createWorker, orderItem, snapshot, uniq } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import { recordStatements } from '../../helpers/statements.ts';

// Concurrent order changes share statements (StatementBatcher): each request must still get the
// answer, and leave exactly the rows, that it would have alone.
describe.each(STORE_KINDS)('order changes written together on %s', (kind) => {
  let t: TestApi;
  let recorded: { sql: string[] };
  beforeAll(async () => {
    t = await startTestApi(kind);
    recorded = recordStatements(t.deps.store.db);
  });
  afterAll(() => t.close());

  const changeStatements = () => recorded.sql.filter((s) => s.includes('json_populate_record(null::orders')).length;

  /** `n` ongoing orders on one route of a fresh worker. */
  async function route(n: number) {
    const { workerHandle } = await createWorker(t.api);
    const handles = Array.from({ length: n }, () => uniq('batch'));
    const r = await t.api.call('POST', '/orders/track', {
      worker_handle: workerHandle,
      track_mode: 'on_time',
      orders: handles.map((h) => orderItem(h)),
    });
    expect(r.statusCode, r.body).toBe(201);
    return { handles, routeHandle: r.json().route_handle as string };
  }

  it('twenty concurrent cancels and completes: fewer statements, and each order gets its own answer and events', async () => {
    const { handles } = await route(21);
    recorded.sql = [];
    const results = await Promise.all(handles.slice(1).map((h, i) => t.api.call('POST', `/orders/${h}/${i % 2 ? 'complete' : 'cancel'}`)));
    expect(results.map((r) => r.statusCode)).toEqual(results.map(() => 200));
    expect(changeStatements()).toBeLessThan(results.length);
    for (const [i, r] of results.entries()) {
      const want = i % 2 ? 'completed' : 'cancelled';
      expect(r.json().order_handle).toBe(handles[i + 1]);
      expect(r.json().status).toBe(want);
      const stored = await snapshot(t.api, handles[i + 1]!);
      expect(stored.status).toBe(want);
      const types = (stored.timeline as { type: string }[]).map((e) => e.type);
      expect(types.filter((x) => x === 'order_cancelled' || x === 'order_completed')).toEqual([want === 'completed' ? 'order_completed' : 'order_cancelled']);
      const order = await t.deps.store.repos.orders.find(t.api.accountId, { orderHandle: handles[i + 1]! });
      const outbox = await t.deps.store.repos.webhookOutbox.eventsOfOrder(order!.id);
      expect(outbox.map((e) => e.type)).toEqual(types);
    }
    // The first order is still open, so the route is too.
    expect((await snapshot(t.api, handles[0]!)).status).toBe('ongoing');
  });

  it('the last orders of a route finishing in one batch close the route', async () => {
    const { handles, routeHandle } = await route(4);
    const results = await Promise.all(handles.map((h) => t.api.call('POST', `/orders/${h}/cancel`)));
    expect(results.map((r) => r.statusCode)).toEqual(handles.map(() => 200));
    const got = await t.api.call('GET', `/orders/routes/${routeHandle}`);
    expect(got.statusCode, got.body).toBe(200);
    expect(got.json().status).toBe('completed');
  });

  it('a refused change in a batch fails alone: a duplicate create is 409, the creates beside it are 201', async () => {
    const { workerHandle } = await createWorker(t.api);
    const taken = uniq('dup');
    const first = await t.api.call('POST', '/orders/track', {
      worker_handle: workerHandle,
      track_mode: 'on_time',
      orders: [orderItem(taken)],
    });
    expect(first.statusCode, first.body).toBe(201);
    const fresh = Array.from({ length: 6 }, () => uniq('fresh'));
    const results = await Promise.all([taken, ...fresh].map((h) => t.api.call('POST', '/orders', { plan_mode: 'manual', orders: [orderItem(h)] })));
    expect(results[0]!.statusCode).toBe(409);
    expect(results[0]!.json().code).toBe('duplicate_resource');
    expect(results.slice(1).map((r) => r.statusCode)).toEqual(fresh.map(() => 201));
    for (const h of fresh) expect((await snapshot(t.api, h)).status).toBe('unplanned');
    expect((await snapshot(t.api, taken)).status).toBe('ongoing');
  });

  it('concurrent reads of different orders, and of missing ones, each get their own answer', async () => {
    const { handles } = await route(5);
    const missing = uniq('missing');
    const results = await Promise.all([
      ...handles.map((h) => t.api.call('GET', `/orders/${h}`)),
      t.api.call('GET', `/orders/${missing}`),
      t.api.call('GET', `/orders/${handles[0]}?type=pick`),
      t.api.call('GET', `/orders/${handles[1]}?type=drop&type_index=0&fulfillment_attempt=0`),
    ]);
    handles.forEach((h, i) => {
      expect(results[i]!.statusCode).toBe(200);
      expect(results[i]!.json().order_handle).toBe(h);
    });
    expect(results[5]!.statusCode).toBe(404);
    expect(results[6]!.statusCode).toBe(404);
    expect(results[7]!.statusCode).toBe(200);
    expect(results[7]!.json().order_handle).toBe(handles[1]);
  });

  it('an update sends only the columns that changed: the stored order is exactly the one answered', async () => {
    const { handles } = await route(3);
    const [patched, disabled] = await Promise.all([
      t.api.call('PATCH', `/orders/${handles[0]}`, { metadata: { gate: 'B', floor: 3 } }),
      t.api.call('POST', `/orders/${handles[1]}/disable`),
    ]);
    expect(patched.statusCode, patched.body).toBe(200);
    expect(disabled.statusCode, disabled.body).toBe(200);
    const cancelled = await t.api.call('POST', `/orders/${handles[0]}/cancel`, { metadata: { reason: 'closed' } });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().metadata).toEqual({ customerID: '12654', gate: 'B', floor: 3, reason: 'closed' });
    expect(await snapshot(t.api, handles[0]!)).toEqual(cancelled.json());
    expect(await snapshot(t.api, handles[1]!)).toEqual(disabled.json());
    const enabled = await t.api.call('POST', `/orders/${handles[1]}/enable`);
    expect(enabled.json().status).toBe('ongoing');
    expect(await snapshot(t.api, handles[1]!)).toEqual(enabled.json());
  });

  it("another account's handle in the same batch stays invisible", async () => {
    const { handles } = await route(2);
    const other = await t.newAccount('other');
    const results = await Promise.all([
      other.call('GET', `/orders/${handles[0]}`),
      t.api.call('GET', `/orders/${handles[0]}`),
      other.call('POST', `/orders/${handles[1]}/cancel`),
      t.api.call('GET', `/orders/${handles[1]}`),
    ]);
    expect(results.map((r) => r.statusCode)).toEqual([404, 200, 404, 200]);
    expect(results[3]!.json().status).toBe('ongoing');
  });
});
