import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haversine } from '../../../src/core/geo.ts';
import { GreatCircleProvider } from '../../../src/core/tracking/eta.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { TestClock } from '../../helpers/clock.ts';
import { uniq } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

type P = [number, number];
const T0 = new Date('2030-01-01T08:00:00.000Z');
const HOME: P = [-121.9, 37.33];
const A: P = [-121.85, 37.33];
const B: P = [-121.8, 37.33];
const stop = (p: P, extra: Record<string, unknown> = {}) => ({ destination: { geometry: { type: 'Point', coordinates: p } }, ...extra });
const query = (stops: unknown, extra = '') => `/orders/estimate?orders=${encodeURIComponent(JSON.stringify(stops))}${extra}`;

describe.each(STORE_KINDS)('GET /orders/estimate on %s', (kind) => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi(kind, { clock: new TestClock(T0) });
  });
  afterAll(() => t.close());

  const { detourFactor, defaultSpeedMps } = new GreatCircleProvider().options;
  const metres = (a: P, b: P) => haversine(a, b) * detourFactor;
  const rowCounts = async () =>
    (
      await sql<{ n: number }>`select (select count(*) from orders) + (select count(*) from routes) + (select count(*) from webhook_events) as n`.execute(
        t.deps.store.db,
      )
    ).rows[0]!.n;

  it('estimates the stops in order from the first one, waiting and service included; nothing is stored', async () => {
    const before = await rowCounts();
    const r = await t.api.call(
      'GET',
      query([stop(A, { expected_service_time: 120 }), stop(B, { scheduled_after: '2030-01-01T09:00:00.000Z', scheduled_at: '2030-01-01T10:00:00.000Z' })]),
    );
    expect(r.statusCode, r.body).toBe(200);
    const drive = metres(A, B) / defaultSpeedMps;
    // Arrives at B after 120 s of service and the drive, then waits for 09:00: the whole hour is the
    // duration. The departure may slip by that wait plus B's hour until 10:00.
    const waited = 3600 - 120 - drive;
    expect(r.json()).toEqual({
      start_by: new Date(Math.round(T0.getTime() + (3600 + waited) * 1000)).toISOString(),
      distance: Math.round(metres(A, B)),
      duration: 3600,
      polyline: { type: 'LineString', coordinates: [A, B] },
      start_location: { type: 'Point', coordinates: A },
      end_location: { type: 'Point', coordinates: B },
    });
    expect(await rowCounts()).toBe(before);
  });

  it("starts at the named worker's home; another account's worker is a 404", async () => {
    const w = uniq('w');
    expect(
      (await t.api.call('POST', '/workers', { worker_handle: w, home: { address: null, geometry: { type: 'Point', coordinates: HOME } } })).statusCode,
    ).toBe(201);
    const r = await t.api.call('GET', query([stop(A), stop(B)], `&worker_handle=${w}`));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      distance: Math.round(metres(HOME, A) + metres(A, B)),
      duration: Math.round((metres(HOME, A) + metres(A, B)) / defaultSpeedMps),
      start_location: { coordinates: HOME },
      polyline: { coordinates: [HOME, A, B] },
    });
    const other = await t.newAccount();
    const x = await other.call('GET', query([stop(A)], `&worker_handle=${w}`));
    expect(x.statusCode).toBe(404);
    expect(x.json()).toMatchObject({ code: 'driver_not_found' });
  });

  it('refuses a missing, malformed or empty stop list with the ValidationError body', async () => {
    for (const url of ['/orders/estimate', '/orders/estimate?orders=nope', query([]), query([{ destination: {} }]), query([stop(A, { extra: 1 })])]) {
      const r = await t.api.call('GET', url);
      expect(r.statusCode, url).toBe(422);
      expect(Object.keys(r.json().detail.query), url).toEqual(['orders']);
    }
  });
});
