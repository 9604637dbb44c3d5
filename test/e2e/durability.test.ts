import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth } from '../helpers/api.ts';
import { freePort, runDropline, type Spawned, waitForHealthy } from '../helpers/process.ts';
import { seededDataDir } from '../helpers/store-templates.ts';

/**
 * The embedded store, as a user runs it: `dropline serve` in a real process. An acknowledged
 * write must survive SIGKILL, and the data directory must never be opened twice.
 */
describe('embedded store durability and locking (real processes)', () => {
  const dataDir = seededDataDir('dropline-e2e-');
  let port: number;
  let base: string;
  let env: Record<string, string>;
  let server: Spawned;
  let auth: string;

  beforeAll(async () => {
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = { PORT: String(port), HOST: '127.0.0.1', DROPLINE_DATA_DIR: dataDir };
    server = runDropline(['serve'], env);
    await waitForHealthy(base, server);
  }, 90_000);

  afterAll(async () => {
    server.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });

  it('prints the first account once, with a curl example that works', async () => {
    const out = server.output();
    const accountId = /account_id: (\S+)/.exec(out)?.[1];
    const secret = /secret_key: (\S+)/.exec(out)?.[1];
    expect(accountId && secret).toBeTruthy();
    auth = basicAuth(accountId!, secret!);
    const curl = /curl -u '([^']+)' (\S+)/.exec(out);
    expect(curl?.[1]).toBe(`${accountId}:${secret}`);
    expect(curl?.[2]).toBe(`http://127.0.0.1:${port}/orders`);
    // The printed example itself, run as printed (curl -u = Basic auth).
    const r = await fetch(curl![2]!, { headers: { authorization: basicAuth(accountId!, secret!) } });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ orders: [], pagination_token: null });
  });

  it('refuses a second server on the same data directory with a clear error', async () => {
    const second = runDropline(['serve'], { ...env, PORT: String(await freePort()) });
    const code = await second.exited;
    expect(code).not.toBe(0);
    expect(second.output()).toContain(`The data directory ${dataDir} is in use by another Dropline process`);
  }, 60_000);

  it('`accounts create` goes through the running server', async () => {
    const cli = runDropline(['accounts', 'create', '--name', 'second', '--json'], env);
    expect(await cli.exited).toBe(0);
    const created = JSON.parse(cli.output().trim());
    expect(Object.keys(created).sort()).toEqual(['account_id', 'bringg', 'name', 'secret_key', 'uber']);
    const r = await fetch(`${base}/orders`, { headers: { authorization: basicAuth(created.account_id, created.secret_key) } });
    expect(r.status).toBe(200);
    // The printed Bringg service URL works as printed (get_open_tasks, no body).
    const { service_uuid_1, service_uuid_2 } = created.bringg;
    const open = await fetch(`${base}/services/Qkdi30cw/${service_uuid_1}/${service_uuid_2}/`, { method: 'POST' });
    expect(await open.json()).toEqual({ success: true, rc: 0, tasks: [] });
    // So do the printed Uber Direct credentials: a token, then the (empty) deliveries list.
    const { customer_id, live } = created.uber;
    const token = await fetch(`${base}/oauth/v2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: live.client_id, client_secret: live.client_secret, grant_type: 'client_credentials' }).toString(),
    });
    const { access_token } = (await token.json()) as { access_token: string };
    const list = await fetch(`${base}/v1/customers/${customer_id}/deliveries`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(await list.json()).toEqual({ data: [], next_href: '', total_count: -1 });

    // `orders lock` goes through the running server too, and the lock holds in the API.
    const auth2 = basicAuth(created.account_id, created.secret_key);
    const made = await fetch(`${base}/orders`, {
      method: 'POST',
      headers: { authorization: auth2, 'content-type': 'application/json' },
      body: JSON.stringify({
        plan_mode: 'manual',
        orders: [{ order_handle: 'cli-lock', scheduled_at: '2030-01-01T00:00:00Z', destination: { geometry: { type: 'Point', coordinates: [2.35, 48.85] } } }],
      }),
    });
    expect(made.status).toBe(201);
    const lock = runDropline(['orders', 'lock', 'cli-lock', '--account', created.account_id], env);
    expect(await lock.exited).toBe(0);
    expect(lock.output()).toMatch(/^cli-lock: locked since \d{4}-/);
    const cancel = await fetch(`${base}/orders/cli-lock/cancel`, { method: 'POST', headers: { authorization: auth2 } });
    expect(cancel.status).toBe(409);
  }, 60_000);

  it('every acknowledged write survives SIGKILL', async () => {
    const w = await call('POST', '/workers', { worker_handle: 'kill-test', device_id: 'KILL-TEST-DEVICE' });
    expect(w.status).toBe(201);
    const handles: string[] = [];
    for (let i = 0; i < 25; i++) {
      const handle = `durable-${i}`;
      const r = await call('POST', '/orders/track', {
        worker_handle: 'kill-test',
        track_mode: 'on_time',
        orders: [{ order_handle: handle, destination: { geometry: { type: 'Point', coordinates: [2.35, 48.85] } } }],
      });
      expect(r.status).toBe(201);
      handles.push(handle);
    }
    expect((await call('POST', '/orders/durable-0/cancel', {})).status).toBe(200);

    server.child.kill('SIGKILL');
    await server.exited;
    server = runDropline(['serve'], env);
    await waitForHealthy(base, server);

    for (const handle of handles) {
      const r = await call('GET', `/orders/${handle}`);
      expect(r.status, handle).toBe(200);
      expect(((await r.json()) as { status: string }).status).toBe(handle === 'durable-0' ? 'cancelled' : 'ongoing');
    }
    expect(server.output()).not.toContain('Created the first account');
  }, 120_000);

  it('`accounts list` opens the store itself once the server is stopped', async () => {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const cli = runDropline(['accounts', 'list', '--json'], env);
    expect(await cli.exited).toBe(0);
    const accounts = JSON.parse(cli.output().trim());
    expect(accounts.map((a: { name: string }) => a.name)).toEqual(['default', 'second']);
  }, 60_000);
});
