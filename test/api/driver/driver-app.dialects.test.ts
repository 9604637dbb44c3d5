import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, type NewAccountCredentials } from '../../../src/services/accounts/create-account.ts';
import { nativeClient, startTestApi, type TestApi } from '../../helpers/api.ts';
import { twoStopTask } from '../../helpers/bringg.ts';
import { TestClock } from '../../helpers/clock.ts';
import { bringgToken, uberToken } from '../../helpers/dialect-tokens.ts';
import { JPEG_BYTES, PNG_1x1, signInDriver } from '../../helpers/driver-app.ts';
import { createWorker } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import { deliveryReq } from '../../helpers/uber.ts';

type Stop = {
  stop_id: string;
  order_handle: string;
  type: string;
  status: string;
  customer: { name: string | null };
  required_proofs: Record<string, unknown>;
};

const SIGNED = /^https:\/\/track\.example\.test\/proofs\/prf_[A-Za-z0-9]+\?exp=\d+&sig=[A-Za-z0-9_-]+$/;

describe.each(STORE_KINDS)("driver app: the proofs in every dialect's bodies (%s)", (kind) => {
  let t: TestApi;
  const clock = new TestClock(new Date('2030-01-01T07:00:00.000Z'));

  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
  });
  afterAll(() => t?.close());

  async function account(name: string) {
    const creds = await createAccount(t.deps, name);
    return { creds, native: nativeClient(t.app, creds.account_id, creds.secret_key) };
  }

  /** A Bringg services caller for the account, by name with its OAuth token. */
  async function bringgServices(creds: NewAccountCredentials) {
    const token = await bringgToken(t, creds);
    return (name: string, body: unknown) =>
      t.app.inject({
        method: 'POST',
        url: `/services/${name}`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
  }

  it('an Uber delivery: requirements from dropoff_verification, the proof in verification and the proof-of-delivery document', async () => {
    const { creds, native } = await account('uber-driver');
    const uber = { authorization: `Bearer ${await uberToken(t, creds, 'eats.deliveries')}`, 'content-type': 'application/json' };
    const base = `/v1/customers/${creds.uber.customer_id}/deliveries`;
    const created = await t.app.inject({
      method: 'POST',
      url: base,
      headers: uber,
      payload: JSON.stringify(
        deliveryReq({
          dropoff_phone_number: '+14155550123',
          dropoff_notes: 'Gate code 12',
          dropoff_verification: { picture: true, pincode: { enabled: true } },
        }),
      ),
    });
    expect(created.statusCode, created.body).toBe(200);
    const id = created.json().id as string;
    const pin = created.json().dropoff.verification_requirements.pincode.value as string;

    const worker = await createWorker(native);
    const driver = await signInDriver(t, native, worker);
    for (const type of ['pick', 'drop']) {
      const r = await native.call('POST', `/orders/${id}/reassign?type=${type}`, { worker_handle: worker.workerHandle });
      expect(r.statusCode, r.body).toBe(200);
    }
    const stops = (await driver.call('GET', '/driver/api/stops')).json().stops as Stop[];
    const drop = stops.find((s) => s.order_handle === id && s.type === 'drop')!;
    const pick = stops.find((s) => s.order_handle === id && s.type === 'pick')!;
    expect(drop).toMatchObject({
      customer: { name: 'Jane Doe', phone: '+14155550123' },
      instructions: 'Gate code 12',
      required_proofs: { photo: true, signature: false, pin: true, barcodes: [] },
    });
    expect((await driver.act(pick.stop_id, 'complete')).statusCode).toBe(200);
    await driver.call('PUT', `/driver/api/stops/${drop.stop_id}/proofs/photo`, JPEG_BYTES, { 'content-type': 'image/jpeg' });
    const done = await driver.act(drop.stop_id, 'complete', { pin, location: { lat: 37.7859, lng: -122.409 } });
    expect(done.statusCode, done.body).toBe(200);

    const got = await t.app.inject({ method: 'GET', url: `${base}/${id}`, headers: uber });
    expect(got.json().status).toBe('delivered');
    const verification = got.json().dropoff.verification;
    expect(verification).toMatchObject({ pin_code: { entered: pin }, completion_location: { lat: 37.7859, lng: -122.409 } });
    expect(verification.picture.image_url).toMatch(SIGNED);
    const image = new URL(verification.picture.image_url);
    expect((await t.app.inject({ method: 'GET', url: image.pathname + image.search })).headers['content-type']).toBe('image/jpeg');

    const pod = await t.app.inject({
      method: 'POST',
      url: `${base}/${id}/proof-of-delivery`,
      headers: uber,
      payload: JSON.stringify({ waypoint: 'dropoff', type: 'picture' }),
    });
    expect(pod.statusCode, pod.body).toBe(200);
    const document = Buffer.from(pod.json().document, 'base64');
    expect(document.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // The photo itself rides in the document, as it was uploaded.
    expect(document.includes(Buffer.concat([Buffer.from('drIm'), JPEG_BYTES]))).toBe(true);
    expect(document.includes(Buffer.from('Image type\0image/jpeg', 'latin1'))).toBe(true);
  });

  it('a Bringg task: accepted is status 6, the proof becomes way point notes, a failure the cancellation reason', async () => {
    const { creds, native } = await account('bringg-driver');
    const bringg = await bringgServices(creds);
    const worker = await createWorker(native);
    const driver = await signInDriver(t, native, worker);
    const task = (await bringg('create_task', twoStopTask())).json().task;
    expect((await bringg('assign_task', { id: task.id, user_external_id: worker.workerHandle })).json().success).toBe(true);

    const stops = (await driver.call('GET', '/driver/api/stops')).json().stops as Stop[];
    const [pick, drop] = [stops.find((s) => s.type === 'pick')!, stops.find((s) => s.type === 'drop')!];
    expect(drop.customer).toEqual({ name: 'Amelia', phone: '+49 30 5557 1234' });
    expect((await bringg('get_task', { id: task.id })).json().task.status).toBe(1);
    await driver.act(pick.stop_id, 'accept');
    await driver.act(drop.stop_id, 'accept');
    const accepted = (await bringg('get_task', { id: task.id })).json().task;
    expect(accepted.status).toBe(6);
    expect(accepted.accept_time).toBe('2030-01-01T07:00:00.000Z');

    await driver.call('PUT', `/driver/api/stops/${pick.stop_id}/proofs/signature`, PNG_1x1, { 'content-type': 'image/png' });
    expect((await driver.act(pick.stop_id, 'complete', { notes: 'Two bags', signer_name: 'Clerk' })).statusCode).toBe(200);
    const withNotes = (await bringg('get_task', { id: task.id })).json().task;
    const pickWayPoint = withNotes.way_points[0].id;
    expect(withNotes.task_notes).toEqual([
      expect.objectContaining({ way_point_id: pickWayPoint, type: 'Note', note: 'Two bags' }),
      expect.objectContaining({ way_point_id: pickWayPoint, type: 'Signature', note: 'Clerk', url: expect.stringMatching(SIGNED) }),
    ]);

    expect((await driver.act(drop.stop_id, 'fail', { reason: 'access_denied', notes: 'Locked gate' })).statusCode).toBe(200);
    const failed = (await bringg('get_task', { id: task.id })).json().task;
    expect(failed.status).toBe(7);
    expect(failed.failed_delivery_attempts).toBe(1);
    expect(failed.task_cancellation_reason).toEqual({ reason_to_cancel_task_id: 4, other_text: 'Locked gate' });
  });

  it('rejected is Bringg status 8 until a worker takes the task again', async () => {
    const { creds, native } = await account('bringg-reject');
    const bringg = await bringgServices(creds);
    const worker = await createWorker(native);
    const driver = await signInDriver(t, native, worker);
    const task = (await bringg('create_task', twoStopTask())).json().task;
    await bringg('assign_task', { id: task.id, user_external_id: worker.workerHandle });
    const stops = (await driver.call('GET', '/driver/api/stops')).json().stops as Stop[];
    for (const s of stops) expect((await driver.act(s.stop_id, 'reject')).statusCode).toBe(200);
    expect((await bringg('get_task', { id: task.id })).json().task.status).toBe(8);
    await bringg('assign_task', { id: task.id, user_external_id: worker.workerHandle });
    expect((await bringg('get_task', { id: task.id })).json().task.status).toBe(1);
  });
});
