import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSse } from '../../helpers/sse.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import { startWebServer, type WebServer } from '../../helpers/web-server.ts';

interface Session {
  cookie: string;
  csrf: string;
  setCookies: string[];
}

async function signIn(server: WebServer, creds: { account_id: string; secret_key: string }): Promise<Session> {
  const r = await fetch(`${server.url}/app/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify(creds),
  });
  expect(r.status).toBe(200);
  const setCookies = r.headers.getSetCookie();
  const cookie = setCookies.map((c) => c.split(';')[0]).join('; ');
  return { cookie, csrf: ((await r.json()) as any).csrf_token, setCookies };
}

const as = (s: Session, extra: Record<string, string> = {}) => ({ cookie: s.cookie, ...extra });

async function trackedOrder(server: WebServer, authorization: string, tag: string) {
  const deviceId = `dev-${tag}-${Math.random().toString(36).slice(2, 10)}`;
  const workerHandle = `w-${tag}`;
  expect((await server.call('POST', '/workers', { worker_handle: workerHandle, name: `Worker ${tag}`, device_id: deviceId }, authorization)).status).toBe(201);
  const r = await server.call(
    'POST',
    '/orders/track',
    {
      worker_handle: workerHandle,
      track_mode: 'on_time',
      orders: [{ order_handle: `o-${tag}`, destination: { geometry: { type: 'Point', coordinates: [-121.88, 37.34] } } }],
    },
    authorization,
  );
  expect(r.status).toBe(201);
  return { deviceId, orderHandle: `o-${tag}` };
}

let fixes = 0;
const BASE = Date.now();
/** Fixes 20 s apart (in the near future, which the server accepts) so none looks implausibly fast. */
const postFix = async (server: WebServer, authorization: string, deviceId: string, lng: number) => {
  const r = await server.call(
    'POST',
    `/devices/${deviceId}/locations`,
    [{ recorded_at: new Date(BASE + ++fixes * 20_000).toISOString(), lng, lat: 37.33, accuracy: 5 }],
    authorization,
  );
  expect(r.status).toBeLessThan(300);
  return r;
};

describe.each(STORE_KINDS)('dashboard sessions and account isolation (%s)', (kind) => {
  let server: WebServer;
  let other: { account_id: string; secret_key: string; authorization: string };
  let a: Session;
  let b: Session;
  let aOrder: { deviceId: string; orderHandle: string };
  let bOrder: { deviceId: string; orderHandle: string };
  beforeAll(async () => {
    server = await startWebServer(kind);
    other = await server.newAccount();
    aOrder = await trackedOrder(server, server.account.authorization, 'a');
    bOrder = await trackedOrder(server, other.authorization, 'b');
    a = await signIn(server, server.account);
    b = await signIn(server, other);
  });
  afterAll(async () => server?.close());

  it('the session cookie is HttpOnly and SameSite=Strict; the CSRF cookie is readable by the page only', () => {
    const session = b.setCookies.find((c) => c.startsWith('dl_session='))!;
    const csrf = b.setCookies.find((c) => c.startsWith('dl_csrf='))!;
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; SameSite=Strict/i);
    expect(session).toMatch(/; Path=\/app/);
    expect(csrf).not.toMatch(/HttpOnly/i);
    expect(csrf).toMatch(/; SameSite=Strict/i);
  });

  it('wrong credentials, no cookie or a forged cookie get nothing', async () => {
    const wrong = await fetch(`${server.url}/app/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account_id: other.account_id, secret_key: 'not-the-secret' }),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.getSetCookie()).toEqual([]);
    expect((await fetch(`${server.url}/app/api/orders`)).status).toBe(401);
    // B's token with A's account id in it: the MAC no longer matches.
    const token = b.cookie.match(/dl_session=([^;]+)/)![1]!;
    const forged = [Buffer.from(server.account.account_id).toString('base64url'), ...token.split('.').slice(1)].join('.');
    expect((await fetch(`${server.url}/app/api/orders`, { headers: { cookie: `dl_session=${forged}` } })).status).toBe(401);
    expect(((await (await fetch(`${server.url}/app/api/session`, { headers: { cookie: `dl_session=${forged}` } })).json()) as any).signed_in).toBe(false);
  });

  it("one account's session never reads another account's orders, workers or devices", async () => {
    await postFix(server, server.account.authorization, aOrder.deviceId, -121.881);
    const orders = (await (await fetch(`${server.url}/app/api/orders`, { headers: as(b) })).json()) as any;
    expect(orders.orders.map((o: { order_handle: string }) => o.order_handle)).toEqual([bOrder.orderHandle]);
    expect((await fetch(`${server.url}/app/api/orders/${aOrder.orderHandle}`, { headers: as(b) })).status).toBe(404);
    expect((await fetch(`${server.url}/app/api/orders?q=o-a`, { headers: as(b) }).then((r) => r.json() as any)).orders).toEqual([]);
    const workers = (await (await fetch(`${server.url}/app/api/workers`, { headers: as(b) })).json()) as any;
    expect(workers.workers.map((w: { worker_handle: string }) => w.worker_handle)).toEqual(['w-b']);
    const devices = (await (await fetch(`${server.url}/app/api/devices`, { headers: as(b) })).json()) as any;
    expect(devices.devices.map((d: { device_id: string }) => d.device_id)).not.toContain(aOrder.deviceId);
    const mine = (await (await fetch(`${server.url}/app/api/devices`, { headers: as(a) })).json()) as any;
    expect(mine.devices.map((d: { device_id: string }) => d.device_id)).toEqual([aOrder.deviceId]);
  });

  it("one account's session cannot act on another account's order", async () => {
    const r = await fetch(`${server.url}/app/api/orders/${aOrder.orderHandle}/cancel`, {
      method: 'POST',
      headers: as(b, { 'x-csrf-token': b.csrf, 'content-type': 'application/json', origin: server.url }),
      body: '{}',
    });
    expect(r.status).toBe(404);
    expect((await server.call('GET', `/orders/${aOrder.orderHandle}`)).json.status).toBe('ongoing');
  });

  it("one account's stream never carries another account's events", async () => {
    const streamA = await openSse(`${server.url}/app/api/stream`, as(a));
    const streamB = await openSse(`${server.url}/app/api/stream`, as(b));
    try {
      await streamA.next((e) => e.event === 'ready');
      await streamB.next((e) => e.event === 'ready');
      await postFix(server, server.account.authorization, aOrder.deviceId, -121.882);
      await streamA.next((e) => e.event === 'location' && e.data.device_id === aOrder.deviceId);
      // Events reach every subscriber in commit order: once B sees its own later fix, A's would have arrived.
      await postFix(server, other.authorization, bOrder.deviceId, -121.883);
      await streamB.next((e) => e.event === 'location' && e.data.device_id === bOrder.deviceId);
      const foreign = streamB.events.filter((e) => e.data.device_id === aOrder.deviceId || e.data.order_handle === aOrder.orderHandle);
      expect(foreign).toEqual([]);
      expect(streamB.events.every((e) => e.event === 'ready' || e.data.device_id === bOrder.deviceId || e.data.order_handle === bOrder.orderHandle)).toBe(true);
    } finally {
      streamA.close();
      streamB.close();
    }
    expect((await fetch(`${server.url}/app/api/stream`)).status).toBe(401);
  });

  it('state-changing requests need the CSRF token and, when sent, this origin', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${server.url}/app/api/orders/${bOrder.orderHandle}/lock`, {
        method: 'POST',
        headers: as(b, { 'content-type': 'application/json', ...headers }),
        body: '{}',
      });
    expect((await post({})).status).toBe(403);
    expect((await post({ 'x-csrf-token': a.csrf })).status).toBe(403);
    expect((await post({ 'x-csrf-token': b.csrf, origin: 'https://evil.example' })).status).toBe(403);
    expect((await server.call('GET', `/orders/${bOrder.orderHandle}`, undefined, other.authorization)).json).not.toHaveProperty(
      'locked_at',
      expect.any(String),
    );
    const ok = await post({ 'x-csrf-token': b.csrf, origin: server.url });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as any).locked).toBe(true);
    const loginCsrf = await fetch(`${server.url}/app/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ account_id: other.account_id, secret_key: other.secret_key }),
    });
    expect(loginCsrf.status).toBe(403);
  });

  it('bad input is a clear 400, never a 500', async () => {
    const create = (body: unknown) =>
      fetch(`${server.url}/app/api/orders`, {
        method: 'POST',
        headers: as(b, { 'x-csrf-token': b.csrf, 'content-type': 'application/json' }),
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const bad = await create({ order_handle: 'x', lng: 500, lat: 0 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.code).toBe('invalid_request');
    expect((await create('{nope')).status).toBe(400);
    expect((await fetch(`${server.url}/app/api/orders?status=bogus`, { headers: as(b) })).status).toBe(400);
    const start = await fetch(`${server.url}/app/api/orders/${bOrder.orderHandle}/start`, {
      method: 'POST',
      headers: as(b, { 'x-csrf-token': b.csrf, 'content-type': 'application/json' }),
      body: '{}',
    });
    expect(start.status).toBe(400);
  });

  it('sign-out clears both cookies', async () => {
    const s = await signIn(server, other);
    const r = await fetch(`${server.url}/app/api/session`, { method: 'DELETE', headers: as(s, { 'x-csrf-token': s.csrf }) });
    expect(r.status).toBe(204);
    const cleared = r.headers.getSetCookie();
    expect(cleared.find((c) => c.startsWith('dl_session=;'))).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(cleared.find((c) => c.startsWith('dl_csrf=;'))).toBeDefined();
  });
});
