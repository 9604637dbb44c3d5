import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_URL, startTestApi, type TestApi } from '../../helpers/api.ts';
import { TestClock } from '../../helpers/clock.ts';
import { assignedOrder, signInDriver } from '../../helpers/driver-app.ts';
import { createWorker } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

describe.each(STORE_KINDS)('driver links and the account default proofs (%s)', (kind) => {
  let t: TestApi;
  const clock = new TestClock(new Date('2030-01-01T07:00:00.000Z'));

  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
  });
  afterAll(() => t?.close());

  async function dashboard() {
    const [user, secret] = Buffer.from(t.api.authorization.slice(6), 'base64').toString().split(':') as [string, string];
    const session = await t.app.inject({ method: 'POST', url: '/app/api/session', payload: { account_id: user, secret_key: secret } });
    const headers = { cookie: session.cookies.map((c) => `${c.name}=${c.value}`).join('; '), 'x-csrf-token': session.json().csrf_token as string };
    return (method: string, url: string, body?: unknown) =>
      t.app.inject({
        method: method as 'GET',
        url,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        payload: body === undefined ? undefined : JSON.stringify(body),
      });
  }

  it('the native API issues a link with its URL and QR code, lists and revokes it', async () => {
    const { workerHandle } = await createWorker(t.api);
    const issued = await t.api.call('POST', `/workers/${workerHandle}/driver_links`, { expires_in_hours: 12 });
    expect(issued.statusCode, issued.body).toBe(201);
    const link = issued.json();
    expect(link).toMatchObject({
      worker_handle: workerHandle,
      created_at: '2030-01-01T07:00:00.000Z',
      expires_at: '2030-01-01T19:00:00.000Z',
      revoked_at: null,
      last_used_at: null,
      status: 'active',
    });
    expect(link.url).toBe(`${PUBLIC_URL}/driver#token=${link.token}`);
    expect(link.qr_svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const listed = (await t.api.call('GET', `/workers/${workerHandle}/driver_links`)).json().links;
    const { token: _token, url: _url, qr_svg: _qr, ...shown } = link;
    expect(listed).toEqual([shown]);
    expect((await t.api.call('DELETE', `/workers/${workerHandle}/driver_links/${link.link_id}`)).statusCode).toBe(204);
    expect((await t.api.call('DELETE', `/workers/${workerHandle}/driver_links/${link.link_id}`)).statusCode).toBe(204);
    const unknown = await t.api.call('DELETE', `/workers/${workerHandle}/driver_links/dlk_nope`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({
      code: 'driver_link_not_found',
      title: 'Driver Link Not Found',
      detail: { description: 'Driver link could not be found' },
    });
    const tooLong = await t.api.call('POST', `/workers/${workerHandle}/driver_links`, { expires_in_hours: 721 });
    expect(tooLong.statusCode).toBe(422);
    expect((await t.api.call('POST', '/workers/no-such-worker/driver_links', {})).statusCode).toBe(404);
  });

  it('the dashboard issues, lists and revokes links the same way', async () => {
    const { workerHandle } = await createWorker(t.api);
    const call = await dashboard();
    const issued = await call('POST', `/app/api/workers/${workerHandle}/driver_links`, {});
    expect(issued.statusCode, issued.body).toBe(201);
    expect(issued.json()).toMatchObject({ status: 'active', expires_at: '2030-01-08T07:00:00.000Z', qr_svg: expect.stringMatching(/^<svg/) });
    const signIn = await t.app.inject({ method: 'POST', url: '/driver/api/session', payload: { token: issued.json().token } });
    expect(signIn.statusCode).toBe(200);
    expect(signIn.json()).toMatchObject({ worker_handle: workerHandle, link_id: issued.json().link_id, expires_at: '2030-01-08T07:00:00.000Z' });
    expect(signIn.cookies.find((c) => c.name === 'dl_driver')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/driver' });
    const listed = (await call('GET', `/app/api/workers/${workerHandle}/driver_links`)).json().links;
    expect(listed).toEqual([expect.objectContaining({ link_id: issued.json().link_id, last_used_at: '2030-01-01T07:00:00.000Z' })]);
    expect((await call('DELETE', `/app/api/workers/${workerHandle}/driver_links/${issued.json().link_id}`)).statusCode).toBe(204);
    const unknown = await call('DELETE', `/app/api/workers/${workerHandle}/driver_links/dlk_nope`);
    expect(unknown.json()).toEqual({ error: { code: 'driver_link_not_found', message: 'Driver link could not be found' } });
  });

  it("the account's default proofs apply to a stop whose order names none", async () => {
    expect((await t.api.call('GET', '/settings/driver-app')).json()).toEqual({ required_proofs: { photo: false, signature: false, pin: false } });
    const patched = await t.api.call('PATCH', '/settings/driver-app', { required_proofs: { photo: true } });
    expect(patched.json()).toEqual({ required_proofs: { photo: true, signature: false, pin: false } });
    const driver = await signInDriver(t, t.api);
    const plain = await assignedOrder(t.api, driver.workerHandle);
    const named = await assignedOrder(t.api, driver.workerHandle, { metadata: { required_proofs: ['signature'] } });
    const stops = (await driver.call('GET', '/driver/api/stops')).json().stops as { order_handle: string; stop_id: string; required_proofs: unknown }[];
    const of = (h: string) => stops.find((s) => s.order_handle === h)!;
    expect(of(plain).required_proofs).toEqual({ photo: true, signature: false, pin: false, barcodes: [] });
    expect(of(named).required_proofs).toEqual({ photo: false, signature: true, pin: false, barcodes: [] });
    const refused = await driver.act(of(plain).stop_id, 'complete');
    expect(refused.json().error.details).toEqual({ missing: ['photo'] });
    await t.api.call('PATCH', '/settings/driver-app', { required_proofs: { photo: false } });
  });
});
