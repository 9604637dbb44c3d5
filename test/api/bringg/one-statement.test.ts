import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { bringgClient, type BringgClient, extId, twoStopTask } from '../../helpers/bringg.ts';
import { orderItem } from '../../helpers/fixtures.ts';
import { recordStatements } from '../../helpers/statements.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

const WRITES = /\b(insert|update|delete)\b/i;
const stripMarks = (sql: string) => sql.replace(/\/\*[^*]*\*\/\s*/g, '').trim();

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

  it('cancel_task: reads, then one write of both stops and the task row', async () => {
    const created = await b.task('oauth', 'create_task', twoStopTask(extId(), { customer: { external_id: extId('c'), name: 'A' } }));
    const { result, writes, transactions } = await measure(() => b.task('oauth', 'cancel_task', { id: created.id, reason: 'Customer absent' }));
    expect(transactions).toBe(0);
    expect(writes).toHaveLength(1);
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
