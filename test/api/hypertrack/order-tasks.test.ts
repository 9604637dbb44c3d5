import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_URL, startTestApi, type TestApi } from '../../helpers/api.ts';
import { TestClock } from '../../helpers/clock.ts';
import { orderItem, trackedOrder, uniq, unplannedOrder } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

type Json = Record<string, any>;

const T0 = new Date('2030-01-01T08:00:00.000Z');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe.each(STORE_KINDS)('native order tasks on %s', (kind) => {
  let t: TestApi;
  const clock = new TestClock(T0);
  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
  });
  afterAll(() => t.close());

  const tasksOf = async (orderHandle: string, query = '') => {
    const r = await t.api.call('GET', `/orders/${orderHandle}/tasks${query}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json().tasks as Json[];
  };

  it('creates tasks in order, lists them, and the order object shows them', async () => {
    const orderHandle = await unplannedOrder(t.api);
    expect((await t.api.call('GET', `/orders/${orderHandle}`)).json()).not.toHaveProperty('tasks');
    expect(await tasksOf(orderHandle)).toEqual([]);

    const r = await t.api.call('POST', `/orders/${orderHandle}/tasks`, {
      tasks: [{ label: 'collect_signature', description: 'Signature of the recipient', priority: 'high', metadata: { step: 1 } }, { label: 'photo' }],
    });
    expect(r.statusCode, r.body).toBe(201);
    const created = r.json().tasks as Json[];
    expect(created).toEqual([
      {
        task_id: expect.stringMatching(UUID),
        label: 'collect_signature',
        description: 'Signature of the recipient',
        metadata: { step: 1 },
        priority: 'high',
        status: 'pending',
        created_at: T0.toISOString(),
      },
      { task_id: expect.stringMatching(UUID), label: 'photo', status: 'pending', created_at: T0.toISOString() },
    ]);
    expect(created[0]!.task_id).not.toBe(created[1]!.task_id);

    expect(await tasksOf(orderHandle)).toEqual(created);
    const order = (await t.api.call('GET', `/orders/${orderHandle}`)).json();
    expect(order.tasks).toEqual(created);

    // A later request's tasks come after the first ones.
    const more = (await t.api.call('POST', `/orders/${orderHandle}/tasks`, { tasks: [{ label: 'third' }] })).json().tasks as Json[];
    expect((await tasksOf(orderHandle)).map((x) => x.label)).toEqual(['collect_signature', 'photo', 'third']);
    expect(more).toHaveLength(1);
  });

  it('PATCH changes status and details, merges metadata, adds attachments; the order body follows', async () => {
    const orderHandle = await unplannedOrder(t.api);
    const [task] = (await t.api.call('POST', `/orders/${orderHandle}/tasks`, { tasks: [{ label: 'inspect', metadata: { a: 1 } }] })).json().tasks;
    clock.advance(60_000);
    const later = clock.now().toISOString();

    const r = await t.api.call('PATCH', `/orders/${orderHandle}/tasks/${task.task_id}`, {
      status: 'ongoing',
      label: 'inspect_meter',
      description: 'Read the meter',
      priority: 'low',
      metadata: { b: 2 },
      attachments: [
        { type: 'image', url: 'https://img.example/1.png', caption: 'front' },
        { type: 'note', data: 'gate code 1234' },
      ],
    });
    expect(r.statusCode, r.body).toBe(200);
    const patched = r.json();
    expect(patched).toEqual({
      task_id: task.task_id,
      label: 'inspect_meter',
      description: 'Read the meter',
      metadata: { a: 1, b: 2 },
      priority: 'low',
      status: 'ongoing',
      created_at: task.created_at,
      updated_at: later,
      attachments: [
        { type: 'image', url: 'https://img.example/1.png', caption: 'front', attachment_id: expect.stringMatching(UUID) },
        { type: 'note', data: 'gate code 1234', attachment_id: expect.stringMatching(UUID) },
      ],
    });

    // Attachments are added to, never replaced.
    const done = await t.api.call('PATCH', `/orders/${orderHandle}/tasks/${task.task_id}`, {
      status: 'completed',
      attachments: [{ type: 'signature', url: 'https://img.example/sig.png' }],
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().status).toBe('completed');
    expect(done.json().attachments.map((a: Json) => a.type)).toEqual(['image', 'note', 'signature']);

    expect((await t.api.call('GET', `/orders/${orderHandle}`)).json().tasks).toEqual([done.json()]);
    expect(await tasksOf(orderHandle)).toEqual([done.json()]);
  });

  it('DELETE removes the task; the order body leaves out tasks once none is left', async () => {
    const orderHandle = await unplannedOrder(t.api);
    const tasks = (await t.api.call('POST', `/orders/${orderHandle}/tasks`, { tasks: [{ label: 'one' }, { label: 'two' }] })).json().tasks;
    const del = await t.api.call('DELETE', `/orders/${orderHandle}/tasks/${tasks[0].task_id}`);
    expect(del.statusCode, del.body).toBe(204);
    expect(del.body).toBe('');
    expect((await tasksOf(orderHandle)).map((x) => x.label)).toEqual(['two']);

    const again = await t.api.call('DELETE', `/orders/${orderHandle}/tasks/${tasks[0].task_id}`);
    expect([again.statusCode, again.json()]).toEqual([
      404,
      {
        code: 'order_task_not_found',
        title: 'Order Task Not Found',
        detail: { description: `Order Task not found for id ${tasks[0].task_id} in order ${orderHandle}` },
      },
    ]);

    expect((await t.api.call('DELETE', `/orders/${orderHandle}/tasks/${tasks[1].task_id}`)).statusCode).toBe(204);
    expect((await t.api.call('GET', `/orders/${orderHandle}`)).json()).not.toHaveProperty('tasks');
  });

  it('an unknown task is 404 order_task_not_found on PATCH and DELETE, whatever the id looks like', async () => {
    const orderHandle = await unplannedOrder(t.api);
    const other = await unplannedOrder(t.api);
    const [foreign] = (await t.api.call('POST', `/orders/${other}/tasks`, { tasks: [{ label: 'elsewhere' }] })).json().tasks;
    for (const id of ['8a1f0c3e-5b0d-4a57-9d0e-2f7d6c1b9a00', 'not-a-uuid', foreign.task_id]) {
      const notFound = {
        code: 'order_task_not_found',
        title: 'Order Task Not Found',
        detail: { description: `Order Task not found for id ${id} in order ${orderHandle}` },
      };
      const patch = await t.api.call('PATCH', `/orders/${orderHandle}/tasks/${id}`, { status: 'completed' });
      expect([patch.statusCode, patch.json()]).toEqual([404, notFound]);
      const del = await t.api.call('DELETE', `/orders/${orderHandle}/tasks/${id}`);
      expect([del.statusCode, del.json()]).toEqual([404, notFound]);
    }
    // The other order's task was not touched.
    expect(await tasksOf(other)).toEqual([foreign]);
  });

  it('an unknown order is 404 order_not_found on every task operation', async () => {
    const h = uniq('missing');
    const id = '8a1f0c3e-5b0d-4a57-9d0e-2f7d6c1b9a00';
    const body = { code: 'order_not_found', title: 'Order Not Found', detail: `Order not found for handle ${h}` };
    for (const [method, url, payload] of [
      ['POST', `/orders/${h}/tasks`, { tasks: [{ label: 'x' }] }],
      ['GET', `/orders/${h}/tasks`, undefined],
      ['PATCH', `/orders/${h}/tasks/${id}`, { status: 'completed' }],
      ['DELETE', `/orders/${h}/tasks/${id}`, undefined],
    ] as const) {
      const r = await t.api.call(method, url, payload);
      expect([method, r.statusCode, r.json()]).toEqual([method, 404, body]);
    }
  });

  it("another account's order is 404 and its tasks stay as they were", async () => {
    const orderHandle = await unplannedOrder(t.api);
    const [task] = (await t.api.call('POST', `/orders/${orderHandle}/tasks`, { tasks: [{ label: 'mine' }] })).json().tasks;
    const other = await t.newAccount('other');
    const calls = [
      await other.call('POST', `/orders/${orderHandle}/tasks`, { tasks: [{ label: 'stolen' }] }),
      await other.call('GET', `/orders/${orderHandle}/tasks`),
      await other.call('PATCH', `/orders/${orderHandle}/tasks/${task.task_id}`, { status: 'cancelled' }),
      await other.call('DELETE', `/orders/${orderHandle}/tasks/${task.task_id}`),
    ];
    for (const r of calls) {
      expect(r.statusCode).toBe(404);
      expect(r.json().code).toBe('order_not_found');
      expect(r.body).not.toContain(task.task_id);
    }
    // The same handle in the other account is its own order: A's task is not there.
    expect((await other.call('POST', '/orders', { plan_mode: 'manual', orders: [orderItem(orderHandle)] })).statusCode).toBe(201);
    expect((await other.call('GET', `/orders/${orderHandle}/tasks`)).json()).toEqual({ tasks: [] });
    const patch = await other.call('PATCH', `/orders/${orderHandle}/tasks/${task.task_id}`, { status: 'cancelled' });
    expect([patch.statusCode, patch.json().code]).toEqual([404, 'order_task_not_found']);
    expect(await tasksOf(orderHandle)).toEqual([task]);
  });

  it('refuses bad bodies with 422 naming the field, and writes nothing', async () => {
    const orderHandle = await unplannedOrder(t.api);
    const bad: [unknown, string][] = [
      [{}, 'tasks'],
      [{ tasks: [] }, 'tasks'],
      [{ tasks: [{}] }, 'tasks.0.label'],
      [{ tasks: [{ label: '' }] }, 'tasks.0.label'],
      [{ tasks: [{ label: 'x', priority: 'urgent' }] }, 'tasks.0.priority'],
      [{ tasks: [{ label: 'x', status: 'completed' }] }, 'tasks.0'],
      [{ tasks: [{ label: 'x' }], task_definition_id: 'def-1' }, 'task_definition_id'],
      [{ tasks: [{ label: 'x', task_definition_id: 'def-1' }] }, 'tasks.0.task_definition_id'],
      [{ tasks: Array.from({ length: 101 }, (_, i) => ({ label: `t${i}` })) }, 'tasks'],
      // What PostgreSQL cannot store is refused at the edge (the input boundary), not a 500.
      [{ tasks: [{ label: 'x', description: 'nul\u0000here' }] }, 'tasks.0.description'],
    ];
    for (const [body, field] of bad) {
      const r = await t.api.call('POST', `/orders/${orderHandle}/tasks`, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(422);
      expect(r.json().message).toBe('Validation error');
      expect(Object.keys(r.json().detail.json), JSON.stringify(body)).toContain(field);
    }
    expect(await tasksOf(orderHandle)).toEqual([]);

    const [task] = (await t.api.call('POST', `/orders/${orderHandle}/tasks`, { tasks: [{ label: 'ok' }] })).json().tasks;
    const badPatches: [unknown, string][] = [
      [{ status: 'pending' }, 'status'],
      [{ status: 'done' }, 'status'],
      [{ priority: 'urgent' }, 'priority'],
      [{ attachments: [] }, 'attachments'],
      [{ attachments: [{ type: 'video', url: 'https://x' }] }, 'attachments.0.type'],
      [{ attachments: Array.from({ length: 11 }, () => ({ type: 'note', data: 'n' })) }, 'attachments'],
      [{ colour: 'red' }, '_schema'],
    ];
    for (const [body, field] of badPatches) {
      const r = await t.api.call('PATCH', `/orders/${orderHandle}/tasks/${task.task_id}`, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(422);
      expect(Object.keys(r.json().detail.json), JSON.stringify(body)).toContain(field);
    }
    const q = await t.api.call('GET', `/orders/${orderHandle}/tasks?type=middle`);
    expect([q.statusCode, Object.keys(q.json().detail.query)]).toEqual([422, ['type']]);
    expect(await tasksOf(orderHandle)).toEqual([task]);
  });

  it('the key qualifiers pick the stop: a pick and a drop of one handle have their own tasks', async () => {
    const h = uniq('pd');
    const r = await t.api.call('POST', '/orders', {
      plan_mode: 'manual',
      orders: [orderItem(h, { type: 'pick' }), orderItem(h, { type: 'drop' })],
    });
    expect(r.statusCode, r.body).toBe(201);
    expect((await t.api.call('POST', `/orders/${h}/tasks?type=drop`, { tasks: [{ label: 'hand over' }] })).statusCode).toBe(201);
    expect((await t.api.call('POST', `/orders/${h}/tasks?type=pick`, { tasks: [{ label: 'load' }] })).statusCode).toBe(201);
    expect((await tasksOf(h, '?type=drop')).map((x) => x.label)).toEqual(['hand over']);
    expect((await tasksOf(h, '?type=pick')).map((x) => x.label)).toEqual(['load']);
    const [load] = await tasksOf(h, '?type=pick');
    const wrongStop = await t.api.call('PATCH', `/orders/${h}/tasks/${load!.task_id}?type=drop`, { status: 'completed' });
    expect(wrongStop.statusCode).toBe(404);
    expect((await t.api.call('GET', `/orders/${h}?type=drop`)).json().tasks.map((x: Json) => x.label)).toEqual(['hand over']);
  });

  it('sends task_created, task_updated and task_completed order webhooks with the task', async () => {
    const { orderHandle, route } = await trackedOrder(t.api);
    const [task] = (await t.api.call('POST', `/orders/${orderHandle}/tasks`, { tasks: [{ label: 'checklist' }] })).json().tasks;
    const ongoing = (await t.api.call('PATCH', `/orders/${orderHandle}/tasks/${task.task_id}`, { status: 'ongoing' })).json();
    const completed = (await t.api.call('PATCH', `/orders/${orderHandle}/tasks/${task.task_id}`, { status: 'completed' })).json();
    // Already completed: a further change is an update.
    const relabelled = (await t.api.call('PATCH', `/orders/${orderHandle}/tasks/${task.task_id}`, { label: 'checklist_v2' })).json();
    expect((await t.api.call('DELETE', `/orders/${orderHandle}/tasks/${task.task_id}`)).statusCode).toBe(204);

    const docs = (await t.api.call('GET', `/orders/${orderHandle}/webhooks`)).json() as Json[];
    const taskDocs = docs.filter((d) => String(d.data.value).startsWith('task_'));
    expect(taskDocs.map((d) => d.data.value)).toEqual(['task_created', 'task_updated', 'task_completed', 'task_updated']);
    expect(taskDocs.map((d) => d.data.task)).toEqual([task, ongoing, completed, relabelled]);
    expect(taskDocs[0]).toMatchObject({
      type: 'order',
      account_id: t.api.accountId,
      data: {
        value: 'task_created',
        order_handle: orderHandle,
        status: 'ongoing',
        route_handle: route.route_handle,
        share_url: expect.stringContaining(`${PUBLIC_URL}/t/`),
        metadata: { customerID: '12654' },
      },
    });
    // No timeline entry: HyperTrack's order timeline has no task events.
    const order = (await t.api.call('GET', `/orders/${orderHandle}`)).json();
    expect(order.timeline.map((e: Json) => e.type).filter((x: string) => x.includes('task'))).toEqual([]);
  });

  it("an order action's answer (the full order object) shows the tasks too", async () => {
    const orderHandle = await unplannedOrder(t.api);
    const created = (await t.api.call('POST', `/orders/${orderHandle}/tasks`, { tasks: [{ label: 'kept' }] })).json().tasks;
    const cancel = await t.api.call('POST', `/orders/${orderHandle}/cancel`, {});
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(cancel.json()).toMatchObject({ status: 'cancelled', tasks: created });
  });

  it('an empty PATCH changes nothing and sends nothing', async () => {
    const orderHandle = await unplannedOrder(t.api);
    const [task] = (await t.api.call('POST', `/orders/${orderHandle}/tasks`, { tasks: [{ label: 'same' }] })).json().tasks;
    const r = await t.api.call('PATCH', `/orders/${orderHandle}/tasks/${task.task_id}`, {});
    expect([r.statusCode, r.json()]).toEqual([200, task]);
    const docs = (await t.api.call('GET', `/orders/${orderHandle}/webhooks`)).json() as Json[];
    expect(docs.map((d) => d.data.value).filter((v: string) => v.startsWith('task_'))).toEqual(['task_created']);
  });
});
