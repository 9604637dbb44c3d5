import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../../src/core/order/types.ts';
import type { Fix } from '../../src/core/tracking/fix.ts';
import { ingestLocations } from '../../src/services/tracking/ingest-locations.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { TestClock } from '../helpers/clock.ts';
import { orderItem, trackedOrder, uniq } from '../helpers/fixtures.ts';
import { STORE_KINDS } from '../helpers/stores.ts';
import { storedFixes } from '../api/ingest/stored.ts';
import { fixAt } from '../helpers/fixes.ts';
import { recordStatements } from '../helpers/statements.ts';

const T0 = new Date('2033-03-01T09:00:00.000Z');
// ~1 km from the fixtures' destination in San Jose, driving towards it.
const fix = (seconds: number): Fix => fixAt(new Date(T0.getTime() + seconds * 1000), -121.872 + seconds * 0.00005, 37.3263);
const fixes = (...seconds: number[]) => seconds.map(fix);

// A device's batches after its first are written as ONE statement from what the process
// remembers (ingest-fresh.ts). Whatever changed meanwhile must send the batch down the locked
// path instead, with the same outcome as if the process had remembered nothing.
describe.each(STORE_KINDS)('ingest in one statement on %s', (kind) => {
  let t: TestApi;
  const clock = new TestClock(new Date(T0.getTime() - 60_000));
  let recorded: { sql: string[] };
  let transactions = 0;
  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
    recorded = recordStatements(t.deps.store.db);
    const transaction = t.deps.store.transaction.bind(t.deps.store);
    t.deps.store.transaction = (fn) => {
      transactions++;
      return transaction(fn);
    };
  });
  afterAll(() => t.close());

  const oneStatement = () => recorded.sql.filter((s) => s.includes('dropline_stale_unless')).length;
  /** Statements outside transactions, and transactions: the locked path is one transaction. */
  const locked = () => transactions;
  /** Orders are created before T0 (so every fix counts for them), fixes are taken an hour later. */
  const ingest = async (deviceId: string, batch: Fix[]) => {
    clock.set(new Date(T0.getTime() + 3_600_000).toISOString());
    try {
      return await ingestLocations(t.deps, t.api.accountId, deviceId, batch);
    } finally {
      clock.set(new Date(T0.getTime() - 60_000).toISOString());
    }
  };
  const stored = async (orderHandle: string): Promise<Order> => (await t.deps.store.repos.orders.find(t.api.accountId, { orderHandle }))!;
  const outboxTypes = async (o: Order) => (await t.deps.store.repos.webhookOutbox.eventsOfOrder(o.id)).map((e) => e.type);

  it("a device's next batch is one statement, with the result the locked path gives", async () => {
    const fast = await trackedOrder(t.api);
    const slow = await trackedOrder(t.api);
    for (const d of [fast, slow]) expect(await ingest(d.deviceId, fixes(0, 10))).toEqual({ accepted: 2, duplicates: 0, dropped: {} });

    recorded.sql = [];
    transactions = 0;
    expect(await ingest(fast.deviceId, fixes(20, 30, 40))).toEqual({ accepted: 3, duplicates: 0, dropped: {} });
    expect([oneStatement(), locked()]).toEqual([1, 0]);
    expect(recorded.sql.filter((s) => !s.includes('pg_notify'))).toHaveLength(1);

    // The same batch for a device the process forgot goes through the locks.
    t.deps.ingest.caches.snapshots.delete(slow.deviceId);
    recorded.sql = [];
    transactions = 0;
    expect(await ingest(slow.deviceId, fixes(20, 30, 40))).toEqual({ accepted: 3, duplicates: 0, dropped: {} });
    expect([oneStatement(), locked()]).toEqual([0, 1]);

    const [a, b] = [await stored(fast.orderHandle), await stored(slow.orderHandle)];
    expect(a.tracking).toEqual(b.tracking);
    expect(a.tracking.fixCount).toBe(5);
    expect(a.updatedAt).toEqual(b.updatedAt);
    expect(await outboxTypes(a)).toEqual(await outboxTypes(b));
    expect(await storedFixes(t.deps, fast.deviceId)).toEqual(await storedFixes(t.deps, slow.deviceId));
    const versions = await t.deps.store.db
      .selectFrom('device_state')
      .select(['device_id', 'history_version'])
      .where('device_id', 'in', [fast.deviceId, slow.deviceId])
      .execute();
    expect(versions.map((v) => Number(v.history_version))).toEqual([2, 2]);
  });

  it('an order cancelled between two batches is left as cancelled; the batch is redone under locks', async () => {
    const d = await trackedOrder(t.api);
    await ingest(d.deviceId, fixes(0, 10));
    expect((await t.api.call('POST', `/orders/${d.orderHandle}/cancel`)).statusCode).toBe(200);
    const cancelled = await stored(d.orderHandle);

    recorded.sql = [];
    transactions = 0;
    expect(await ingest(d.deviceId, fixes(20, 30))).toEqual({ accepted: 2, duplicates: 0, dropped: {} });
    expect([oneStatement(), locked()]).toEqual([1, 1]);
    expect(await stored(d.orderHandle)).toEqual(cancelled);
    expect(await storedFixes(t.deps, d.deviceId)).toHaveLength(4);

    // The locked path remembered the device again, now with no order to track.
    recorded.sql = [];
    transactions = 0;
    expect(await ingest(d.deviceId, fixes(40))).toEqual({ accepted: 1, duplicates: 0, dropped: {} });
    expect([oneStatement(), locked()]).toEqual([1, 0]);
    expect(await stored(d.orderHandle)).toEqual(cancelled);
  });

  it('an order given to the device between two batches is tracked from the next batch', async () => {
    const d = await trackedOrder(t.api);
    await ingest(d.deviceId, fixes(0, 10));
    const second = uniq('order');
    const r = await t.api.call('POST', '/orders/track', { worker_handle: d.workerHandle, track_mode: 'on_time', orders: [orderItem(second)] });
    expect(r.statusCode, r.body).toBe(201);

    recorded.sql = [];
    transactions = 0;
    await ingest(d.deviceId, fixes(20, 30));
    expect(locked()).toBe(1);
    expect((await stored(d.orderHandle)).tracking.fixCount).toBe(4);
    expect((await stored(second)).tracking.fixCount).toBe(2);

    recorded.sql = [];
    transactions = 0;
    await ingest(d.deviceId, fixes(40));
    expect([oneStatement(), locked()]).toEqual([1, 0]);
    expect((await stored(d.orderHandle)).tracking.fixCount).toBe(5);
    expect((await stored(second)).tracking.fixCount).toBe(3);
  });

  it('a resent batch is all duplicates and changes nothing; a late fix is kept as history', async () => {
    const d = await trackedOrder(t.api);
    await ingest(d.deviceId, fixes(0, 10));
    await ingest(d.deviceId, fixes(20, 30));
    const before = await stored(d.orderHandle);
    const events = await outboxTypes(before);

    expect(await ingest(d.deviceId, fixes(20, 30))).toEqual({ accepted: 0, duplicates: 2, dropped: {} });
    expect(await stored(d.orderHandle)).toEqual({ ...before, updatedAt: before.updatedAt });
    expect(await outboxTypes(before)).toEqual(events);

    expect(await ingest(d.deviceId, fixes(15))).toEqual({ accepted: 1, duplicates: 0, dropped: {} });
    expect((await storedFixes(t.deps, d.deviceId)).map((f) => f.recorded_at)).toEqual(fixes(0, 10, 15, 20, 30).map((f) => f.recordedAt.toISOString()));
  });

  it('a fix stored meanwhile without the device state (history import) sends the batch to the locked path', async () => {
    const d = await trackedOrder(t.api);
    await ingest(d.deviceId, fixes(0, 10));
    await t.deps.store.repos.locations.insertNew(d.deviceId, fixes(20), clock.now());
    recorded.sql = [];
    transactions = 0;
    expect(await ingest(d.deviceId, fixes(20, 30))).toEqual({ accepted: 1, duplicates: 1, dropped: {} });
    expect([oneStatement(), locked()]).toEqual([1, 1]);
    expect((await storedFixes(t.deps, d.deviceId)).map((f) => f.recorded_at)).toEqual(fixes(0, 10, 20, 30).map((f) => f.recordedAt.toISOString()));
    expect((await stored(d.orderHandle)).tracking.fixCount).toBe(3);
  });

  it('concurrent devices share the one statement, each with its own answer', async () => {
    const fleet = await Promise.all(Array.from({ length: 6 }, () => trackedOrder(t.api)));
    for (const d of fleet) await ingest(d.deviceId, fixes(0));
    recorded.sql = [];
    transactions = 0;
    const results = await Promise.all(fleet.map((d, i) => ingest(d.deviceId, fixes(...Array.from({ length: i + 1 }, (_, k) => 10 + k * 10)))));
    expect(results.map((r) => r.accepted)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(oneStatement()).toBeLessThan(fleet.length);
    expect(locked()).toBe(0);
    for (const [i, d] of fleet.entries()) expect((await stored(d.orderHandle)).tracking.fixCount).toBe(i + 2);
  });
});
