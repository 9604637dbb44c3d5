import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geohashCell } from '../../../src/core/geohash.ts';
import { createOfflineRegionLookup } from '../../../src/services/regions/offline-region-lookup.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { TestClock } from '../../helpers/clock.ts';
import { orderItem, SAN_JOSE, uniq } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

type Json = Record<string, any>;
// One instance for the file: the first lookup loads ~1 s of data.
const regions = createOfflineRegionLookup();

/** A square around Berlin Mitte (centroid 13.4, 52.5) and a point in Paris. */
const BERLIN_SQUARE = {
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [13.39, 52.49],
        [13.41, 52.49],
        [13.41, 52.51],
        [13.39, 52.51],
        [13.39, 52.49],
      ],
    ],
  },
};
const PARIS = { geometry: { type: 'Point', coordinates: [2.35, 48.85] }, radius: 50 };

const inCell = (hash: string, [lng, lat]: number[]) => {
  const c = geohashCell(hash)!;
  return lng! >= c.minLng && lng! < c.maxLng && lat! >= c.minLat && lat! < c.maxLat;
};

/**
 * GET /orders filters of HyperTrack reference §3, each narrowing in SQL: three orders of one batch
 * (scoped by order_metadata_filter) that differ in every filtered property.
 */
describe.each(STORE_KINDS)('GET /orders filters on %s', (kind) => {
  let t: TestApi;
  const clock = new TestClock(new Date('2030-01-01T08:00:00.000Z'));
  const tag = uniq('filters');
  const zone = uniq('zone');
  const o1 = `${tag}-tracked`;
  const o2 = `${tag}-berlin`;
  const o3 = `${tag}-paris`;
  const scope = `order_metadata_filter=${encodeURIComponent(JSON.stringify({ batch: tag }))}`;
  let tracked: Json;

  async function worker(profile: Json) {
    const handle = uniq('w');
    const r = await t.api.call('POST', '/workers', { worker_handle: handle, device_id: uniq('dev').toUpperCase(), profile });
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as Json;
  }
  async function handles(query: string): Promise<string[]> {
    const r = await t.api.call('GET', `/orders?${scope}&${query}`);
    expect(r.statusCode, `${query}: ${r.body}`).toBe(200);
    return r
      .json()
      .orders.map((o: Json) => o.order_handle)
      .sort();
  }
  const refused = async (query: string, field: string) => {
    const r = await t.api.call('GET', `/orders?${scope}&${query}`);
    expect(r.statusCode, query).toBe(422);
    expect(Object.keys(r.json().detail.query), query).toEqual([field]);
  };

  beforeAll(async () => {
    t = await startTestApi(kind, { clock, regions });
    const north = await worker({ zone, van: true });
    const south = await worker({ zone: `${zone}-south` });
    // o1: tracked by `north`, its route started, fixes inside the destination; late on Jan 2 UTC.
    const r = await t.api.call('POST', '/orders/track', {
      worker_handle: north.worker_handle,
      track_mode: 'on_time',
      orders: [orderItem(o1, { metadata: { batch: tag }, scheduled_at: '2030-01-02T23:30:00.000Z' })],
    });
    expect(r.statusCode, r.body).toBe(201);
    const [lng, lat] = SAN_JOSE.geometry.coordinates as [number, number];
    const base = clock.now().getTime();
    const fixes = [1, 2, 3].map((i) => ({ recorded_at: new Date(base + i * 10_000).toISOString(), lat, lng, accuracy: 5 }));
    clock.advance(40_000);
    expect((await t.api.call('POST', `/devices/${north.device_id}/locations`, fixes)).statusCode).toBe(200);
    // o2: assigned to `south` (a device, no route started), a polygon in Berlin, early on Jan 2 UTC.
    const c2 = await t.api.call('POST', '/orders', {
      plan_mode: 'manual',
      worker_handle: south.worker_handle,
      orders: [orderItem(o2, { destination: BERLIN_SQUARE, metadata: { batch: tag }, scheduled_at: '2030-01-02T09:00:00.000Z' })],
    });
    expect(c2.statusCode, c2.body).toBe(201);
    // o3: unplanned in Paris, completed at once.
    const c3 = await t.api.call('POST', '/orders', {
      plan_mode: 'manual',
      orders: [orderItem(o3, { destination: PARIS, metadata: { batch: tag }, scheduled_at: '2030-01-05T10:00:00.000Z' })],
    });
    expect(c3.statusCode, c3.body).toBe(201);
    expect((await t.api.call('POST', `/orders/${o3}/complete`, {})).statusCode).toBe(200);
    tracked = (await t.api.call('GET', `/orders/${o1}`)).json();
  }, 30_000);
  afterAll(() => t.close());

  it('the scope alone lists all three', async () => {
    expect(await handles('')).toEqual([o2, o3, o1].sort());
  });

  it('region_filter matches the keys given, and nothing for a city without orders', async () => {
    expect(tracked.region).toEqual({ country: 'United States', state: 'California', city: 'San Jose' });
    expect(await handles(`region_filter=${encodeURIComponent(JSON.stringify({ city: tracked.region.city }))}`)).toEqual([o1]);
    expect(await handles(`region_filter=${encodeURIComponent(JSON.stringify({ country: tracked.region.country, city: tracked.region.city }))}`)).toEqual([o1]);
    expect(await handles(`region_filter=${encodeURIComponent('{"country":"Germany"}')}`)).toEqual([o2]);
    expect(await handles(`region_filter=${encodeURIComponent('{"city":"Nowhere"}')}`)).toEqual([]);
    await refused(`region_filter=${encodeURIComponent('{"zip":"95112"}')}`, 'region_filter');
    await refused('region_filter=city', 'region_filter');
  });

  it("worker_profile_filter matches the order's worker profile", async () => {
    expect(await handles(`worker_profile_filter=${encodeURIComponent(JSON.stringify({ zone }))}`)).toEqual([o1]);
    expect(await handles(`worker_profile_filter=${encodeURIComponent(JSON.stringify({ zone: `${zone}-south` }))}`)).toEqual([o2]);
    expect(await handles(`worker_profile_filter=${encodeURIComponent(JSON.stringify({ zone, van: false }))}`)).toEqual([]);
    await refused(`worker_profile_filter=${encodeURIComponent('[1]')}`, 'worker_profile_filter');
  });

  it('tracking_status splits orders with tracked fixes from the others, and pages right', async () => {
    expect(await handles('tracking_status=tracked')).toEqual([o1]);
    expect(await handles('tracking_status=untracked')).toEqual([o2, o3].sort());
    const first = (await t.api.call('GET', `/orders?${scope}&tracking_status=untracked&limit=1`)).json();
    expect(first.orders).toHaveLength(1);
    const second = (await t.api.call('GET', `/orders?${scope}&tracking_status=untracked&limit=1&pagination_token=${first.pagination_token}`)).json();
    expect([first.orders[0].order_handle, second.orders[0].order_handle].sort()).toEqual([o2, o3].sort());
    expect(second.pagination_token).toBeNull();
    expect(await handles('tracking_status=tracked&worker_handle=nobody')).toEqual([]);
    await refused('tracking_status=sometimes', 'tracking_status');
  });

  it('destination_geohash keeps the orders whose destination (a polygon by its centroid) lies in the cell', async () => {
    expect(inCell('9q9', SAN_JOSE.geometry.coordinates)).toBe(true);
    expect(inCell('u33', [13.4, 52.5])).toBe(true);
    expect(inCell('u09', PARIS.geometry.coordinates)).toBe(true);
    expect(await handles('destination_geohash=9q9')).toEqual([o1]);
    expect(await handles('destination_geohash=U33')).toEqual([o2]);
    expect(await handles('destination_geohash=u')).toEqual([o2, o3].sort());
    expect(await handles('destination_geohash=s00')).toEqual([]);
    await refused('destination_geohash=9qa', 'destination_geohash');
  });

  it('worker_inside_destination follows the geofence state', async () => {
    expect(tracked.arrived_at).toBeDefined();
    expect(await handles('worker_inside_destination=true')).toEqual([o1]);
    expect(await handles('worker_inside_destination=false')).toEqual([o2, o3].sort());
  });

  it('device_switch_mode=manual lists orders with a device; the modes Dropline never runs are refused', async () => {
    expect(await handles('device_switch_mode=manual')).toEqual([o1, o2].sort());
    expect(await handles('device_switch_mode=manual&status=completed')).toEqual([]);
    await refused('device_switch_mode=login', 'device_switch_mode');
    await refused('device_switch_mode=closest_to_destination', 'device_switch_mode');
  });

  it('route_started_at_* filter on the start of the order’s route', async () => {
    expect(await handles('route_started_at_date=2030-01-01')).toEqual([o1]);
    expect(await handles('route_started_at_from=2030-01-01%2007:00:00&route_started_at_to=2030-01-01%2009:00:00')).toEqual([o1]);
    expect(await handles('route_started_at_to=2001-01-01%2000:00:00')).toEqual([]);
    await refused('route_started_at_date=2030-02-30', 'route_started_at_date');
  });

  it('*_without_tz filters take the wall-clock day in any timezone (UTC-12 to UTC+14)', async () => {
    // 2030-01-02T23:30Z is January 3 east of UTC+00:30; 09:00Z is January 2 everywhere west of +15.
    expect(await handles('scheduled_at_date=2030-01-03')).toEqual([]);
    expect(await handles('scheduled_at_date_without_tz=2030-01-03')).toEqual([o1]);
    expect(await handles('scheduled_at_date_without_tz=2030-01-02')).toEqual([o1, o2].sort());
    expect(await handles('scheduled_at_without_tz_from=2030-01-03%2000:00:00&scheduled_at_without_tz_to=2030-01-03%2012:00:00')).toEqual([o1]);
    expect(await handles('scheduled_at_date_without_tz=2030-03-01')).toEqual([]);
    // Created 2030-01-01T08:00Z: still December 31 at UTC-12, so a bare `_to` date includes it.
    expect(await handles('created_at_to=2029-12-31%2023:59:59')).toEqual([]);
    expect(await handles('created_at_without_tz_to=2029-12-31')).toEqual([o1, o2, o3].sort());
    expect(await handles('created_at_without_tz_from=2030-01-02')).toEqual([]);
    expect(await handles('created_at_date_without_tz=2030-01-01')).toEqual([o1, o2, o3].sort());
    expect(await handles('completed_at_date_without_tz=2030-01-01')).toEqual([o3]);
    expect(await handles('completed_at_without_tz_from=2030-01-01%2020:00:00')).toEqual([o3]);
    expect(await handles('completed_at_without_tz_to=2029-12-31%2018:00:00')).toEqual([]);
    await refused('completed_at_without_tz_to=tomorrow', 'completed_at_without_tz_to');
  });

  it('filters Dropline cannot honour are refused with the field named', async () => {
    await refused('place_handle=store-1', 'place_handle');
    await refused('filter_outage_category=os', 'filter_outage_category');
    await refused('aggregate=true', 'aggregate');
    await refused('send_outage=true', 'send_outage');
    expect(await handles('aggregate=false&send_outage=false')).toEqual([o1, o2, o3].sort());
  });

  it('JSON filters PostgreSQL could not compare are refused, not a 500', async () => {
    for (const field of ['region_filter', 'worker_profile_filter', 'order_metadata_filter']) {
      const r = await t.api.call('GET', `/orders?${field}=${encodeURIComponent('{"city":"a\\u0000b"}')}`);
      expect(r.statusCode, field).toBe(422);
      expect(r.json().detail.query, field).toEqual({ [field]: ['city: Must not contain a NUL character (\\u0000)'] });
    }
  });
});
