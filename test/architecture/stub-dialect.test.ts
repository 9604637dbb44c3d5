import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../src/dialects.ts';
import { createAccount } from '../../src/services/accounts/create-account.ts';
import { basicAuth, startTestApi, type TestApi } from '../helpers/api.ts';
import { TestClock } from '../helpers/clock.ts';
import { STORE_KINDS } from '../helpers/stores.ts';
import { stubDialect } from '../fixtures/stub-dialect/dialect.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const STUB = join(HERE, '..', 'fixtures', 'stub-dialect');
const T0 = Date.parse('2030-01-01T09:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const DEST = { lat: 52.52, lng: 13.405 };
const near = (north: number) => ({ lat: DEST.lat + north / 111_195, lng: DEST.lng });

describe('a dialect is one folder plus one line in the registration list', () => {
  it('the stub dialect needs only the shared seam: it imports the Dialect interface and shared services, no other dialect', () => {
    const imports = readdirSync(STUB)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...readFileSync(join(STUB, f), 'utf8').matchAll(/from\s+'(\.[^']+)'/g)].map((m) => relative(ROOT, resolve(STUB, m[1]!))));
    expect(imports.length).toBeGreaterThan(0);
    const outside = imports.filter((p) => !p.startsWith('test/fixtures/stub-dialect/'));
    // The seam (api/shared/dialect.ts), the core's types and shared services: nothing of Bringg, Uber or HyperTrack.
    expect(outside.filter((p) => !/^src\/(api\/shared|core|services\/(orders|dialects))\//.test(p))).toEqual([]);
  });
});

describe.each(STORE_KINDS)('a stub dialect registered through the list on %s', (kind) => {
  let t: TestApi;
  const clock = new TestClock(new Date(T0));
  beforeAll(async () => {
    t = await startTestApi(kind, { clock, dialects: [...DIALECTS, stubDialect()] });
  });
  afterAll(() => t.close());

  it('serves its route, reacts to geofence crossings of tracking, and provisions its credentials', async () => {
    const created = await createAccount(t.deps, 'stub-creds');
    expect(created.stub?.stub_token).toMatch(/^stub_./);
    // The registered dialects keep theirs.
    expect(created.bringg.client_id).toBeTruthy();
    expect(created.uber.customer_id).toBeTruthy();

    const device = `stub-device-${kind}`;
    const worker = `stub-worker-${kind}`;
    expect((await t.api.call('POST', '/workers', { worker_handle: worker, device_id: device })).statusCode).toBe(201);
    const handle = `stub-order-${kind}`;
    const track = await t.api.call('POST', '/orders/track', {
      worker_handle: worker,
      track_mode: 'on_time',
      orders: [{ order_handle: handle, destination: { geometry: { type: 'Point', coordinates: [DEST.lng, DEST.lat] } } }],
    });
    expect(track.statusCode, track.body).toBeLessThan(300);
    const before = await t.api.call('GET', `/stub/orders/${handle}/crossings`);
    expect(before.json()).toEqual({ order_handle: handle, status: 'ongoing', crossings: [] });

    clock.set(at(200));
    const fixes = [near(600), near(10), near(5), near(-500)].map((p, i) => ({ recorded_at: at(i * 60), ...p, accuracy: 5 }));
    const sent = await t.api.call('POST', `/devices/${device}/locations`, fixes);
    expect(sent.statusCode, sent.body).toBe(200);

    const after = await t.api.call('GET', `/stub/orders/${handle}/crossings`);
    expect(after.statusCode, after.body).toBe(200);
    expect(after.json().crossings).toEqual([
      { type: 'order_geofence_entered', recorded_at: at(60) },
      { type: 'order_geofence_exited', recorded_at: at(180) },
    ]);
  });

  it('its route is the account’s own: no credentials is 401, another account’s order is 404', async () => {
    const handle = `stub-order-${kind}`;
    expect((await t.app.inject({ method: 'GET', url: `/stub/orders/${handle}/crossings` })).statusCode).toBe(401);
    const other = await t.newAccount('stub-other');
    expect((await other.call('GET', `/stub/orders/${handle}/crossings`)).statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: `/stub/orders/${handle}/crossings`, headers: { authorization: basicAuth(other.accountId, 'wrong') } }))
        .statusCode,
    ).toBe(401);
  });

  it('the servers built from the list alone do not know it', async () => {
    const plain = await startTestApi(kind, { clock });
    try {
      expect((await plain.api.call('GET', '/stub/orders/x/crossings')).statusCode).toBe(404);
      expect(Object.keys(await createAccount(plain.deps, 'plain'))).not.toContain('stub');
    } finally {
      await plain.close();
    }
  });
});
