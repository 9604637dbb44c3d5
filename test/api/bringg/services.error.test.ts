import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { ACTION_CODES, bringgClient, type BringgClient, extId, nativeWorker, twoStopTask, URL_STYLES } from '../../helpers/bringg.ts';
import { TestClock } from '../../helpers/clock.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

const cases = STORE_KINDS.flatMap((kind) => URL_STYLES.map((style) => [kind, style] as const));

describe.each(cases)('Bringg refusals on %s via %s', (kind, style) => {
  let t: TestApi;
  let b: BringgClient;
  beforeAll(async () => {
    t = await startTestApi(kind);
    b = await bringgClient(t);
  });
  afterAll(() => t.close());

  /** The task through Bringg and both stops through the native API, for before/after comparisons. */
  const snapshot = async (task: { id: number; external_id: unknown }) => ({
    bringg: await b.task(style, 'get_task', { id: task.id }),
    pick: (await b.native.call('GET', `/orders/${task.external_id}?type=pick`)).json(),
    drop: (await b.native.call('GET', `/orders/${task.external_id}?type=drop`)).json(),
  });

  it('a locked order refuses update and cancel with the exact messages and is unchanged', async () => {
    const task = await b.task(style, 'create_task', twoStopTask());
    const lock = await b.native.call('POST', `/orders/${task.external_id}/lock`);
    expect(lock.statusCode, lock.body).toBe(200);
    const before = await snapshot(task);

    const cancel = await b.call(style, 'cancel_task', { id: task.id });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json()).toEqual({ success: false, message: "Can't cancel a locked order.", rc: 4 });

    const update = await b.call(style, 'update_task', { id: task.id, title: 'changed', way_points: [{ position: 1, name: 'X' }] });
    expect(update.statusCode).toBe(200);
    expect(update.json()).toEqual({ success: false, message: "Can't update a locked order", rc: 4 });

    // Dropline applies the lock to every mutation (reference §10, OURS).
    const driver = await nativeWorker(b.native);
    for (const [service, body] of [
      ['assign_task', { id: task.id, user_external_id: driver }],
      ['end_task', { id: task.id }],
      ['create_note', { id: task.id, note: 'x' }],
    ] as const) {
      const r = await b.call(style, service, body);
      expect(r.json(), service).toEqual({ success: false, message: "Can't update a locked order", rc: 4 });
    }
    expect(await snapshot(task)).toEqual(before);

    // The native API refuses too, in its own error shape.
    const nativeCancel = await b.native.call('POST', `/orders/${task.external_id}/cancel`, {});
    expect(nativeCancel.statusCode).toBe(409);
    expect(nativeCancel.json()).toEqual({
      code: 'order_locked',
      title: 'Order is locked',
      detail: `Order ${task.external_id} is locked; unlock it before you cancel it`,
    });
    expect(await snapshot(task)).toEqual(before);

    expect((await b.native.call('POST', `/orders/${task.external_id}/unlock`)).statusCode).toBe(200);
    expect((await b.task(style, 'cancel_task', { id: task.id })).status).toBe(7);
  });

  it('unknown, missing and mismatched ids', async () => {
    expect((await b.call(style, 'get_task', { id: 999_999_999 })).json()).toEqual({ success: false, message: 'Task not found', rc: 2 });
    expect((await b.call(style, 'cancel_task', { external_id: 'no-such' })).json()).toEqual({ success: false, message: 'Task not found', rc: 2 });
    // update_task's "Task not found" is a 401 (reference §4, VERIFIED).
    const update = await b.call(style, 'update_task', { id: 999_999_999, title: 'x' });
    expect(update.statusCode).toBe(401);
    expect(update.json()).toEqual({ success: false, message: 'Task not found', rc: 2 });

    const missing = await b.call(style, 'cancel_task', {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual({ success: false, message: 'id: id or external_id is required', rc: 1 });

    const task = await b.task(style, 'create_task', twoStopTask());
    const before = await snapshot(task);
    const wrong = await b.call(style, 'update_task', { id: task.id, external_id: 'another', title: 'x' });
    expect(wrong.statusCode).toBe(200);
    expect(wrong.json()).toEqual({ success: false, message: 'Wrong ID', rc: 1 });
    const noDriver = await b.call(style, 'assign_task', { id: task.id, user_id: 999_999_999 });
    expect(noDriver.json()).toEqual({ success: false, message: 'Driver was not found based on user_external_id or user_id', rc: 2 });
    expect(await snapshot(task)).toEqual(before);
  });

  it('schema errors are 400 with the field named, and create nothing', async () => {
    const open = async () => (await b.call(style, 'get_open_tasks', {})).json().tasks.length;
    const count = await open();
    const three = await b.call(style, 'create_task', { ...twoStopTask(), way_points: [...twoStopTask().way_points, twoStopTask().way_points[0]] });
    expect(three.statusCode).toBe(400);
    expect(three.json()).toEqual({ success: false, message: 'way_points: An order can not include more than 2 way points', rc: 1 });
    const noCoords = await b.call(style, 'create_task', { external_id: extId(), way_points: [{ address: 'Somewhere' }] });
    expect(noCoords.statusCode).toBe(400);
    expect(noCoords.json()).toEqual({
      success: false,
      message: 'way_points.0.lat: lat and lng are required: Dropline has no geocoder for addresses',
      rc: 1,
    });
    const farOut = await b.call(style, 'create_task', { external_id: extId(), way_points: [{ lat: 1, lng: 1, scheduled_at: '2099-01-01T00:00:00Z' }] });
    expect(farOut.json()).toEqual({ success: false, message: 'way_points.0.scheduled_at: must be within 10 years', rc: 1 });
    const notObject = await b.call(style, 'create_task', '[1,2]');
    expect(notObject.json()).toEqual({ success: false, message: 'The body must be a JSON object', rc: 1 });
    expect(await open()).toBe(count);
  });

  it('malformed JSON is 400 in the envelope and changes nothing', async () => {
    const task = await b.task(style, 'create_task', twoStopTask());
    const before = await snapshot(task);
    const r = await b.call(style, 'cancel_task', '{"id": ');
    expect(r.statusCode).toBe(400);
    expect(r.json()).toEqual({ success: false, message: 'Malformed JSON: Unexpected end of JSON input', rc: 1 });
    expect(await snapshot(task)).toEqual(before);
  });
});

describe.each(STORE_KINDS)('Bringg authentication on %s', (kind) => {
  let t: TestApi;
  let b: BringgClient;
  const clock = new TestClock();
  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
    b = await bringgClient(t);
  });
  afterAll(() => t.close());

  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) });
  const secretUrl = (code: string, u1 = b.creds.bringg.service_uuid_1, u2 = b.creds.bringg.service_uuid_2) => `/services/${code}/${u1}/${u2}`;

  it('the secret URL works with and without the trailing slash, in either UUID case', async () => {
    const body = twoStopTask();
    const r = await post(secretUrl(ACTION_CODES.create_task!), body);
    expect(r.json().success).toBe(true);
    const upper = secretUrl(ACTION_CODES.get_task!, b.creds.bringg.service_uuid_1.toUpperCase(), b.creds.bringg.service_uuid_2.toUpperCase());
    expect((await post(`${upper}/`, { external_id: body.external_id })).json().success).toBe(true);
  });

  it('a wrong UUID pair is 401 and creates nothing', async () => {
    const other = await bringgClient(t, 'other');
    const externalId = extId();
    for (const url of [
      secretUrl(ACTION_CODES.create_task!, b.creds.bringg.service_uuid_1, other.creds.bringg.service_uuid_2),
      secretUrl(ACTION_CODES.create_task!, b.creds.bringg.service_uuid_2, b.creds.bringg.service_uuid_1),
      `/services/${ACTION_CODES.create_task}//`,
    ]) {
      const r = await post(url, twoStopTask(externalId));
      expect(r.statusCode, url).toBe(url.endsWith('//') ? 404 : 401);
      if (!url.endsWith('//')) expect(r.json()).toEqual({ success: false, message: 'Invalid service URL', rc: 6 });
    }
    expect((await b.call('oauth', 'get_task', { external_id: externalId })).json().message).toBe('Task not found');
  });

  it('an unknown code or service name is 404 in the envelope', async () => {
    const code = await post(secretUrl('Kmae04kd'), { id: 1 });
    expect(code.statusCode).toBe(404);
    expect(code.json()).toEqual({ success: false, message: 'Unknown service code Kmae04kd', rc: 8 });
    const name = await post('/services/delete_everything', {}, { authorization: `Bearer ${b.token}` });
    expect(name.statusCode).toBe(404);
    expect(name.json()).toEqual({ success: false, message: 'Unknown service delete_everything', rc: 8 });
  });

  it('services by name need a valid, unexpired bearer token', async () => {
    const missing = await post('/services/get_open_tasks', {});
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toEqual({ success: false, message: 'Missing bearer token', rc: 6 });
    const forged = await post('/services/get_open_tasks', {}, { authorization: `Bearer ${b.token.slice(0, -4)}AAAA` });
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toEqual({ success: false, message: 'Invalid or expired token', rc: 6 });

    const fresh = await post('/oauth/token', {
      grant_type: 'client_credentials',
      client_id: b.creds.bringg.client_id,
      client_secret: b.creds.bringg.client_secret,
    });
    expect(fresh.json()).toEqual({
      access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      token_type: 'Bearer',
      expires_in: 1800,
      created_at: Math.floor(clock.now().getTime() / 1000),
    });
    const token = fresh.json().access_token;
    clock.advance(1799_000);
    expect((await post('/services/get_open_tasks', {}, { authorization: `Bearer ${token}` })).statusCode).toBe(200);
    clock.advance(1_000);
    const expired = await post('/services/get_open_tasks', {}, { authorization: `Bearer ${token}` });
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toEqual({ success: false, message: 'Invalid or expired token', rc: 6 });
  });

  it('the token endpoint takes JSON client credentials only', async () => {
    const { client_id, client_secret } = b.creds.bringg;
    const wrong = await post('/oauth/token', { grant_type: 'client_credentials', client_id, client_secret: 'nope' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: 'invalid_client', error_description: 'Unknown client or wrong secret' });
    const grant = await post('/oauth/token', { grant_type: 'password', client_id, client_secret });
    expect(grant.statusCode).toBe(400);
    expect(grant.json().error).toBe('unsupported_grant_type');
    const inUrl = await post(`/oauth/token?client_id=${client_id}&client_secret=${client_secret}`, { grant_type: 'client_credentials' });
    expect(inUrl.statusCode).toBe(401);
    expect(inUrl.json().error).toBe('invalid_request');
  });

  it('a token or service URL of one account never reaches another account’s tasks', async () => {
    // A fresh client: the clock has moved past the first token's life in the test above.
    const mine = await bringgClient(t, 'mine');
    const task = await mine.task('oauth', 'create_task', twoStopTask());
    const other = await bringgClient(t, 'other-2');
    for (const style of URL_STYLES) {
      expect((await other.call(style, 'get_task', { id: task.id })).json()).toEqual({ success: false, message: 'Task not found', rc: 2 });
      expect((await other.call(style, 'cancel_task', { id: task.id })).json()).toEqual({ success: false, message: 'Task not found', rc: 2 });
    }
    expect((await mine.task('oauth', 'get_task', { id: task.id })).status).toBe(0);
  });

  it('other methods are 405', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/services/get_open_tasks' });
    expect(r.statusCode).toBe(405);
    expect(r.json()).toEqual({ success: false, message: 'Use POST', rc: 1 });
  });
});
