import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { TestClock } from '../../helpers/clock.ts';
import { actionId, assignedOrder, JPEG_BYTES, PNG_1x1, signInDriver } from '../../helpers/driver-app.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

type Stop = Record<string, unknown> & { stop_id: string; order_handle: string; status: string };

describe.each(STORE_KINDS)('driver app: a shift from sign-in to the last stop (%s)', (kind) => {
  let t: TestApi;
  const clock = new TestClock(new Date('2030-01-01T07:00:00.000Z'));

  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
  });
  afterAll(() => t?.close());

  it('signs in by link, goes on shift, lists two stops by schedule, accepts, starts, arrives, completes with proofs and fails the other', async () => {
    const driver = await signInDriver(t, t.api);
    const later = await assignedOrder(t.api, driver.workerHandle, { scheduled_at: '2030-01-01T12:00:00.000Z', metadata: { customer_name: 'Bo' } });
    const first = await assignedOrder(t.api, driver.workerHandle, {
      scheduled_at: '2030-01-01T09:00:00.000Z',
      scheduled_after: '2030-01-01T08:30:00.000Z',
      metadata: {
        customer_name: 'Ana Diaz',
        customer_phone: '+14085550100',
        instructions: 'Ring twice',
        pincode: '4321',
        required_proofs: ['photo', 'signature', 'pin'],
      },
    });

    const me = await driver.call('GET', '/driver/api/me');
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({ worker_handle: driver.workerHandle, device_id: driver.deviceId, on_shift: true, today: '2030-01-01' });
    const off = await driver.call('POST', '/driver/api/shift', { action_id: actionId(), on_shift: false });
    expect(off.json()).toMatchObject({ me: { on_shift: false }, replayed: false });
    const worker = await t.api.call('GET', `/workers/${driver.workerHandle}`);
    expect(worker.json().work_status.available).toBe(false);
    await driver.call('POST', '/driver/api/shift', { action_id: actionId(), on_shift: true });

    const list = await driver.call('GET', '/driver/api/stops');
    expect(list.statusCode, list.body).toBe(200);
    const stops = list.json().stops as Stop[];
    expect(stops.map((s) => s.order_handle)).toEqual([first, later]);
    expect(stops[0]).toMatchObject({
      status: 'new',
      time_window: { start: '2030-01-01T08:30:00.000Z', end: '2030-01-01T09:00:00.000Z' },
      address: '748 Story Rd, San Jose, CA 95112',
      location: { lat: 37.3263062, lng: -121.8610066 },
      customer: { name: 'Ana Diaz', phone: '+14085550100' },
      instructions: 'Ring twice',
      required_proofs: { photo: true, signature: true, pin: true, barcodes: [] },
      proof: null,
    });
    const stop = stops[0]!.stop_id;

    const accepted = await driver.act(stop, 'accept');
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().stop.status).toBe('accepted');
    expect((await driver.act(stop, 'start')).json().stop.status).toBe('started');
    const arrived = await driver.act(stop, 'arrive', { location: { lat: 37.3263, lng: -121.861 } });
    expect(arrived.json().stop).toMatchObject({ status: 'arrived', arrived_at: '2030-01-01T07:00:00.000Z' });

    const refused = await driver.act(stop, 'complete', { pin: '4321' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toEqual({
      error: { code: 'proof_missing', message: 'Collect the photo, the signature first', details: { missing: ['photo', 'signature'] } },
    });

    const photo = await driver.call('PUT', `/driver/api/stops/${stop}/proofs/photo`, JPEG_BYTES, { 'content-type': 'image/jpeg' });
    expect(photo.statusCode, photo.body).toBe(200);
    expect(photo.json().proof_file).toMatchObject({ kind: 'photo', content_type: 'image/jpeg', bytes: JPEG_BYTES.length });
    // Labelled as anything: the bytes say PNG.
    const signature = await driver.call('PUT', `/driver/api/stops/${stop}/proofs/signature`, PNG_1x1, { 'content-type': 'application/octet-stream' });
    expect(signature.json().proof_file).toMatchObject({ kind: 'signature', content_type: 'image/png' });

    const wrongPin = await driver.act(stop, 'complete', { pin: '0000' });
    expect(wrongPin.statusCode).toBe(422);
    expect(wrongPin.json().error).toEqual({ code: 'pin_mismatch', message: 'The PIN does not match' });

    const done = {
      action_id: actionId(),
      pin: '4321',
      notes: 'Left with Ana',
      location: { lat: 37.3263, lng: -121.861 },
      barcodes: [{ value: 'PKG-1', type: 'QR' }],
    };
    const completed = await driver.call('POST', `/driver/api/stops/${stop}/complete`, done);
    expect(completed.statusCode, completed.body).toBe(200);
    const body = completed.json();
    expect(body.replayed).toBe(false);
    expect(body.stop).toMatchObject({
      status: 'completed',
      completed_at: '2030-01-01T07:00:00.000Z',
      proof: {
        pin_entered: '4321',
        notes: 'Left with Ana',
        barcodes: [{ value: 'PKG-1', type: 'QR' }],
        completion_location: { lat: 37.3263, lng: -121.861 },
        photo: { content_type: 'image/jpeg' },
        signature: { content_type: 'image/png' },
      },
    });
    expect(body.stop.proof.photo.url).toMatch(/^https:\/\/track\.example\.test\/proofs\/prf_[A-Za-z0-9]+\?exp=\d+&sig=/);

    // The offline queue replays the same call ten minutes on: the first answer, nothing done
    // twice, with proof URLs minted for the replay.
    clock.advance(600_000);
    const replay = await driver.call('POST', `/driver/api/stops/${stop}/complete`, done);
    expect(replay.statusCode).toBe(200);
    expect(replay.json().replayed).toBe(true);
    expect(replay.json().stop.completed_at).toBe(body.stop.completed_at);
    expect(body.stop.proof.photo.url_expires_at).toBe('2030-01-01T08:00:00.000Z');
    expect(replay.json().stop.proof.photo.url_expires_at).toBe('2030-01-01T08:10:00.000Z');
    clock.set('2030-01-01T07:00:00.000Z');
    const order = (await t.api.call('GET', `/orders/${first}`)).json();
    expect(order.status).toBe('completed');
    expect(order.timeline.filter((e: { type: string }) => e.type === 'order_completed')).toHaveLength(1);
    expect(order.timeline.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['order_accepted', 'order_started', 'order_driver_arrived']));
    expect(order.metadata.proof_of_delivery).toMatchObject({ pin_entered: '4321', barcodes: [{ value: 'PKG-1', type: 'QR' }] });

    // The native order's proof URL serves the image.
    const url = new URL(order.metadata.proof_of_delivery.photo_url as string);
    const image = await t.app.inject({ method: 'GET', url: url.pathname + url.search });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(image.rawPayload, JPEG_BYTES)).toBe(0);

    const otherStop = stops[1]!.stop_id;
    const noNotes = await driver.act(otherStop, 'fail', { reason: 'other' });
    expect(noNotes.statusCode).toBe(400);
    expect(noNotes.json().error.code).toBe('reason_notes_required');
    const failBody = { action_id: actionId(), reason: 'customer_unavailable', notes: 'Nobody home' };
    const failed = await driver.call('POST', `/driver/api/stops/${otherStop}/fail`, failBody);
    expect(failed.statusCode, failed.body).toBe(200);
    expect(failed.json().stop).toMatchObject({ status: 'failed', failure: { reason: 'customer_unavailable', notes: 'Nobody home' } });
    expect((await driver.call('POST', `/driver/api/stops/${otherStop}/fail`, failBody)).json().replayed).toBe(true);
    const failedOrder = (await t.api.call('GET', `/orders/${later}`)).json();
    expect(failedOrder.status).toBe('cancelled');
    expect(failedOrder.metadata).toMatchObject({ driver_failure_reason: 'customer_unavailable', undeliverable_reason: 'CUSTOMER_UNAVAILABLE' });

    // The dashboard's order detail shows the proof and the failure.
    const [user, secret] = Buffer.from(t.api.authorization.slice(6), 'base64').toString().split(':') as [string, string];
    const session = await t.app.inject({ method: 'POST', url: '/app/api/session', payload: { account_id: user, secret_key: secret } });
    const cookie = session.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const detail = (await t.app.inject({ method: 'GET', url: `/app/api/orders/${first}`, headers: { cookie } })).json();
    expect(detail.proof_of_delivery).toMatchObject({ pin_entered: '4321', notes: 'Left with Ana', signature_url: expect.stringMatching(/\/proofs\/prf_/) });
    expect(detail.failure).toBeNull();
    const failedDetail = (await t.app.inject({ method: 'GET', url: `/app/api/orders/${later}`, headers: { cookie } })).json();
    expect(failedDetail.failure).toEqual({ reason: 'customer_unavailable', notes: 'Nobody home' });

    // Finished today: both stay on the list, in their places.
    const after = (await driver.call('GET', '/driver/api/stops')).json().stops as Stop[];
    expect(after.map((s) => [s.order_handle, s.status])).toEqual([
      [first, 'completed'],
      [later, 'failed'],
    ]);
  });

  it("a planned route's stop sequence decides the order over scheduled_at", async () => {
    const driver = await signInDriver(t, t.api);
    const early = await assignedOrder(t.api, driver.workerHandle, { scheduled_at: '2030-01-01T09:00:00.000Z' });
    const late = await assignedOrder(t.api, driver.workerHandle, { scheduled_at: '2030-01-01T12:00:00.000Z' });
    const before = (await driver.call('GET', '/driver/api/stops')).json().stops as Stop[];
    expect(before.map((s) => s.order_handle)).toEqual([early, late]);
    const route = (await t.api.call('GET', `/orders/${early}`)).json().route_handle as string;
    expect((await t.api.call('GET', `/orders/${late}`)).json().route_handle).toBe(route);
    const resequenced = await t.api.call('POST', `/orders/routes/${route}/resequence`, { orders: [{ order_handle: late }, { order_handle: early }] });
    expect(resequenced.statusCode, resequenced.body).toBe(200);
    const after = (await driver.call('GET', '/driver/api/stops')).json().stops as Stop[];
    expect(after.map((s) => [s.order_handle, s.sequence])).toEqual([
      [late, 1],
      [early, 2],
    ]);
  });

  it('reject hands the stop back: off the worker, unplanned, and gone from the list', async () => {
    const driver = await signInDriver(t, t.api);
    const handle = await assignedOrder(t.api, driver.workerHandle);
    const [stop] = (await driver.call('GET', '/driver/api/stops')).json().stops as Stop[];
    const rejected = await driver.act(stop!.stop_id, 'reject', { reason: 'Van is full' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    const order = (await t.api.call('GET', `/orders/${handle}`)).json();
    expect(order.status).toBe('unplanned');
    expect(order.metadata).toMatchObject({ driver_rejected_by: driver.workerHandle, driver_reject_reason: 'Van is full' });
    expect((await driver.call('GET', '/driver/api/stops')).json().stops).toEqual([]);
    // Gone from this driver: another action on it is a 404 like any stranger's stop.
    expect((await driver.act(stop!.stop_id, 'accept')).statusCode).toBe(404);
  });

  it('two replays of one completion in flight complete the stop once; a second completion is refused', async () => {
    const driver = await signInDriver(t, t.api);
    const handle = await assignedOrder(t.api, driver.workerHandle);
    const [stop] = (await driver.call('GET', '/driver/api/stops')).json().stops as Stop[];
    const body = { action_id: actionId() };
    const url = `/driver/api/stops/${stop!.stop_id}/complete`;
    const answers = await Promise.all([driver.call('POST', url, body), driver.call('POST', url, body)]);
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(answers.map((r) => r.json().replayed).sort()).toEqual([false, true]);
    const other = await driver.act(stop!.stop_id, 'complete');
    expect(other.statusCode).toBe(409);
    expect(other.json().error).toEqual({ code: 'invalid_transition', message: 'This stop is already completed' });
    const order = (await t.api.call('GET', `/orders/${handle}`)).json();
    expect(order.timeline.filter((e: { type: string }) => e.type === 'order_completed')).toHaveLength(1);
  });

  it('two replays of one failure in flight fail the stop once', async () => {
    const driver = await signInDriver(t, t.api);
    const handle = await assignedOrder(t.api, driver.workerHandle);
    const [stop] = (await driver.call('GET', '/driver/api/stops')).json().stops as Stop[];
    const body = { action_id: actionId(), reason: 'damaged' };
    const url = `/driver/api/stops/${stop!.stop_id}/fail`;
    const answers = await Promise.all([driver.call('POST', url, body), driver.call('POST', url, body)]);
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(answers.every((r) => r.json().stop.status === 'failed')).toBe(true);
    const order = (await t.api.call('GET', `/orders/${handle}`)).json();
    expect(order.timeline.filter((e: { type: string }) => e.type === 'order_cancelled')).toHaveLength(1);
  });

  it('an action id reused for another action is refused and changes nothing', async () => {
    const driver = await signInDriver(t, t.api);
    await assignedOrder(t.api, driver.workerHandle);
    const [stop] = (await driver.call('GET', '/driver/api/stops')).json().stops as Stop[];
    const id = actionId();
    expect((await driver.call('POST', `/driver/api/stops/${stop!.stop_id}/accept`, { action_id: id })).statusCode).toBe(200);
    const reused = await driver.call('POST', `/driver/api/stops/${stop!.stop_id}/start`, { action_id: id });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('action_id_reused');
    expect((await driver.call('GET', `/driver/api/stops/${stop!.stop_id}`)).json().stop.status).toBe('accepted');
  });

  it("posts the app's positions to the native batch with the link token, battery included", async () => {
    const driver = await signInDriver(t, t.api);
    const fixes = [{ recorded_at: '2030-01-01T06:59:00.000Z', lat: 37.33, lng: -121.88, battery: 64 }];
    const r = await t.app.inject({
      method: 'POST',
      url: `/devices/${driver.deviceId}/locations`,
      headers: { authorization: `Bearer ${driver.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify(fixes),
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().accepted).toBe(1);
    const again = await t.app.inject({
      method: 'POST',
      url: `/devices/${driver.deviceId}/locations`,
      headers: { authorization: `Bearer ${driver.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify(fixes),
    });
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 1 });
  });
});
