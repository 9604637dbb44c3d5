import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fix } from '../../src/core/tracking/fix.ts';
import { createAccount } from '../../src/services/accounts/create-account.ts';
import { createDeps, type Deps } from '../../src/services/deps.ts';
import { ingestLocations } from '../../src/services/tracking/ingest-locations.ts';
import { RECENT_MS } from '../../src/services/tracking/recent-fix-windows.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { freshDatabase } from '../helpers/stores.ts';
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
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  const stores: Store[] = [];
  let a: Deps;
  let b: Deps;
  beforeAll(async () => {
    db = await freshDatabase();
    for (let i = 0; i < 2; i++) stores.push((await openStore({ databaseUrl: db.url, dataDir: '' })).store);
    a = createDeps(stores[0]!);
    b = createDeps(stores[1]!);
  });
  afterAll(async () => {
    for (const d of [a, b]) await d.live.close();
    for (const s of stores) await s.close();
    await db.drop();
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
    const row = await stores[0]!.db.selectFrom('device_state').select('history_version').where('device_id', '=', 'TWO-PROC').executeTakeFirstOrThrow();
    const window = a.ingest.windows.get('TWO-PROC', Number(row.history_version), new Date(Date.now() - RECENT_MS));
    expect(window?.map((f) => f.recordedAt.getTime())).toEqual([t0, t0 + 5000, t0 + 10_000, t0 + 15_000]);
  });
});
