import { beforeAll, describe, expect, it } from 'vitest';
import type { Fix } from '../../src/core/tracking/fix.ts';
import { createAccount } from '../../src/services/accounts/create-account.ts';
import type { Deps } from '../../src/services/deps.ts';
import { ingestLocations } from '../../src/services/tracking/ingest-locations.ts';
import { RECENT_MS } from '../../src/services/tracking/recent-fix-windows.ts';
import { twoProcessesOnOnePostgres } from '../helpers/two-processes.ts';
import { basicAuth } from '../helpers/api.ts';
import { buildServer } from '../../src/api/server.ts';

const fixAt = (ms: number, i: number): Fix => ({
  recordedAt: new Date(ms),
  lng: -121.9 + i * 0.0005,
  lat: 37.33,
  altitude: null,
  accuracy: 5,
  speed: null,
  bearing: null,
  battery: 60,
  activity: null,
});

describe("a device posting through two server processes: each one's window of recent fixes stays complete", () => {
  const processes = twoProcessesOnOnePostgres();
  let a: Deps;
  let b: Deps;
  beforeAll(() => {
    ({ a, b } = processes);
  });

  it('a process whose cached window missed the other process’s fixes reads it again', async () => {
    const { account_id, secret_key } = await createAccount(a, 'two-processes');
    const app = await buildServer(a, { publicUrl: 'https://track.example.test', logLevel: 'silent' });
    const call = (url: string, body: unknown) =>
      app.inject({ method: 'POST', url, payload: body as object, headers: { authorization: basicAuth(account_id, secret_key) } });
    expect((await call('/workers', { worker_handle: 'w', device_id: 'TWO-PROC' })).statusCode).toBe(201);
    const tracked = await call('/orders/track', {
      worker_handle: 'w',
      track_mode: 'on_time',
      orders: [{ order_handle: 'o', destination: { geometry: { type: 'Point', coordinates: [-121.86, 37.33] }, radius: 100 } }],
    });
    expect(tracked.statusCode, tracked.body).toBe(201);
    await app.close();
    const t0 = Date.now();
    await ingestLocations(a, account_id, 'TWO-PROC', [fixAt(t0, 0), fixAt(t0 + 5000, 1)]);
    await ingestLocations(b, account_id, 'TWO-PROC', [fixAt(t0 + 10_000, 2)]);
    await ingestLocations(a, account_id, 'TWO-PROC', [fixAt(t0 + 15_000, 3)]);
    const row = await a.store.db.selectFrom('device_state').select('history_version').where('device_id', '=', 'TWO-PROC').executeTakeFirstOrThrow();
    const window = a.ingest.caches.windows.get('TWO-PROC', Number(row.history_version), new Date(Date.now() - RECENT_MS));
    expect(window?.map((f) => f.recordedAt.getTime())).toEqual([t0, t0 + 5000, t0 + 10_000, t0 + 15_000]);
    // a's last batch could not be its one-statement write (b had moved the device and the order
    // since): redone under locks, the order counts every fix once, from both processes.
    const order = await a.store.repos.orders.find(account_id, { orderHandle: 'o' });
    expect(order?.tracking.fixCount).toBe(4);
    const events = (await a.store.repos.webhookOutbox.eventsOfOrder(order!.id)).map((e) => e.type);
    expect(events.filter((e) => e === 'order_first_eta')).toHaveLength(1);
  });

  it("a process's one-statement write never overwrites the other process's newer order", async () => {
    const { account_id, secret_key } = await createAccount(a, 'two-processes-2');
    const app = await buildServer(b, { publicUrl: 'https://track.example.test', logLevel: 'silent' });
    const call = (method: 'POST' | 'GET', url: string, body?: unknown) =>
      app.inject({ method, url, payload: body as object, headers: { authorization: basicAuth(account_id, secret_key) } });
    expect((await call('POST', '/workers', { worker_handle: 'w2', device_id: 'TWO-PROC-2' })).statusCode).toBe(201);
    const tracked = await call('POST', '/orders/track', {
      worker_handle: 'w2',
      track_mode: 'on_time',
      orders: [{ order_handle: 'o2', destination: { geometry: { type: 'Point', coordinates: [-121.86, 37.33] }, radius: 100 } }],
    });
    expect(tracked.statusCode, tracked.body).toBe(201);
    const t0 = Date.now();
    await ingestLocations(a, account_id, 'TWO-PROC-2', [fixAt(t0, 0)]);
    await ingestLocations(a, account_id, 'TWO-PROC-2', [fixAt(t0 + 5000, 1)]);
    // b cancels the order; a still remembers it as ongoing.
    expect((await call('POST', '/orders/o2/cancel')).statusCode).toBe(200);
    const cancelled = await a.store.repos.orders.find(account_id, { orderHandle: 'o2' });
    expect(await ingestLocations(a, account_id, 'TWO-PROC-2', [fixAt(t0 + 10_000, 2)])).toEqual({ accepted: 1, duplicates: 0, dropped: {} });
    expect(await a.store.repos.orders.find(account_id, { orderHandle: 'o2' })).toEqual(cancelled);
    await app.close();
  });
});
