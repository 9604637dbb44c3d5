import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth } from '../helpers/api.ts';
import { freePort, runDropline, type Spawned, waitForHealthy, stopProcess } from '../helpers/process.ts';
import { seededDataDir } from '../helpers/store-templates.ts';
import { freshDatabase } from '../helpers/stores.ts';
import { WebhookReceiver } from '../helpers/webhook-receiver.ts';

type Call = (method: string, path: string, body?: unknown) => Promise<Response>;

function client(base: string, output: string): { call: Call } {
  const accountId = /account_id: (\S+)/.exec(output)![1]!;
  const secret = /secret_key: (\S+)/.exec(output)![1]!;
  const auth = basicAuth(accountId, secret);
  return {
    call: (method, path, body) =>
      fetch(`${base}${path}`, {
        method,
        headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      }),
  };
}

const destination = { geometry: { type: 'Point', coordinates: [2.35, 48.85] } };

/** Creates `n` orders on a new route for a new worker, then tracks and completes the route. */
async function routeOfOrders(call: Call, prefix: string, n: number): Promise<string[]> {
  const worker = `${prefix}-worker`;
  expect((await call('POST', '/workers', { worker_handle: worker, device_id: `${prefix}-DEVICE` })).status).toBe(201);
  const handles = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  const created = await call('POST', '/orders', {
    plan_mode: 'manual',
    worker_handle: worker,
    orders: handles.map((order_handle) => ({ order_handle, destination, scheduled_at: '2030-01-01T10:00:00.000Z' })),
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const route = ((await created.json()) as { route_handle: string }).route_handle;
  expect((await call('POST', '/orders/track', { track_mode: 'on_time', route_handle: route })).status).toBe(201);
  expect((await call('POST', `/orders/routes/${route}/complete`)).status).toBe(200);
  return handles;
}

const LIFECYCLE = ['created', 'assigned', 'started', 'cancelled'];

async function waitFor(what: string, done: () => boolean, ms = 60_000, poll?: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    await poll?.();
    if (done()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Each event id once, each order's events in lifecycle order. */
function checkDeliveries(rx: WebhookReceiver, handles: string[]) {
  const ids = rx.accepted.map((r) => r.headers['x-dropline-event-id'] as string);
  const perOrder = new Map<string, string[]>();
  const firstOfId = new Map<string, string>();
  for (const r of rx.accepted) {
    const [e] = r.body as { data: { order_handle: string; value: string } }[];
    const id = r.headers['x-dropline-event-id'] as string;
    if (firstOfId.has(id)) {
      // A redelivery after a crash carries the same id and the same event.
      expect(firstOfId.get(id)).toBe(`${e!.data.order_handle}/${e!.data.value}`);
      continue;
    }
    firstOfId.set(id, `${e!.data.order_handle}/${e!.data.value}`);
    perOrder.set(e!.data.order_handle, [...(perOrder.get(e!.data.order_handle) ?? []), e!.data.value]);
  }
  expect(Object.fromEntries(perOrder)).toEqual(Object.fromEntries(handles.map((h) => [h, LIFECYCLE])));
  return { ids, unique: firstOfId.size };
}

describe('webhooks survive SIGKILL (embedded store, real process)', () => {
  const dataDir = seededDataDir('dropline-e2e-webhooks-');
  const rx = new WebhookReceiver();
  let server: Spawned;
  let env: Record<string, string>;
  let base: string;

  beforeAll(async () => {
    await rx.up();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = { PORT: String(port), HOST: '127.0.0.1', DROPLINE_DATA_DIR: dataDir, DROPLINE_WEBHOOKS_ALLOW_PRIVATE: 'true' };
    server = runDropline(['serve'], env);
    await waitForHealthy(base, server);
  }, 90_000);

  afterAll(async () => {
    server.child.kill('SIGKILL');
    await rx.down();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers the events that were queued when the server was killed', async () => {
    const { call } = client(base, server.output());
    // Created while the endpoint is paused, so all 80 events are queued (fanned out, pending).
    // Order values only: the routes' and workers' own events (types route, worker) are not counted here.
    const ep = await call('POST', '/webhooks', { url: rx.url, enabled: false, events: LIFECYCLE });
    expect(ep.status).toBe(201);
    const { id } = (await ep.json()) as { id: string };
    const handles = [...(await routeOfOrders(call, 'first', 10)), ...(await routeOfOrders(call, 'second', 10))];
    const pending = async () =>
      ((await (await call('GET', `/webhooks/${id}/deliveries?state=pending&limit=500`)).json()) as { deliveries: unknown[] }).deliveries.length;
    let queued = 0;
    await waitFor(
      '80 queued deliveries',
      () => queued === 80,
      30_000,
      async () => {
        queued = await pending();
      },
    );
    expect(rx.received).toEqual([]);
    // Resume and kill at once: the kill lands before or during delivery.
    expect((await call('PATCH', `/webhooks/${id}`, { enabled: true })).status).toBe(200);
    server.child.kill('SIGKILL');
    await server.exited;

    server = runDropline(['serve'], env);
    await waitForHealthy(base, server);
    await waitFor('80 distinct events', () => new Set(rx.accepted.map((r) => r.headers['x-dropline-event-id'])).size >= 80);
    const { unique } = checkDeliveries(rx, handles);
    expect(unique).toBe(80);
  }, 120_000);
});

describe('two server processes on one PostgreSQL', () => {
  const rx = new WebhookReceiver();
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  const servers: { proc: Spawned; base: string }[] = [];

  beforeAll(async () => {
    await rx.up();
    db = await freshDatabase({ migrated: true });
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const proc = runDropline(['serve'], {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: db.url,
        DROPLINE_WEBHOOKS_ALLOW_PRIVATE: 'true',
      });
      // One after the other: the first creates the first account.
      await waitForHealthy(base, proc);
      servers.push({ proc, base });
    }
  }, 90_000);

  afterAll(async () => {
    for (const s of servers) {
      await stopProcess(s.proc);
    }
    await rx.down();
    await db.drop();
  });

  it('delivers every event exactly once between the two dispatchers', async () => {
    const [a, b] = servers.map((s) => client(s.base, servers[0]!.proc.output()).call) as [Call, Call];
    const ep = await a('POST', '/webhooks', { url: rx.url, events: LIFECYCLE });
    expect(ep.status).toBe(201);
    const { id } = (await ep.json()) as { id: string };
    const handles = (
      await Promise.all([routeOfOrders(a, 'a1', 50), routeOfOrders(b, 'b1', 50), routeOfOrders(a, 'a2', 50), routeOfOrders(b, 'b2', 50)])
    ).flat();
    await waitFor('800 events', () => rx.accepted.length >= 800);
    // A delivery leaves `pending` only once the receiver answered it: when none is pending, every
    // send either dispatcher made of it has arrived, a double one included.
    let pending = -1;
    await waitFor(
      'no pending delivery',
      () => pending === 0,
      30_000,
      async () => {
        const r = await a('GET', `/webhooks/${id}/deliveries?state=pending&limit=500`);
        pending = ((await r.json()) as { deliveries: unknown[] }).deliveries.length;
      },
    );
    const { ids, unique } = checkDeliveries(rx, handles);
    expect(unique).toBe(800);
    expect(ids.length).toBe(800);
  }, 120_000);
});
