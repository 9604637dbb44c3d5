import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTaskInput, createTaskService } from '../../../src/api/bringg/routes/create-task.ts';
import { renderTask } from '../../../src/api/bringg/map.ts';
import type { BringgCaller } from '../../../src/services/bringg/bringg-auth.ts';
import { createTask, createTaskInTransaction } from '../../../src/services/bringg/create-task.ts';
import { userIdFor } from '../../../src/services/bringg/task-records.ts';
import { PUBLIC_URL, startTestApi, type TestApi } from '../../helpers/api.ts';
import { bringgClient, type BringgClient, extId, nativeWorker, twoStopTask } from '../../helpers/bringg.ts';
import { orderItem } from '../../helpers/fixtures.ts';
import { recordStatements } from '../../helpers/statements.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

const WRITES = /\b(insert|update|delete)\b/i;
const stripMarks = (sql: string) => sql.replace(/\/\*[^*]*\*\/\s*/g, '').trim();
const ISO = /^\d{4}-\d{2}-\d{2}T/;
// Ids, and the random share tokens of shared_locations.
const ID_KEYS = new Set(['id', 'task_id', 'way_point_id', 'active_way_point_id', 'customer_id', 'user_id', 'uuid', 'priority', 'token', 'url']);

/** A rendered task with its ids and clock times blanked, and `names` (external ids) replaced by their placeholders. */
function comparable(task: unknown, names: Record<string, string>): unknown {
  let text = JSON.stringify(task);
  for (const [name, placeholder] of Object.entries(names)) text = text.split(name).join(placeholder);
  const scrub = (v: unknown, key = ''): unknown => {
    if (Array.isArray(v)) return v.map((x) => scrub(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrub(x, k)]));
    if (ID_KEYS.has(key) && v !== null) return '<id>';
    if (typeof v === 'string' && ISO.test(v) && !v.startsWith('2030-')) return '<now>';
    return v;
  };
  return scrub(JSON.parse(text));
}

// create_task and cancel_task write like the native and Uber paths: one order-change statement
// carrying the stops, their events and outbox rows, and the Bringg rows; no transaction.
describe.each(STORE_KINDS)('Bringg create and cancel write in one statement on %s', (kind) => {
  let t: TestApi;
  let b: BringgClient;
  let recorded: { sql: string[] };
  let transactions = 0;
  beforeAll(async () => {
    t = await startTestApi(kind);
    b = await bringgClient(t);
    recorded = recordStatements(t.deps.store.db);
    const store = t.deps.store;
    const open = store.transaction.bind(store);
    store.transaction = ((fn) => {
      transactions++;
      return open(fn);
    }) as typeof store.transaction;
  });
  afterAll(() => t.close());

  const customers = (externalId?: string) => {
    let q = t.deps.store.db.selectFrom('bringg_customers').selectAll().where('account_id', '=', b.creds.account_id);
    if (externalId) q = q.where('external_id', '=', externalId);
    return q.orderBy('customer_id').execute();
  };

  const measure = async <T>(run: () => Promise<T>) => {
    recorded.sql = [];
    transactions = 0;
    const result = await run();
    const writes = recorded.sql.map(stripMarks).filter((s) => WRITES.test(s));
    return { result, writes, statements: recorded.sql.length, transactions };
  };

  it('create_task: the ids, then one write with the task, its way points and both stops', async () => {
    const { result, writes, statements, transactions } = await measure(() => b.task('oauth', 'create_task', twoStopTask()));
    expect(transactions).toBe(0);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/insert into bringg_tasks/);
    expect(writes[0]).toMatch(/insert into bringg_way_points/);
    // The token's account lookup, nextval for the ids, the write.
    expect(statements).toBeLessThanOrEqual(3);
    const stored = await b.task('oauth', 'get_task', { id: result.id });
    expect(stored).toEqual({ ...result, updated_at: stored.updated_at });
  });

  it('create_task with a customer object: the ids, then one write upserting the customer beside the task', async () => {
    const customer = extId('c');
    const first = await measure(() => b.task('oauth', 'create_task', twoStopTask(extId(), { customer: { external_id: customer, name: 'A', phone: '+1' } })));
    expect(first.transactions).toBe(0);
    expect(first.writes).toHaveLength(1);
    expect(first.writes[0]).toMatch(/insert into bringg_customers/);
    expect(first.writes[0]).toMatch(/insert into bringg_tasks/);
    expect(first.statements).toBeLessThanOrEqual(3);
    expect(first.result.customer).toMatchObject({ external_id: customer, name: 'A', phone: '+1' });
    expect(await b.task('oauth', 'get_task', { id: first.result.id })).toEqual({ ...first.result, updated_at: expect.any(String) });

    // A known external id: the sent fields merge into that customer, which keeps its id.
    const again = await measure(() => b.task('oauth', 'create_task', twoStopTask(extId(), { customer: { external_id: customer, name: 'B' } })));
    expect(again.transactions).toBe(0);
    expect(again.writes).toHaveLength(1);
    expect(again.statements).toBeLessThanOrEqual(3);
    const merged = again.result.customer as Record<string, unknown>;
    const original = first.result.customer as Record<string, unknown>;
    expect(merged).toMatchObject({ id: original.id, external_id: customer, name: 'B', phone: '+1', created_at: original.created_at });
    expect(again.result.customer_id).toBe(original.id);
    expect(await customers(customer)).toHaveLength(1);
    expect((await b.task('oauth', 'get_task', { id: again.result.id })).customer).toEqual(merged);

    // Without an external id the customer is a new one each time.
    const anonymous = await measure(() => b.task('oauth', 'create_task', twoStopTask(extId(), { customer: { name: 'C' } })));
    expect(anonymous.writes).toHaveLength(1);
    expect(anonymous.result.customer).toMatchObject({ external_id: null, name: 'C' });
    expect((await b.task('oauth', 'get_task', { id: anonymous.result.id })).customer).toEqual(anonymous.result.customer);
  });

  it('one request through the one-statement path and the full path: the same answer', async () => {
    const account = await t.deps.store.repos.bringg.findAccount({ accountId: b.creds.account_id });
    const caller: BringgCaller = { accountId: account!.accountId, merchantId: account!.merchantId, tagId: account!.tagId };
    const known = [extId('known'), extId('known')];
    for (const external_id of known) {
      expect((await b.call('oauth', 'create_customer', { external_id, name: 'Old', phone: '+49 1', email: 'a@example.test' })).json().success).toBe(true);
    }
    type Body = Parameters<typeof createTaskInput>[1];
    const request = (task: string, { driver, ...customer }: Record<string, unknown>) => {
      const body = twoStopTask(task, { customer, notes: [{ note: 'ring twice' }], extras: { crate: 3 }, task_type_id: 1, user_external_id: driver });
      return createTaskInput(caller, createTaskService.body.parse(body) as Body);
    };
    const pairs: [Record<string, unknown>, Record<string, unknown>, Record<string, string>][] = [];
    const fresh = [extId('new'), extId('new')];
    const [fast, slow] = [extId('fast'), extId('slow')];
    pairs.push([
      { external_id: fresh[0], name: 'New', phone: '+49 2' },
      { external_id: fresh[1], name: 'New', phone: '+49 2' },
      { [fresh[0]!]: '<c>', [fresh[1]!]: '<c>' },
    ]);
    pairs.push([
      { external_id: known[0], name: 'Merged' },
      { external_id: known[1], name: 'Merged' },
      { [known[0]!]: '<c>', [known[1]!]: '<c>' },
    ]);
    pairs.push([{ name: 'Anonymous' }, { name: 'Anonymous' }, {}]);
    // Drivers Bringg knows (a user id allocated): first each on a new route, then on that open route.
    const drivers = [await nativeWorker(b.native), await nativeWorker(b.native)] as const;
    for (const d of drivers) await userIdFor(t.deps.store.repos, caller.accountId, d);
    const withDriver = (n: number, d: string) => ({ external_id: extId(`d${n}`), name: 'Driven', driver: d });
    for (const n of [1, 2]) {
      const [one, other] = [withDriver(n, drivers[0]), withDriver(n, drivers[1])];
      pairs.push([one, other, { [one.external_id]: '<c>', [other.external_id]: '<c>', [drivers[0]]: '<w>', [drivers[1]]: '<w>' }]);
    }
    for (const [i, [one, other, names]] of pairs.entries()) {
      const atOnce = await measure(() => createTask(t.deps, caller.accountId, caller.merchantId, request(`${fast}-${i}`, one)));
      expect(atOnce.transactions).toBe(0);
      expect(atOnce.writes).toHaveLength(1);
      const full = await measure(() => createTaskInTransaction(t.deps, caller.accountId, caller.merchantId, request(`${slow}-${i}`, other)));
      expect(full.transactions).toBe(1);
      const tasks = { [`${fast}-${i}`]: '<task>', [`${slow}-${i}`]: '<task>', ...names };
      expect(atOnce.result.driver === null).toBe(!('driver' in one));
      expect(comparable(renderTask(atOnce.result, PUBLIC_URL), tasks)).toEqual(comparable(renderTask(full.result, PUBLIC_URL), tasks));
      // And each as stored.
      for (const v of [atOnce.result, full.result]) {
        expect(await b.task('oauth', 'get_task', { id: v.task.taskId })).toEqual({ ...renderTask(v, PUBLIC_URL), updated_at: expect.any(String) });
      }
    }
    expect(await customers(known[0])).toEqual([expect.objectContaining({ details: { name: 'Merged', phone: '+49 1', email: 'a@example.test' } })]);
  });

  it('a driver Bringg knows: one write creating the stops assigned, on a new route or their open one', async () => {
    const worker = await nativeWorker(b.native);
    // Never shown to Bringg: its user id is allocated, so the transaction decides.
    const first = await measure(() => b.task('oauth', 'create_task', twoStopTask(extId(), { user_external_id: worker })));
    expect(first.transactions).toBe(1);
    const userId = first.result.user_id as number;
    expect(userId).toEqual(expect.any(Number));
    const routeOf = async (handle: string) => (await b.native.call('GET', `/orders/${handle}?type=drop`)).json().route_handle as string;
    const cancelledRoute = await routeOf(first.result.external_id);
    // Its route completes with the cancel: the next create makes a new one, the later ones join it.
    await b.task('oauth', 'cancel_task', { id: first.result.id });
    const routes: string[] = [];
    for (const driver of [{ user_external_id: worker }, { user_id: userId }, { user_id: userId, customer: { external_id: extId('c'), name: 'D' } }]) {
      const { result, writes, statements, transactions } = await measure(() => b.task('oauth', 'create_task', twoStopTask(extId(), driver)));
      expect(transactions).toBe(0);
      expect(writes).toHaveLength(1);
      // The account, the driver's user and worker, the ids, the worker's open route, the write.
      expect(statements).toBeLessThanOrEqual(6);
      expect(result).toMatchObject({ user_id: userId, status: 1 });
      expect(await b.task('oauth', 'get_task', { id: result.id })).toEqual({ ...result, updated_at: expect.any(String) });
      const stops = await Promise.all(['pick', 'drop'].map(async (type) => (await b.native.call('GET', `/orders/${result.external_id}?type=${type}`)).json()));
      expect(stops.map((o) => [o.status, o.worker_handle])).toEqual([
        ['assigned', worker],
        ['assigned', worker],
      ]);
      expect(stops[0].route_handle).toBe(stops[1].route_handle);
      routes.push(stops[0].route_handle);
    }
    expect(routes[0]).not.toBe(cancelledRoute);
    expect(routes).toEqual([routes[0], routes[0], routes[0]]);
    const route = (await b.native.call('GET', `/orders/routes/${routes[0]}`)).json();
    expect(route).toMatchObject({ route_handle: routes[0], worker_handle: worker, status: 'assigned' });
    // A deleted driver or an unknown one: the full path's answers.
    const unknown = await b.call('oauth', 'create_task', twoStopTask(extId(), { user_id: 987654321 }));
    expect(unknown.json()).toMatchObject({ success: false });
    const gone = await nativeWorker(b.native);
    await b.task('oauth', 'create_task', twoStopTask(extId(), { user_external_id: gone }));
    expect((await b.native.call('DELETE', `/workers/${gone}`)).statusCode).toBeLessThan(300);
    const deleted = await measure(() => b.call('oauth', 'create_task', twoStopTask(extId(), { user_external_id: gone })));
    expect(deleted.result.json()).toMatchObject({ success: false });
    expect(deleted.transactions).toBe(1);
  });

  it('concurrent creates naming one new customer, on both paths: one customer row, every task on it', async () => {
    const customer = extId('shared');
    const driver = await nativeWorker(b.native);
    const bodies = [1, 2, 3, 4, 5].map((n) =>
      twoStopTask(extId(), { customer: { external_id: customer, [`field_${n}`]: n }, ...(n === 5 ? { user_external_id: driver } : {}) }),
    );
    const created = await Promise.all(bodies.map((body) => b.call('oauth', 'create_task', body)));
    for (const r of created) expect(r.json().success, r.body).toBe(true);
    const rows = await customers(customer);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.details).toEqual({ field_1: 1, field_2: 2, field_3: 3, field_4: 4, field_5: 5 });
    for (const r of created) expect(r.json().task.customer_id).toBe(Number(rows[0]!.customer_id));
  });

  it('a refused create changes no customer, on either path', async () => {
    const known = extId('known');
    expect((await b.call('oauth', 'create_customer', { external_id: known, name: 'Kept' })).json().success).toBe(true);
    const taken = await b.task('oauth', 'create_task', twoStopTask());
    // A taken external id is the task's own index; an open native order's handle: the statement meets the stops' index, the full path refuses it.
    const handle = extId('native');
    expect((await b.native.call('POST', '/orders', { plan_mode: 'manual', orders: [orderItem(handle)] })).statusCode).toBe(201);
    const before = await customers();
    for (const externalId of [taken.external_id, handle]) {
      for (const customer of [{ external_id: known, name: 'Changed' }, { external_id: extId('new'), name: 'New' }, { name: 'Anonymous' }]) {
        const refused = await b.call('oauth', 'create_task', twoStopTask(externalId, { customer }));
        expect(refused.json()).toEqual({ success: false, rc: 3, message: `Task with external id ${externalId} exists already` });
      }
    }
    expect(await customers()).toEqual(before);

    // A finished native order's handle: the statement is refused on the stops' index, and the
    // full path creates the task as its next attempt, upserting the customer once.
    const finished = extId('native');
    expect((await b.native.call('POST', '/orders', { plan_mode: 'manual', orders: [orderItem(finished)] })).statusCode).toBe(201);
    expect((await b.native.call('POST', `/orders/${finished}/cancel`, {})).statusCode).toBe(200);
    const adopted = await measure(() => b.task('oauth', 'create_task', twoStopTask(finished, { customer: { external_id: known, name: 'Changed' } })));
    expect(adopted.transactions).toBe(1);
    expect(adopted.result).toMatchObject({ external_id: finished, status: 0, customer: { external_id: known, name: 'Changed' } });
    expect(await customers(known)).toEqual([expect.objectContaining({ details: { name: 'Changed' } })]);
    expect(await customers()).toHaveLength(before.length);
  });

  it('cancel_task: reads, then one write of both stops and the task row', async () => {
    const created = await b.task('oauth', 'create_task', twoStopTask(extId(), { customer: { external_id: extId('c'), name: 'A' } }));
    const { result, writes, statements, transactions } = await measure(() => b.task('oauth', 'cancel_task', { id: created.id, reason: 'Customer absent' }));
    expect(transactions).toBe(0);
    expect(writes).toHaveLength(1);
    // The token's account lookup, one read of the task with its way points, customer and stops, the write.
    expect(statements).toBeLessThanOrEqual(3);
    expect(result).toMatchObject({ status: 7, automatically_cancelled: 4, task_cancellation_reason: { other_text: 'Customer absent' } });
    expect(await b.task('oauth', 'get_task', { id: created.id })).toEqual(result);
  });

  it('a create whose handle has earlier records, or a taken external id, still gets the full path answers', async () => {
    const first = await b.task('oauth', 'create_task', twoStopTask());
    await b.task('oauth', 'cancel_task', { id: first.id });
    const taken = await b.call('oauth', 'create_task', twoStopTask(first.external_id));
    expect(taken.json()).toEqual({ success: false, rc: 3, message: `Task with external id ${first.external_id} exists already` });
    // A native order's handle, finished: the Bringg task is its next attempt.
    const handle = extId('native');
    const native = await b.native.call('POST', '/orders', { plan_mode: 'manual', orders: [orderItem(handle)] });
    expect(native.statusCode, native.body).toBe(201);
    expect((await b.native.call('POST', `/orders/${handle}/cancel`, {})).statusCode).toBe(200);
    const adopted = await b.task('oauth', 'create_task', twoStopTask(handle));
    expect(adopted).toMatchObject({ external_id: handle, status: 0 });
  });

  it('concurrent requests: one create per external id, one cancel per task, the others refused as alone', async () => {
    const external = extId('race');
    const creates = await Promise.all([1, 2, 3, 4].map(() => b.call('oauth', 'create_task', twoStopTask(external))));
    const won = creates.filter((r) => r.json().success);
    expect(won).toHaveLength(1);
    for (const r of creates.filter((x) => !x.json().success)) {
      expect(r.json()).toEqual({ success: false, rc: 3, message: `Task with external id ${external} exists already` });
    }
    const id = won[0]!.json().task.id as number;
    const cancels = await Promise.all([1, 2, 3, 4].map(() => b.call('oauth', 'cancel_task', { id })));
    expect(cancels.filter((r) => r.json().success)).toHaveLength(1);
    for (const r of cancels.filter((x) => !x.json().success)) {
      expect(r.json()).toEqual({ success: false, rc: 5, message: "Can't update a done order" });
    }
    const stored = await b.task('oauth', 'get_task', { id });
    expect(stored).toMatchObject({ status: 7, automatically_cancelled: 4 });
    // Each stop was cancelled once: one order_cancelled event each.
    for (const type of ['pick', 'drop']) {
      const native = (await b.native.call('GET', `/orders/${external}?type=${type}`)).json();
      const timeline = native.timeline as { type: string }[];
      expect(timeline.length).toBeGreaterThan(1);
      expect(timeline.filter((e) => e.type === 'order_cancelled')).toHaveLength(1);
    }
  });

  it('a note added while a cancel is written is kept: the cancel merges into the task row', async () => {
    for (let round = 0; round < 5; round++) {
      const task = await b.task('oauth', 'create_task', twoStopTask());
      const [note, cancel] = await Promise.all([
        b.call('oauth', 'create_note', { id: task.id, note: `n${round}` }),
        b.call('oauth', 'cancel_task', { id: task.id, reason: 'gone' }),
      ]);
      expect(cancel.json().success, cancel.body).toBe(true);
      const stored = await b.task('oauth', 'get_task', { id: task.id });
      expect(stored.task_cancellation_reason).toEqual({ reason_to_cancel_task_id: null, other_text: 'gone' });
      if (note.json().success) expect(stored.task_notes).toEqual([note.json().note]);
      else expect(note.json()).toEqual({ success: false, rc: 5, message: "Can't update a done order" });
    }
  });

  it('a refused cancel of a task whose driver Bringg never showed allocates no user id', async () => {
    const task = await b.task('oauth', 'create_task', twoStopTask());
    const worker = extId('w');
    expect((await b.native.call('POST', '/workers', { worker_handle: worker, device_id: extId('d') })).statusCode).toBe(201);
    const reassigned = await b.native.call('POST', `/orders/${task.external_id}/reassign?type=drop`, { worker_handle: worker });
    expect(reassigned.statusCode, reassigned.body).toBe(200);
    expect((await b.native.call('POST', `/orders/${task.external_id}/lock`)).statusCode).toBe(200);
    const refused = await b.call('oauth', 'cancel_task', { id: task.id });
    expect(refused.json()).toEqual({ success: false, message: "Can't cancel a locked order.", rc: 4 });
    expect(await t.deps.store.repos.bringg.findUser(b.creds.account_id, { workerHandle: worker })).toBeNull();
  });
});
