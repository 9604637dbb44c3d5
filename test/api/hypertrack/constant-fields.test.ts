import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineRegionLookup } from '../../../src/services/regions/offline-region-lookup.ts';
import { sweepRisks } from '../../../src/services/tracking/sweep-risks.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { TestClock } from '../../helpers/clock.ts';
import { type ConstantAllowList, FieldVariety } from '../../helpers/constant-fields.ts';
import { uniq } from '../../helpers/fixtures.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

type Json = Record<string, any>;
// One instance for the file: the first lookup loads ~1 s of data.
const regions = createOfflineRegionLookup();

const T0 = Date.parse('2030-01-01T08:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

/** Destinations in three cities, one of them a polygon. */
const SAN_JOSE = { geometry: { type: 'Point', coordinates: [-121.8610066, 37.3263062] }, address: '748 Story Rd, San Jose, CA 95112', radius: 100 };
/** About 330 m north of SAN_JOSE: outside its geofence. */
const SAN_JOSE_NORTH = { geometry: { type: 'Point', coordinates: [-121.8610066, 37.3293062] }, radius: 80 };
const VANCOUVER = { geometry: { type: 'Point', coordinates: [-123.1207, 49.2827] }, address: 'Robson St, Vancouver' };
const SF = { geometry: { type: 'Point', coordinates: [-122.4194, 37.7749] }, radius: 60 };
const OAKLAND_BLOCK = {
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [-122.275, 37.8],
        [-122.265, 37.8],
        [-122.265, 37.81],
        [-122.275, 37.81],
        [-122.275, 37.8],
      ],
    ],
  },
  address: 'Oakland block',
};

/** Every native operation outside webhooks, order tasks, streams and settings; each must be in the scenario. */
const OPERATIONS = [
  'POST /workers',
  'GET /workers',
  'GET /workers/:h',
  'PATCH /workers/:h',
  'DELETE /workers/:h',
  'POST /workers/:h/undelete',
  'POST /workers/:h/work_status',
  'POST /devices/:id/locations',
  'POST /devices/:id/token',
  'POST /orders',
  'POST /orders/track',
  'GET /orders',
  'GET /orders/:h',
  'PATCH /orders/:h',
  'POST /orders/:h/cancel',
  'POST /orders/:h/complete',
  'POST /orders/:h/disable',
  'POST /orders/:h/enable',
  'POST /orders/:h/reassign',
  'POST /orders/:h/reschedule',
  'POST /orders/:h/lock',
  'POST /orders/:h/unlock',
  'GET /orders/routes/:h',
  'POST /orders/routes/:h/reassign',
  'POST /orders/routes/:h/complete',
];

/**
 * Fields that stay the same across the scenario, each with why that is right. Keys name the kind
 * of object answered (every operation's orders are pooled under `order`, routes under `route`…).
 */
const ALLOWED: ConstantAllowList = {
  'order polyline.type': 'GeoJSON: a polyline is always a LineString',
  'order start_location.type': 'GeoJSON: a location is always a Point',
  'order end_location.type': 'GeoJSON: a location is always a Point',
  'route estimate.polyline.type': 'GeoJSON: the planned path is always a LineString',
  'route estimate.start_location.type': 'GeoJSON: a location is always a Point',
  'route estimate.end_location.type': 'GeoJSON: a location is always a Point',
  'order timeline[].location.geometry.type': 'GeoJSON: a fix is always a Point',
  'worker home.geometry.type': 'GeoJSON: a home is always a Point',
  'worker schedule[].priority': 'HyperTrack schedule priority: only null is accepted (merged shifts leave nothing to rank)',
};

describe.each(STORE_KINDS)('native fields that never vary across a scenario on %s', (kind) => {
  let t: TestApi;
  const clock = new TestClock(new Date(T0));
  const seen = new FieldVariety();
  const called = new Set<string>();

  beforeAll(async () => {
    t = await startTestApi(kind, { clock, regions });
  }, 30_000);
  afterAll(() => t.close());

  /** Records an answer's objects by kind: orders wherever they appear, routes without their orders. */
  function recordBody(body: Json) {
    if (Array.isArray(body.orders) && !('route_handle' in body && 'version' in body)) {
      for (const o of body.orders) seen.record('order', o);
      const { orders: _orders, ...envelope } = body;
      if ('pagination_token' in envelope) seen.record('orders page', envelope);
      return;
    }
    if ('version' in body && 'route_handle' in body) {
      const { orders, ...route } = body;
      seen.record('route', route);
      for (const o of orders as Json[]) seen.record('order', o);
      return;
    }
    if (Array.isArray(body.workers)) {
      for (const w of body.workers) seen.record('worker', w);
      const { workers: _workers, ...envelope } = body;
      seen.record('workers page', envelope);
      return;
    }
    if ('worker_handle' in body && 'work_status' in body) return seen.record('worker', body);
    if ('order_handle' in body) return seen.record('order', body);
    if ('accepted' in body) return seen.record('ingest', body);
    if ('token' in body) return seen.record('device token', body);
    throw new Error(`unrecognised answer ${JSON.stringify(body).slice(0, 200)}`);
  }

  /** Calls an operation, expects success, records its answer. */
  async function call(op: string, method: string, url: string, body?: unknown): Promise<Json> {
    clock.advance(3_000);
    const r = await t.api.call(method, url, body);
    expect(r.statusCode, `${op}: ${r.body}`).toBeLessThan(300);
    called.add(op);
    if (r.statusCode === 204) return {};
    const json = r.json() as Json;
    recordBody(json);
    return json;
  }

  async function fixes(deviceId: string, points: { s: number; lng: number; lat: number; speed?: number; battery?: number }[]) {
    clock.set(at(points.at(-1)!.s + 1));
    const body = points.map((p) => ({
      recorded_at: at(p.s),
      lat: p.lat,
      lng: p.lng,
      accuracy: 5,
      speed: p.speed ?? 5,
      battery: p.battery ?? 80,
      altitude: 10 + p.s / 100,
    }));
    return call('POST /devices/:id/locations', 'POST', `/devices/${deviceId}/locations`, body);
  }

  it('walks every answer field of the orders, routes, workers and devices operations through a varied scenario', async () => {
    // Workers: different names, profiles, ops groups, product types; one without a device.
    const w1 = uniq('w1');
    const w2 = uniq('w2');
    const w3 = uniq('w3');
    const dev1 = uniq('DEV1');
    const dev2 = uniq('DEV2');
    await call('POST /workers', 'POST', '/workers', {
      worker_handle: w1,
      name: 'Ann',
      device_id: dev1,
      profile: { zone: 'south', van: true },
      ops_group_handle: 'store-sj',
      product_types: ['parcels'],
      home: { address: '777 Story Rd, San Jose', geometry: { type: 'Point', coordinates: [-121.8624, 37.3304] } },
      schedule: [{ day_of_week: 'MONDAY', start_time: '09:00', end_time: '17:00' }],
      unavailable_on: ['2030-01-09'],
      timezone: 'America/Los_Angeles',
    });
    await call('POST /workers', 'POST', '/workers', {
      worker_handle: w2,
      name: 'Bo',
      device_id: dev2,
      profile: { zone: 'north' },
      product_types: ['flowers', 'cakes'],
      home: { address: '1 Market St, San Jose', geometry: { type: 'Point', coordinates: [-121.89, 37.33] } },
      schedule: [{ day_of_week: 'TUESDAY', start_time: '22:00', end_time: '06:00', ops_group_handle: 'store-sj' }],
      unavailable_on: ['2030-02-14'],
    });
    await call('POST /workers', 'POST', '/workers', { worker_handle: w3 });
    await call('PATCH /workers/:h', 'PATCH', `/workers/${w3}`, { name: 'Cy', device_id: uniq('DEV3'), ops_group_handle: 'store-sf' });
    await call('PATCH /workers/:h', 'PATCH', `/workers/${w3}`, { device_id: uniq('DEV3b') });
    await call('POST /workers/:h/work_status', 'POST', `/workers/${w2}/work_status`, { available: false });
    await call('POST /workers/:h/work_status', 'POST', `/workers/${w2}/work_status`, { available: true });
    await call('POST /devices/:id/token', 'POST', `/devices/${dev1}/token`, {});
    await call('POST /devices/:id/token', 'POST', `/devices/${dev2}/token`, {});

    // Route A: two stops tracked by w1, driven to the first, which is completed there; the second is
    // cancelled by completing the route (below).
    const a1 = uniq('a1');
    const a2 = uniq('a2');
    const a3 = uniq('a3');
    const routeA = await call('POST /orders/track', 'POST', '/orders/track', {
      worker_handle: w1,
      track_mode: 'on_time',
      ops_group_handle: 'store-sj',
      route: { metadata: { shift: 'am' } },
      orders: [
        {
          order_handle: a1,
          destination: SAN_JOSE,
          scheduled_at: at(1800),
          metadata: { customerID: '1' },
          expected_service_time: 120,
          capacity_used: 2,
          priority: 'high',
          product_type: ['parcels'],
        },
        { order_handle: a3, destination: SAN_JOSE_NORTH, scheduled_at: at(900), metadata: { customerID: '4' }, type_index: 1 },
        { order_handle: a2, destination: SF, scheduled_at: at(400), scheduled_after: at(60), metadata: {}, type: 'pick' },
      ],
    });
    const [lng, lat] = SAN_JOSE.geometry.coordinates as [number, number];
    const north = SAN_JOSE_NORTH.geometry.coordinates[1] as number;
    const approach = [
      { s: 100, lng: lng - 0.02, lat, speed: 12 },
      { s: 160, lng: lng - 0.01, lat, speed: 10 },
    ];
    await fixes(dev1, approach);
    await fixes(dev1, approach);
    await fixes(dev1, [
      { s: 220, lng, lat, speed: 1, battery: 40 },
      { s: 280, lng, lat: lat + 0.00001, speed: 0, battery: 39 },
      { s: 340, lng, lat: north, speed: 3, battery: 38 },
      { s: 400, lng, lat: north + 0.00001, speed: 0, battery: 37 },
      { s: 410, lng: 0, lat: 0 },
    ]);
    await call('GET /workers/:h', 'GET', `/workers/${w1}`);
    await call('GET /orders/:h', 'GET', `/orders/${a1}`);
    await call('GET /orders/routes/:h', 'GET', `/orders/routes/${routeA.route_handle}`);
    await call('POST /orders/:h/complete', 'POST', `/orders/${a1}/complete`, { metadata: { signedBy: 'Ann' } });
    await call('POST /orders/:h/complete', 'POST', `/orders/${a3}/complete`, {});
    // Later, far from the pickup, then a phone that is seen without usable fixes: risks rise.
    // Heading south-east, away from the San Francisco pickup, then seen without usable fixes, then silent.
    await fixes(dev1, [
      { s: 500, lng: lng + 0.01, lat: lat - 0.01, speed: 20 },
      { s: 600, lng: lng + 0.03, lat: lat - 0.03, speed: 20, battery: 8 },
    ]);
    await call('GET /orders/:h', 'GET', `/orders/${a2}?type=pick`);
    await fixes(dev1, [{ s: 1400, lng: 0, lat: 0 }]);
    clock.set(at(1500));
    await sweepRisks(t.deps);
    await call('GET /orders/:h', 'GET', `/orders/${a2}?type=pick`);
    clock.set(at(3000));
    await sweepRisks(t.deps);
    await call('GET /orders/:h', 'GET', `/orders/${a2}?type=pick`);

    // B: unplanned polygon order, edited, assigned to w2, dispatched pre-shift, disabled, enabled, rescheduled.
    const b = uniq('b');
    await call('POST /orders', 'POST', '/orders', {
      plan_mode: 'manual',
      orders: [{ order_handle: b, destination: OAKLAND_BLOCK, scheduled_at: at(7200), metadata: { customerID: '2' } }],
    });
    await call('PATCH /orders/:h', 'PATCH', `/orders/${b}`, {
      metadata: { customerID: '2', floor: 3 },
      expected_service_time: 300,
      capacity_used: 4,
      product_type: ['cakes'],
    });
    await call('POST /orders/:h/lock', 'POST', `/orders/${b}/lock`, {});
    await call('POST /orders/:h/unlock', 'POST', `/orders/${b}/unlock`, {});
    const assignedB = await call('POST /orders/:h/reassign', 'POST', `/orders/${b}/reassign`, { worker_handle: w2 });
    await call('POST /orders/track', 'POST', '/orders/track', { track_mode: 'pre_shift', route_handle: assignedB.route_handle });
    await call('POST /orders/:h/disable', 'POST', `/orders/${b}/disable`, {});
    await call('POST /orders/:h/enable', 'POST', `/orders/${b}/enable`, {});
    await call('POST /orders/:h/cancel', 'POST', `/orders/${b}/cancel`, {});
    await call('POST /orders/:h/reschedule', 'POST', `/orders/${b}/reschedule`, { scheduled_at: at(90_000), scheduled_after: at(86_400) });
    await call('POST /orders/:h/reassign', 'POST', `/orders/${b}/reassign`, { worker_handle: w1 });
    await call('POST /orders/:h/cancel', 'POST', `/orders/${b}/cancel`, {});
    await call('POST /orders/:h/reschedule', 'POST', `/orders/${b}/reschedule`, { scheduled_at: at(180_000) });

    // C: created on a route for w2, moved to w3, the route completed with C open (cancelled).
    const c = uniq('c');
    const routeC = await call('POST /orders', 'POST', '/orders', {
      plan_mode: 'scheduled',
      worker_handle: w2,
      orders: [{ order_handle: c, destination: VANCOUVER, scheduled_at: at(5000), metadata: { customerID: '3' } }],
    });
    await call('POST /orders/routes/:h/reassign', 'POST', `/orders/routes/${routeC.route_handle}/reassign`, { worker_handle: w3 });
    await call('POST /orders/routes/:h/reassign', 'POST', `/orders/routes/${routeC.route_handle}/reassign`, { worker_handle: w2 });
    await call('POST /orders/routes/:h/complete', 'POST', `/orders/routes/${routeC.route_handle}/complete`, {});
    await call('POST /orders/routes/:h/complete', 'POST', `/orders/routes/${routeA.route_handle}/complete`, {});
    await call('GET /orders/routes/:h', 'GET', `/orders/routes/${assignedB.route_handle}`);
    await call('POST /orders/:h/reschedule', 'POST', `/orders/${c}/reschedule`, { scheduled_at: at(100_000) });

    // Lists, in pages.
    const page = await call('GET /orders', 'GET', '/orders?limit=2');
    await call('GET /orders', 'GET', `/orders?limit=2&pagination_token=${page.pagination_token}`);
    await call('GET /orders', 'GET', '/orders?status=completed,cancelled&sort_direction=asc');
    const workers = await call('GET /workers', 'GET', '/workers?limit=2');
    await call('GET /workers', 'GET', `/workers?pagination_token=${workers.pagination_token}`);
    await call('GET /workers/:h', 'GET', `/workers/${w1}`);
    await call('GET /workers/:h', 'GET', `/workers/${w2}`);
    await call('DELETE /workers/:h', 'DELETE', `/workers/${w3}`);
    await call('GET /workers', 'GET', '/workers?include_deleted=true');
    await call('POST /workers/:h/undelete', 'POST', `/workers/${w3}/undelete`);
    await call('POST /workers/:h/undelete', 'POST', `/workers/${w3}/undelete`);

    expect([...called].sort()).toEqual([...OPERATIONS].sort());
    expect(
      seen.problems(ALLOWED, ['order', 'route', 'worker', 'orders page', 'workers page', 'ingest', 'device token']),
      'fields that never varied, and stale allow-list entries',
    ).toEqual([]);
  }, 60_000);
});
