import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BY_NAME } from '../../../src/api/bringg/services.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { bringgClient, type BringgClient, DROPOFF, extId, PICKUP, twoStopTask } from '../../helpers/bringg.ts';
import { TestClock } from '../../helpers/clock.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import { type ConstantAllowList, FieldVariety } from '../../helpers/constant-fields.ts';

type Json = Record<string, any>;
const T0 = Date.parse('2030-01-01T09:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
/** ~8 km west of the drop-off: a long way for a task due in minutes. */
const FAR = { lat: DROPOFF.lat, lng: DROPOFF.lng - 0.118 };

/**
 * Fields that stay the same across the scenario, each with why that is right. Anything else
 * that never varies fails the test; an entry whose field does vary (or vanished) fails it too.
 */
const ALLOWED: ConstantAllowList = {
  'token token_type': 'always "Bearer" (reference §3)',
  'token expires_in': 'write tokens live 1800 s (reference §3)',
  'task merchant_id': 'one merchant (account) in the scenario',
  'task dispatcher_id': 'Dropline has no dispatcher users assigning through Bringg',
  'task invalidated': 'every Dropline task passes validation at create (refused otherwise)',
  'task planning_done': 'no task in this scenario is planned by a plan run (test/api/bringg/plan-runs.test.ts)',
  'task planning_published': 'no task in this scenario is planned by a plan run (test/api/bringg/plan-runs.test.ts)',
  'task preparation_status': 'Dropline tracks no preparation (no kitchen/store app)',
  'task failed_delivery_attempts': 'Dropline records no failed attempts on a task (a reschedule makes a new record)',
  'task automatically_assigned': 'assignment is always an explicit API or dashboard call',
  'task automatically_started': 'API starts have no value in Bringg’s automatically_started list (reference §7)',
  'task accept_time': 'no driver-app accept step in Dropline (status 6 is never produced)',
  'task delete_at': 'Dropline never soft-deletes a task (null = live, seed 001)',
  'task late_reason': 'Dropline records no reason for lateness',
  'task cancellation_lat': 'cancellations are API/dashboard calls, not driver-app actions with a position',
  'task cancellation_lng': 'as cancellation_lat',
  'task distance_automatically_set': 'distance is always measured by tracking (0 = automatic)',
  'task planned_distance_from_prev_task': 'no route optimization distance is computed per task',
  'task tip_driver_enabled': 'Dropline has no driver tipping',
  'task driver_payments': 'Dropline takes no payments',
  'task group_uuid': 'no task groups in Dropline',
  'task group_leader_id': 'no task groups in Dropline',
  'task linked_task_id': 'a pickup and drop-off are one task with two way points, never linked tasks',
  'task parent_task_id': 'no task is created from another',
  'task run_id': 'no task in this scenario is planned by a plan run (test/api/bringg/plan-runs.test.ts)',
  'task run_uuid': 'as run_id',
  'task shift_id': 'Dropline has no shifts',
  'task recurrent_task_template_id': 'no recurring tasks',
  'task fleet_id': 'no external carriers',
  'task fleet': 'no external carriers',
  'task fleet_delivery_external_id': 'no external carriers',
  'task task_fleet_mapping.shared_extras.external_carrier_tracking_url': 'no external carriers',
  'task scans': 'Dropline has no scanning',
  'task preparation_start_time_planned': 'no preparation tracking',
  'task preparation_start_time_actual': 'no preparation tracking',
  'task preparation_end_time_planned': 'no preparation tracking',
  'task preparation_end_time_actual': 'no preparation tracking',
  'task preparation_ready_for_pickup_time_planned': 'no preparation tracking',
  'task preparation_ready_for_pickup_time_actual': 'no preparation tracking',
  'task preparation_picked_up_time_actual': 'no preparation tracking',
  'task preparation_acknowledge_time_actual': 'no preparation tracking',
  'task way_points[].merchant_id': 'one merchant in the scenario',
  'task way_points[].has_to_leave_by': 'no leave-by constraint in the core',
  'task way_points[].masked_phone_number': 'no phone masking service',
  'task way_points[].distance_traveled_client': 'no driver app reports its own distance',
  'task way_points[].estimated_distance': 'no planned distance per way point',
  'task way_points[].estimated_time': 'no planned duration per way point',
  'task way_points[].rating': 'no customer ratings',
  'task way_points[].delete_at': 'way points are never soft-deleted',
  'task way_points[].late_reason': 'Dropline records no reason for lateness',
};

describe.each(STORE_KINDS)('Bringg fields that never vary across a scenario on %s', (kind) => {
  let t: TestApi;
  let b: BringgClient;
  const clock = new TestClock(new Date(T0));
  // One "operation" per kind of object answered (task, note, …), so the same object answered by
  // different services is pooled.
  const values = new FieldVariety();
  const called = new Set<string>();
  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
    b = await bringgClient(t);
  });
  afterAll(() => t.close());

  /** A fresh token (the scenario's clock runs for hours), its answer recorded. */
  async function token(): Promise<string> {
    const r = await t.app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: { grant_type: 'client_credentials', client_id: b.creds.bringg.client_id, client_secret: b.creds.bringg.client_secret },
    });
    values.record('token', r.json());
    return r.json().access_token as string;
  }

  /** Calls a service by name, records every field of its answer, and returns the body. */
  async function call(service: string, body: unknown): Promise<Json> {
    clock.advance(7_000);
    const r = await t.app.inject({
      method: 'POST',
      url: `/services/${service}`,
      headers: { authorization: `Bearer ${await token()}` },
      payload: body as object,
    });
    const json = r.json() as Json;
    called.add(service);
    const { task, tasks, note, customer, ...envelope } = json;
    values.record('envelope', envelope);
    if (task !== undefined) values.record('task', task);
    for (const x of (tasks as unknown[] | undefined) ?? []) values.record('task', x);
    if (note !== undefined) values.record('note', note);
    if (customer !== undefined) values.record('customer', customer);
    return json;
  }
  const ok = async (service: string, body: unknown) => {
    const json = await call(service, body);
    expect(json.success, `${service}: ${JSON.stringify(json)}`).toBe(true);
    return json;
  };

  async function driver() {
    const handle = extId('driver');
    const device = extId('device');
    expect((await b.native.call('POST', '/workers', { worker_handle: handle, device_id: device })).statusCode).toBe(201);
    return { handle, device };
  }
  async function fixes(device: string, points: { s: number; p: { lat: number; lng: number } }[]) {
    clock.set(at(points.at(-1)!.s + 1));
    const body = points.map(({ s, p }) => ({ recorded_at: at(s), lat: p.lat, lng: p.lng, accuracy: 5 }));
    expect((await b.native.call('POST', `/devices/${device}/locations`, body)).statusCode).toBe(200);
  }

  it('walks every answer field of every service through a varied scenario', async () => {
    // Customers.
    const amelia = (await ok('create_customer', { external_id: extId('cust'), name: 'Amelia', phone: '+49 30 1', address: 'Pariser Platz 1' })).customer;
    await ok('update_customer', { id: amelia.id, email: 'amelia@example.test' });
    await call('update_customer', { id: amelia.id + 10_000, name: 'Nobody' });

    // Task A: pickup + drop-off for Amelia, due soon, driven late, checked in and out by API.
    const d1 = await driver();
    const a = (
      await ok(
        'create_task',
        twoStopTask(extId('a'), {
          customer_id: amelia.id,
          title: 'Groceries',
          extras: { gate: 'A' },
          notes: [{ note: 'Ring twice', type: 1 }],
          way_points: [
            { ...PICKUP, no_later_than: at(600), etos: 120 },
            {
              ...DROPOFF,
              no_earlier_than: at(0),
              no_later_than: at(900),
              etos: 300,
              extras: { dock: 1 },
              contacts: [{ contact_type: 'email', contact_value: 'amelia@example.test', sharing_allowed: false }],
            },
          ],
        }),
      )
    ).task;
    await ok('assign_task', { id: a.id, user_external_id: d1.handle });
    await ok('start_task', { id: a.id });
    await fixes(d1.device, [
      { s: 100, p: FAR },
      { s: 110, p: FAR },
    ]);
    await ok('get_task', { id: a.id });
    await ok('checkin', { id: a.id, lat: PICKUP.lat, lng: PICKUP.lng });
    await ok('checkout', { id: a.id, lat: PICKUP.lat, lng: PICKUP.lng });
    const note = (await ok('create_note', { id: a.id, note: 'Left at door', way_point_id: a.way_points[1].id })).note;
    await ok('update_note', { task_id: a.id, id: note.id, note: 'Left with neighbour' });
    await ok('update_inventory', { task_id: a.id, external_id: 'SKU-1', name: 'Milk', quantity: 2 });
    await ok('get_open_orders_by_customer', { customer_id: amelia.id });
    await ok('checkout', { id: a.id, lat: DROPOFF.lat, lng: DROPOFF.lng });

    // Task B: one drop-off, a new customer object, a driver at create, on time; ended by API.
    const d2 = await driver();
    const bTask = (
      await ok('create_task', {
        external_id: extId('b'),
        external_user_id: d2.handle,
        customer: { external_id: extId('cust'), name: 'Ben' },
        total_price: 12.5,
        way_points: [{ ...DROPOFF, no_later_than: at(4 * 3600) }],
      })
    ).task;
    await ok('start_task', { id: bTask.id });
    await fixes(d2.device, [
      { s: 1000, p: FAR },
      { s: 1010, p: FAR },
    ]);
    await ok('get_open_tasks', {});
    await ok('update_task', { id: bTask.id, title: 'Flowers', way_points: [{ position: 1, note: 'Back door' }] });
    await ok('end_task', { id: bTask.id });

    // Task C: cancelled by the customer through cancel_task, with a reason.
    const c = (await ok('create_task', twoStopTask(extId('c')))).task;
    await ok('update_task_external_id', { external_id: c.external_id, new_external_id: extId('c-renamed') });
    await ok('cancel_task', { id: c.id, reason: 'Customer cancelled' });
    await call('cancel_task', { id: c.id });
    const h = (await ok('create_task', twoStopTask(extId('h')))).task;
    await ok('cancel_task', { external_id: h.external_id, reason_id: 5 });

    // Task D: on a driver's route that is completed: cancelled automatically by Dropline.
    const d3 = await driver();
    const dTask = (await ok('create_task', { external_id: extId('d'), way_points: [{ ...DROPOFF, no_later_than: at(6 * 3600) }] })).task;
    await ok('assign_task', { id: dTask.id, user_external_id: d3.handle });
    const route = (await b.native.call('GET', `/orders/${dTask.external_id}`)).json().route_handle as string;
    expect((await b.native.call('POST', `/orders/routes/${route}/complete`, {})).statusCode).toBe(200);
    await ok('get_task', { id: dTask.id });

    // Task E: the geofence checks the pickup in and out; the drop-off is checked out in a batch.
    const d4 = await driver();
    const e = (await ok('create_task', twoStopTask(extId('e')))).task;
    await ok('assign_task', { id: e.id, user_external_id: d4.handle });
    await ok('start_task', { id: e.id });
    const near = (p: { lat: number; lng: number }, north: number) => ({ lat: p.lat + north / 111_195, lng: p.lng });
    await fixes(d4.device, [
      { s: 2000, p: near(PICKUP, 400) },
      { s: 2060, p: near(PICKUP, 10) },
      { s: 2120, p: near(PICKUP, 10) },
      { s: 2180, p: near(PICKUP, -400) },
    ]);
    await ok('get_task', { id: e.id });
    await ok('mass_checkout', { tasks: [{ id: e.id }] });
    await call('get_task', { id: 99_999_999 });

    // Task F: every field a client may send, with non-default values, for a second customer; left open.
    const cleo = (await ok('create_customer', { external_id: extId('cust'), name: 'Cleo', phone: '+49 30 3', email: 'cleo@example.test', address: 'Hof 2' }))
      .customer;
    const f = (
      await ok('create_task', {
        external_id: extId('f'),
        customer_id: cleo.id,
        title: 'Furniture',
        tag_id: 7,
        task_type_id: 2,
        task_configuration_id: 3,
        service_plan_id: 4,
        team_ids: [11, 12],
        ready_to_execute: false,
        asap: true,
        total_price: 99.9,
        delivery_price: 5,
        delivery_cost: 4,
        discount: 1,
        tip: 2,
        pre_delivery_tip: 1.5,
        post_delivery_tip_cash: 0.5,
        post_delivery_tip_credit: 0.25,
        left_to_be_paid: 3,
        service_fee: 0.75,
        payment_method: 2,
        reserved_until: at(9000),
        delivery_window_id: 21,
        scheduled_to_be_ready: at(8000),
        extras: { gate: 'B' },
        notes: [{ note: 'Heavy', type: 2 }],
        way_points: [
          {
            ...PICKUP,
            no_later_than: at(9 * 3600),
            address_second_line: 'Hinterhaus',
            location_name: 'Warehouse',
            company_name: 'Moebel GmbH',
            address_type: 6,
            zipcode: '10178',
            city: 'Berlin',
            state: 'BE',
            borough: 'Mitte',
            street: 'Alexanderplatz',
            house_number: '1',
            district: 'Mitte',
            neighborhood: 'Alex',
            email: 'dock@example.test',
            must_approve_inventory: true,
            allow_scanning_inventory: true,
            allow_editing_payment: true,
            allow_editing_original_quantity: true,
            allow_automatic_set_coordinates: false,
            allow_sending_sms: true,
            allow_sending_email: false,
            allow_editing_inventory: false,
            silent: true,
            find_me: true,
            asap: true,
            contacts: [{ contact_type: 'phone', contact_value: '+49 30 9', sharing_allowed: true }],
            extras: { dock: 3 },
          },
        ],
      })
    ).task;
    await ok('create_note', { id: f.id, note: 'Call first', type: 3 });
    await ok('update_inventory', { task_id: f.id, external_id: 'SKU-2', name: 'Table', quantity: 1 });
    await ok('update_customer', { external_id: cleo.external_id, phone: '+49 30 4' });
    // Task G: a second batch checkout (its pickup), for a second request_id.
    const g = (await ok('create_task', twoStopTask(extId('g')))).task;
    await ok('assign_task', { id: g.id, user_external_id: d1.handle });
    await ok('start_task', { id: g.id });
    await ok('mass_checkout', { tasks: [{ id: g.id, lat: PICKUP.lat, lng: PICKUP.lng }] });
    await ok('get_task', { id: f.id });

    expect([...called].sort()).toEqual([...BY_NAME.keys()].sort());
    expect(values.problems(ALLOWED, ['token', 'envelope', 'task', 'note', 'customer']), 'fields that never varied, and stale allow-list entries').toEqual([]);
  });
});
