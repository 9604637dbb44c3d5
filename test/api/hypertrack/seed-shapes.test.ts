import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineRegionLookup } from '../../../src/services/regions/offline-region-lookup.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { TestClock } from '../../helpers/clock.ts';
import { seedBodies } from '../../helpers/seeds.ts';
import { shapeDiff } from '../../helpers/shape.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

type Json = Record<string, unknown>;
const seedCancel = seedBodies('000_46f5ed1ae28a6335.txt')[0] as Json;
const seedComplete = seedBodies('002_f60d4c7622261269.txt')[0] as Json;
const regions = createOfflineRegionLookup();

const DEVICE = '52193948-1A79-47CC-AB81-2FB0A59536D1';

/** The fixes of the seeds' polylines: [lng, lat, altitude, recorded_at]. */
const fixesOf = (seed: Json) =>
  ((seed.polyline as Json).coordinates as [number, number, number, string][]).map(([lng, lat, altitude, at]) => ({
    recorded_at: at,
    lng,
    lat,
    altitude,
    accuracy: 5,
  }));

const lifecycleTypes = (timeline: Json[]) => timeline.map((e) => e.type as string).filter((t) => t.startsWith('order_'));

describe.each(STORE_KINDS)('seed shapes on %s', (kind) => {
  let t: TestApi;
  const clock = new TestClock();

  beforeAll(async () => {
    t = await startTestApi(kind, { clock, regions });
    const r = await t.api.call('POST', '/workers', { worker_handle: 'James', name: 'James', device_id: DEVICE });
    expect(r.statusCode).toBe(201);
  });
  afterAll(() => t.close());

  it('seed 000: track → locations → disable → cancel returns the seed body shape', async () => {
    const seed = seedCancel;
    clock.set('2023-10-25T17:54:42.233Z');
    const track = await t.api.call('POST', '/orders/track', {
      worker_handle: 'James',
      track_mode: 'on_time',
      ops_group_handle: 'store-sf',
      orders: [
        {
          order_handle: 'order-1',
          type: 'drop',
          scheduled_at: '2023-10-26T02:30:00.000Z',
          destination: seed.destination,
          metadata: { customerID: '12654' },
        },
      ],
    });
    expect(track.statusCode, track.body).toBe(201);
    // The phone's fixes arrive as they are recorded; the last one at 01:34:24.
    clock.set('2023-10-26T01:34:25.000Z');
    const ingest = await t.api.call('POST', `/devices/${DEVICE}/locations`, { locations: fixesOf(seed) });
    expect(ingest.json()).toEqual({ accepted: 5, duplicates: 0, dropped: {} });
    clock.set('2023-10-26T01:32:43.721Z');
    expect((await t.api.call('POST', '/orders/order-1/disable', {})).statusCode).toBe(200);
    clock.set('2023-10-26T01:37:03.650Z');
    const res = await t.api.call('POST', '/orders/order-1/cancel?type=drop&type_index=0&fulfillment_attempt=0', {});
    expect(res.statusCode).toBe(200);
    const body = res.json() as Json;
    expect(shapeDiff(body, seed)).toEqual([]);
    expect(body.status).toBe('cancelled');
    expect(body.region).toEqual(seed.region);
    expect(body.duration).toBe(seed.duration);
    expect(body.distance).toBe(0);
    expect((body.polyline as Json).coordinates).toEqual((seed.polyline as Json).coordinates);
    expect(body.start_location).toEqual(seed.start_location);
    expect(body.end_location).toEqual(seed.end_location);
    expect(lifecycleTypes(body.timeline as Json[])).toEqual(lifecycleTypes(seed.timeline as Json[]));
  });

  it('seed 002: plan with worker → track route → location → complete returns the seed body shape', async () => {
    const seed = seedComplete;
    clock.set('2023-10-25T17:54:42.233Z');
    const created = await t.api.call('POST', '/orders', {
      plan_mode: 'manual',
      worker_handle: 'James',
      ops_group_handle: 'store-SF',
      orders: [
        {
          order_handle: 'order-2',
          type: 'pick',
          scheduled_at: '2023-10-26T02:00:00.000Z',
          destination: seed.destination,
          metadata: { customerID: '12654' },
        },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    clock.set('2023-10-26T01:28:21.925Z');
    const track = await t.api.call('POST', '/orders/track', {
      track_mode: 'on_time',
      route_handle: created.json().route_handle,
    });
    expect(track.statusCode, track.body).toBe(201);
    clock.set('2023-10-26T01:39:25.000Z');
    const sent = await t.api.call('POST', `/devices/${DEVICE}/locations`, fixesOf(seed));
    expect(sent.json()).toEqual({ accepted: 1, duplicates: 0, dropped: {} });
    clock.set('2023-10-26T01:39:45.503Z');
    const res = await t.api.call('POST', '/orders/order-2/complete', {});
    expect(res.statusCode).toBe(200);
    const body = res.json() as Json;
    expect(shapeDiff(body, seed)).toEqual([]);
    expect(body.status).toBe('completed');
    expect(body.region).toEqual(seed.region);
    expect(body.duration).toBe(seed.duration);
    expect(body.deviation_from_destination).toBe(seed.deviation_from_destination);
    expect(body.completed_at_destination).toBe(false);
    expect(lifecycleTypes(body.timeline as Json[])).toEqual(lifecycleTypes(seed.timeline as Json[]));
  });

  it('GET returns the same body as the action did', async () => {
    const res = await t.api.call('GET', '/orders/order-2');
    expect(shapeDiff(res.json(), seedComplete)).toEqual([]);
  });
});
