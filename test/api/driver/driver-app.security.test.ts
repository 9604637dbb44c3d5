import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { TestClock } from '../../helpers/clock.ts';
import { actionId, assignedOrder, type DriverClient, JPEG_BYTES, PNG_1x1, signInDriver } from '../../helpers/driver-app.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

const HOUR = 3600_000;

describe.each(STORE_KINDS)('driver app security (%s)', (kind) => {
  let t: TestApi;
  const clock = new TestClock(new Date('2030-01-01T07:00:00.000Z'));

  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
  });
  afterAll(() => t?.close());

  const stopsOf = async (d: DriverClient) => (await d.call('GET', '/driver/api/stops')).json().stops as { stop_id: string; order_handle: string }[];
  const fileCount = async () =>
    Number(
      (
        await t.deps.store.db
          .selectFrom('proof_files')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("a driver never reads or changes another driver's stops, nor another account's", async () => {
    const mine = await signInDriver(t, t.api);
    const colleague = await signInDriver(t, t.api);
    const other = await t.newAccount('other');
    const stranger = await signInDriver(t, other);
    const handle = await assignedOrder(t.api, colleague.workerHandle, { metadata: { customer_name: 'Secret Name' } });
    const [stop] = await stopsOf(colleague);
    for (const d of [mine, stranger]) {
      const list = await d.call('GET', '/driver/api/stops');
      expect(list.body).not.toContain(handle);
      expect(list.body).not.toContain('Secret Name');
      const one = await d.call('GET', `/driver/api/stops/${stop!.stop_id}`);
      expect(one.statusCode).toBe(404);
      expect(one.json()).toEqual({ error: { code: 'stop_not_found', message: 'This stop could not be found' } });
      for (const action of ['accept', 'reject', 'start', 'complete']) expect((await d.act(stop!.stop_id, action)).statusCode, action).toBe(404);
      expect((await d.act(stop!.stop_id, 'fail', { reason: 'damaged' })).statusCode).toBe(404);
      const upload = await d.call('PUT', `/driver/api/stops/${stop!.stop_id}/proofs/photo`, PNG_1x1, { 'content-type': 'image/png' });
      expect(upload.statusCode).toBe(404);
    }
    const order = (await t.api.call('GET', `/orders/${handle}`)).json();
    expect(order.status).toBe('assigned');
    expect(order.metadata.driver_accepted_by).toBeUndefined();
    // A link token is not an account credential, and one driver's token opens no other device.
    const asAccount = await t.app.inject({ method: 'GET', url: '/orders', headers: { authorization: `Bearer ${mine.token}` } });
    expect(asAccount.statusCode).toBe(401);
    const otherDevice = await t.app.inject({
      method: 'POST',
      url: `/devices/${colleague.deviceId}/locations`,
      headers: { authorization: `Bearer ${mine.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify([{ recorded_at: '2030-01-01T06:00:00Z', lat: 37.3, lng: -121.8 }]),
    });
    expect(otherDevice.statusCode).toBe(401);
    expect(otherDevice.json()).toEqual({ detail: {}, message: 'Invalid device token' });
  });

  it("a driver cannot fetch another driver's proof without its signed URL, nor with a forged or another account's signature", async () => {
    const owner = await signInDriver(t, t.api);
    await assignedOrder(t.api, owner.workerHandle);
    const [stop] = await stopsOf(owner);
    const up = await owner.call('PUT', `/driver/api/stops/${stop!.stop_id}/proofs/photo`, JPEG_BYTES, { 'content-type': 'image/jpeg' });
    const url = new URL(up.json().proof_file.url as string);
    const id = url.pathname.split('/').at(-1)!;
    const exp = url.searchParams.get('exp')!;
    for (const path of [`/proofs/${id}`, `/proofs/${id}?exp=${exp}&sig=forged`, `/proofs/${id}?exp=${Number(exp) + 60}&sig=${url.searchParams.get('sig')}`]) {
      const r = await t.app.inject({ method: 'GET', url: path });
      expect(r.statusCode, path).toBe(404);
      expect(r.json().error.code).toBe('proof_not_found');
    }
    // A driver session is no key to it either.
    expect((await owner.call('GET', `/proofs/${id}`)).statusCode).toBe(404);
  });

  it("another account's proof marker planted in an order's metadata never becomes a working link", async () => {
    const owner = await signInDriver(t, t.api);
    await assignedOrder(t.api, owner.workerHandle);
    const [stop] = await stopsOf(owner);
    await owner.call('PUT', `/driver/api/stops/${stop!.stop_id}/proofs/photo`, JPEG_BYTES, { 'content-type': 'image/jpeg' });
    const file = await t.deps.store.db.selectFrom('proof_files').select(['proof_id', 'account_id']).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const marker = `dlproof:${Buffer.from(file.account_id).toString('base64url')}:${file.proof_id}`;
    const thief = await t.newAccount('thief');
    const h = `plant-${Date.now()}`;
    const created = await thief.call('POST', '/orders', {
      plan_mode: 'manual',
      orders: [
        {
          order_handle: h,
          scheduled_at: '2030-01-01T12:00:00.000Z',
          destination: { geometry: { type: 'Point', coordinates: [-121.8, 37.3] } },
          metadata: { loot: marker },
        },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const read = await thief.call('GET', `/orders/${h}`);
    expect(read.json().metadata.loot).toBeNull();
    expect(read.body).not.toContain(file.proof_id);
  });

  it('a proof URL expires after its hour', async () => {
    const driver = await signInDriver(t, t.api);
    await assignedOrder(t.api, driver.workerHandle);
    const [stop] = await stopsOf(driver);
    const up = await driver.call('PUT', `/driver/api/stops/${stop!.stop_id}/proofs/signature`, PNG_1x1, { 'content-type': 'image/png' });
    expect(up.json().proof_file.url_expires_at).toBe('2030-01-01T08:00:00.000Z');
    const url = new URL(up.json().proof_file.url as string);
    const path = url.pathname + url.search;
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(200);
    clock.advance(HOUR);
    const expired = await t.app.inject({ method: 'GET', url: path });
    expect(expired.statusCode).toBe(403);
    expect(expired.json()).toEqual({ error: { code: 'url_expired', message: 'This proof link has expired; reload the page it came from' } });
    clock.advance(-HOUR);
  });

  it('an oversize or non-image upload gets a clear error and stores nothing', async () => {
    const driver = await signInDriver(t, t.api);
    await assignedOrder(t.api, driver.workerHandle);
    const [stop] = await stopsOf(driver);
    const before = await fileCount();
    const path = `/driver/api/stops/${stop!.stop_id}/proofs/photo`;
    const big = Buffer.concat([JPEG_BYTES, Buffer.alloc(2 * 1024 * 1024)]);
    const tooBig = await driver.call('PUT', path, big, { 'content-type': 'image/jpeg' });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json()).toEqual({ error: { code: 'proof_too_large', message: 'The file is larger than 2 MB; take the photo again at a lower size' } });
    // Named and labelled as an image, but its bytes are a PDF.
    const pdf = await driver.call('PUT', path, Buffer.from('%PDF-1.7 not an image'), { 'content-type': 'image/png' });
    expect(pdf.statusCode).toBe(415);
    expect(pdf.json()).toEqual({ error: { code: 'proof_not_image', message: 'The file is not a JPEG, PNG or WebP image' } });
    const text = await driver.call('PUT', path, Buffer.from('hello'), { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('proof_not_image');
    const empty = await driver.call('PUT', path, Buffer.alloc(0), { 'content-type': 'image/png' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toEqual({ error: { code: 'invalid_request', message: 'The file is empty' } });
    expect(await fileCount()).toBe(before);
    expect((await driver.call('GET', `/driver/api/stops/${stop!.stop_id}`)).json().stop.proof).toBeNull();
  });

  it('a revoked link signs in no more and ends the sessions made from it', async () => {
    const driver = await signInDriver(t, t.api);
    expect((await driver.call('GET', '/driver/api/me')).statusCode).toBe(200);
    const revoke = await t.api.call('DELETE', `/workers/${driver.workerHandle}/driver_links/${driver.linkId}`);
    expect(revoke.statusCode).toBe(204);
    const again = await t.app.inject({ method: 'POST', url: '/driver/api/session', payload: { token: driver.token } });
    expect(again.statusCode).toBe(401);
    expect(again.json()).toEqual({ error: { code: 'link_revoked', message: 'This sign-in link was revoked; ask your dispatcher for a new one' } });
    const me = await driver.call('GET', '/driver/api/me');
    expect(me.statusCode).toBe(401);
    expect(me.json().error.code).toBe('unauthorized');
    const positions = await t.app.inject({
      method: 'POST',
      url: `/devices/${driver.deviceId}/locations`,
      headers: { authorization: `Bearer ${driver.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify([{ recorded_at: '2030-01-01T06:00:00Z', lat: 37.3, lng: -121.8 }]),
    });
    expect(positions.statusCode).toBe(401);
    const links = (await t.api.call('GET', `/workers/${driver.workerHandle}/driver_links`)).json().links;
    expect(links).toEqual([expect.objectContaining({ link_id: driver.linkId, status: 'revoked' })]);
  });

  it('an expired link is refused, and so is its session', async () => {
    const driver = await signInDriver(t, t.api);
    const short = await t.api.call('POST', `/workers/${driver.workerHandle}/driver_links`, { expires_in_hours: 1 });
    clock.advance(HOUR);
    const r = await t.app.inject({ method: 'POST', url: '/driver/api/session', payload: { token: short.json().token } });
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('link_expired');
    clock.advance(7 * 24 * HOUR);
    expect((await driver.call('GET', '/driver/api/me')).statusCode).toBe(401);
    clock.set('2030-01-01T07:00:00.000Z');
  });

  it('a wrong or forged token tells nothing about the link', async () => {
    const driver = await signInDriver(t, t.api);
    for (const token of ['nonsense', `drv.${driver.linkId}.${'x'.repeat(32)}`, driver.token.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a'))]) {
      const r = await t.app.inject({ method: 'POST', url: '/driver/api/session', payload: { token } });
      expect(r.statusCode, token).toBe(401);
      expect(r.json().error.code).toBe('link_invalid');
    }
  });

  it('a write without the CSRF header or from another site is refused', async () => {
    const driver = await signInDriver(t, t.api);
    const noCsrf = await driver.call('POST', '/driver/api/shift', { action_id: actionId(), on_shift: false }, { 'x-csrf-token': '' });
    expect(noCsrf.statusCode).toBe(403);
    const foreign = await driver.call('POST', '/driver/api/shift', { action_id: actionId(), on_shift: false }, { origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    expect((await t.api.call('GET', `/workers/${driver.workerHandle}`)).json().work_status.available).toBe(true);
  });
});
