import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { bringgClient, type BringgClient, DROPOFF, extId, nativeWorker, twoStopTask, URL_STYLES } from '../../helpers/bringg.ts';
import { TestClock } from '../../helpers/clock.ts';
import { SAN_JOSE } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

const cases = STORE_KINDS.flatMap((kind) => URL_STYLES.map((style) => [kind, style] as const));

describe.each(cases)('Bringg services on %s via %s', (kind, style) => {
  let t: TestApi;
  let b: BringgClient;
  const clock = new TestClock();
  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
    b = await bringgClient(t);
  });
  afterAll(() => t.close());

  it('create (two way points) → assign → start → checkout ×2 → done', async () => {
    const created = await b.task(style, 'create_task', twoStopTask());
    const [wp1, wp2] = created.way_points as { id: number; position: number; pickup_dropoff_option: number }[];
    expect(created).toMatchObject({ status: 0, active_way_point_id: wp1!.id, user_id: null, ended_time: null, priority: created.id });
    expect(created.way_points.map((w) => [w.position, w.pickup_dropoff_option, w.done])).toEqual([
      [1, 0, false],
      [2, 1, false],
    ]);

    const driver = await nativeWorker(b.native);
    clock.advance(60_000);
    const assigned = await b.task(style, 'assign_task', { id: created.id, user_external_id: driver });
    expect(assigned).toMatchObject({ status: 1, external_user_id: driver, last_assigned_time: clock.now().toISOString() });
    expect(assigned.user_id).toEqual(expect.any(Number));

    clock.advance(60_000);
    const started = await b.task(style, 'start_task', { id: created.id });
    expect(started).toMatchObject({ status: 2, started_time: clock.now().toISOString(), active_way_point_id: wp1!.id });

    clock.advance(60_000);
    const checkedIn = await b.task(style, 'checkin', { id: created.id, lat: 52.5208, lng: 13.4094 });
    expect(checkedIn).toMatchObject({ status: 3, active_way_point_id: wp1!.id });
    expect(checkedIn.way_points[0]).toMatchObject({ checkin_time: clock.now().toISOString(), checkin_lat: 52.5208 });

    clock.advance(60_000);
    const first = await b.task(style, 'checkout', { id: created.id, lat: 52.5208, lng: 13.4094 });
    expect(first).toMatchObject({ status: 2, active_way_point_id: wp2!.id, ended_time: null, automatically_ended: null });
    expect(first.way_points[0]).toMatchObject({ done: true, checkout_time: clock.now().toISOString() });

    clock.advance(60_000);
    const pastTime = new Date(clock.now().getTime() - 30_000).toISOString();
    const done = await b.task(style, 'checkout', { external_id: created.external_id, time_at: pastTime });
    expect(done).toMatchObject({
      status: 4,
      active_way_point_id: null,
      ended_time: clock.now().toISOString(),
      cancelled_at: null,
      automatically_ended: 11,
    });
    expect(done.way_points[1]).toMatchObject({ done: true, checkout_time: pastTime });

    // Nothing more to do with a done task.
    const again = await b.call(style, 'checkout', { id: created.id });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ success: false, message: "Can't update a done order", rc: 5 });
  });

  it('create → cancel marks every way point done and records the API as the canceller', async () => {
    const created = await b.task(style, 'create_task', twoStopTask());
    clock.advance(1_000);
    const cancelled = await b.task(style, 'cancel_task', { id: created.id, reason_id: 3, reason: 'Customer asked' });
    expect(cancelled).toMatchObject({
      status: 7,
      automatically_cancelled: 4,
      active_way_point_id: null,
      cancelled_at: clock.now().toISOString(),
      ended_time: clock.now().toISOString(),
      task_cancellation_reason: { reason_to_cancel_task_id: 3, other_text: 'Customer asked' },
    });
    expect(cancelled.way_points.map((w) => w.done)).toEqual([true, true]);
  });

  it('end_task completes an open task (status 4, automatically_ended 11)', async () => {
    const created = await b.task(style, 'create_task', twoStopTask());
    const ended = await b.task(style, 'end_task', { external_id: created.external_id });
    expect(ended).toMatchObject({ status: 4, automatically_ended: 11, ended_time: clock.now().toISOString() });
  });

  it('a duplicate external_id on create answers 200 success:false and creates nothing', async () => {
    const externalId = extId('dup');
    const first = await b.task(style, 'create_task', twoStopTask(externalId));
    const r = await b.call(style, 'create_task', twoStopTask(externalId, { title: 'Second' }));
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ success: false, message: `Task with external id ${externalId} exists already`, rc: 3 });
    expect(await b.task(style, 'get_task', { external_id: externalId })).toEqual(first);
  });

  it('a one-way-point task is one drop stop; get_task finds it by id and by external_id', async () => {
    const created = await b.task(style, 'create_task', { external_id: extId(), way_points: [DROPOFF] });
    expect(created.way_points).toHaveLength(1);
    expect(created.way_points[0]).toMatchObject({ position: 1, pickup_dropoff_option: 1, etos: 300, phone: DROPOFF.phone });
    expect(await b.task(style, 'get_task', { id: created.id })).toEqual(created);
    expect(await b.task(style, 'get_task', { external_id: created.external_id })).toEqual(created);
    // Bodies wrapped as {"task": {...}} are accepted too (reference §1, OURS).
    expect(await b.task(style, 'get_task', { task: { id: created.id } })).toEqual(created);
  });

  it('update_task changes fields, way points and appends notes; update_task_external_id renames', async () => {
    const created = await b.task(style, 'create_task', twoStopTask());
    const updated = await b.task(style, 'update_task', {
      id: created.id,
      title: 'Groceries (2 bags)',
      extras: { floor: 3 },
      notes: [{ note: 'Ring twice', type: 1 }],
      way_points: [{ position: 2, lat: 52.5, lng: 13.4, address: 'Somewhere 1', name: 'Bob', no_later_than: '2030-01-01T12:00:00.000Z' }],
    });
    expect(updated).toMatchObject({ title: 'Groceries (2 bags)', extras: { floor: 3 }, scheduled_at: '2030-01-01T12:00:00.000Z' });
    expect(updated.way_points[1]).toMatchObject({ lat: 52.5, lng: 13.4, address: 'Somewhere 1', name: 'Bob' });
    expect(updated.task_notes).toEqual([expect.objectContaining({ note: 'Ring twice', type: 1, task_id: created.id })]);

    const newId = extId('renamed');
    const renamed = await b.task(style, 'update_task_external_id', { external_id: created.external_id, new_external_id: newId });
    expect(renamed).toMatchObject({ id: created.id, external_id: newId });
    expect((await b.task(style, 'get_task', { external_id: newId })).id).toBe(created.id);
    const old = await b.call(style, 'get_task', { external_id: created.external_id });
    expect(old.json()).toEqual({ success: false, message: 'Task not found', rc: 2 });
    // The old external id is free again for a new task.
    const reused = await b.task(style, 'create_task', twoStopTask(created.external_id as string));
    expect(reused.id).not.toBe(created.id);
  });

  it('customers, notes, inventory, open orders and mass checkout', async () => {
    const customerRes = await b.call(style, 'create_customer', { external_id: extId('cust'), name: 'Amelia', phone: '+49 30 1' });
    expect(customerRes.json()).toMatchObject({ success: true, customer: { name: 'Amelia' } });
    const customer = customerRes.json().customer;
    const created = await b.task(style, 'create_task', twoStopTask(extId(), { customer_id: customer.id }));
    expect(created.customer).toMatchObject({ id: customer.id, name: 'Amelia' });

    const note = await b.call(style, 'create_note', { id: created.id, note: 'Fragile', way_point_id: created.way_points[1]!.id });
    expect(note.json()).toMatchObject({ success: true, note: { note: 'Fragile', way_point_id: created.way_points[1]!.id } });

    const inv = await b.task(style, 'update_inventory', { task_id: created.id, external_id: 'SKU-1', name: 'Milk', quantity: 2 });
    expect(inv.task_inventories).toEqual([expect.objectContaining({ external_id: 'SKU-1', name: 'Milk', quantity: 2 })]);
    const inv2 = await b.task(style, 'update_inventory', { task_id: created.id, external_id: 'SKU-1', quantity: 1 });
    expect(inv2.task_inventories).toEqual([expect.objectContaining({ external_id: 'SKU-1', name: 'Milk', quantity: 1 })]);

    const byCustomer = await b.call(style, 'get_open_orders_by_customer', { customer_id: customer.id });
    expect(byCustomer.json().tasks.map((x: { id: number }) => x.id)).toEqual([created.id]);

    const open = await b.call(style, 'get_open_tasks', '');
    expect(open.json().success).toBe(true);
    expect(open.json().tasks.map((x: { id: number }) => x.id)).toContain(created.id);

    const driver = await nativeWorker(b.native);
    await b.task(style, 'assign_task', { id: created.id, user_external_id: driver });
    await b.task(style, 'start_task', { id: created.id });
    const mass = await b.call(style, 'mass_checkout', { tasks: [{ id: created.id }] });
    expect(mass.statusCode).toBe(200);
    expect(mass.json()).toEqual({ success: true, rc: 0, request_id: expect.any(String) });
    expect(await b.task(style, 'get_task', { id: created.id })).toMatchObject({ status: 2, active_way_point_id: created.way_points[1]!.id });
  });
});

describe.each(STORE_KINDS)('one core behind both dialects on %s', (kind) => {
  let t: TestApi;
  let b: BringgClient;
  beforeAll(async () => {
    t = await startTestApi(kind);
    b = await bringgClient(t);
  });
  afterAll(() => t.close());

  it('a Bringg task is a native pick + drop under its external id, with consistent statuses', async () => {
    const created = await b.task('oauth', 'create_task', twoStopTask());
    const handle = created.external_id as string;
    const pick = await b.native.call('GET', `/orders/${handle}?type=pick`);
    const drop = await b.native.call('GET', `/orders/${handle}?type=drop`);
    expect([pick.statusCode, drop.statusCode]).toEqual([200, 200]);
    expect(pick.json()).toMatchObject({ order_handle: handle, type: 'pick', status: 'unplanned' });
    expect(drop.json()).toMatchObject({ order_handle: handle, type: 'drop', status: 'unplanned', scheduled_at: '2030-01-01T11:00:00.000Z' });

    const driver = await nativeWorker(b.native);
    await b.task('oauth', 'assign_task', { id: created.id, user_external_id: driver });
    await b.task('oauth', 'start_task', { id: created.id });
    await b.task('oauth', 'checkout', { id: created.id });
    expect((await b.native.call('GET', `/orders/${handle}?type=pick`)).json().status).toBe('completed');
    expect((await b.native.call('GET', `/orders/${handle}?type=drop`)).json()).toMatchObject({ status: 'ongoing', worker_handle: driver });

    // Completing natively finishes the Bringg task.
    expect((await b.native.call('POST', `/orders/${handle}/complete?type=drop`, {})).statusCode).toBe(200);
    const got = await b.task('oauth', 'get_task', { id: created.id });
    expect(got).toMatchObject({ status: 4, active_way_point_id: null });
    expect(got.ended_time).not.toBeNull();
  });

  it('a native order with two stops is a Bringg task found by its handle as external_id', async () => {
    const handle = extId('native');
    const r = await b.native.call('POST', '/orders', {
      plan_mode: 'manual',
      orders: [
        { order_handle: handle, type: 'pick', destination: SAN_JOSE, scheduled_at: '2030-01-01T10:00:00.000Z' },
        { order_handle: handle, type: 'drop', destination: SAN_JOSE, scheduled_at: '2030-01-01T11:00:00.000Z' },
      ],
    });
    expect(r.statusCode, r.body).toBe(201);
    const task = await b.task('secret-url', 'get_task', { external_id: handle });
    expect(task).toMatchObject({ external_id: handle, status: 0, lat: 37.3263062, lng: -121.8610066 });
    expect(task.way_points.map((w) => w.pickup_dropoff_option)).toEqual([0, 1]);
    // Its ids are stable from then on.
    expect((await b.task('secret-url', 'get_task', { id: task.id })).uuid).toBe(task.uuid);
    const open = await b.call('oauth', 'get_open_tasks', {});
    expect(open.json().tasks.map((x: { id: number }) => x.id)).toContain(task.id);

    expect((await b.native.call('POST', `/orders/${handle}/cancel?type=pick`, {})).statusCode).toBe(200);
    expect((await b.task('oauth', 'get_task', { id: task.id })).status).toBe(0);
    expect((await b.native.call('POST', `/orders/${handle}/cancel?type=drop`, {})).statusCode).toBe(200);
    expect(await b.task('oauth', 'get_task', { id: task.id })).toMatchObject({ status: 7, active_way_point_id: null });
  });

  it('creating a task whose external_id is an open native handle answers the duplicate message', async () => {
    const handle = extId('native');
    await b.native.call('POST', '/orders', {
      plan_mode: 'manual',
      orders: [{ order_handle: handle, destination: SAN_JOSE, scheduled_at: '2030-01-01T10:00:00.000Z' }],
    });
    const r = await b.call('oauth', 'create_task', twoStopTask(handle));
    expect(r.json()).toEqual({ success: false, message: `Task with external id ${handle} exists already`, rc: 3 });
  });
});
