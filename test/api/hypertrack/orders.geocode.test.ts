import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineRegionLookup } from '../../../src/services/regions/offline-region-lookup.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { createWorker, orderItem, snapshot, uniq, unplannedOrder } from '../../helpers/fixtures.ts';
import { type GeocoderServer, startGeocoderServer } from '../../helpers/geocoder-server.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

const STORY_RD = { label: '748 Story Rd, San Jose, CA 95112', lng: -121.8610066, lat: 37.3263062 };
const NOWHERE = { address: '1 Nowhere Lane Qzxv' };

describe.each(STORE_KINDS)('HyperTrack destinations given as an address are geocoded, on %s', (kind) => {
  const regions = createOfflineRegionLookup();
  let geocoder: GeocoderServer;
  let t: TestApi;
  let offline: TestApi;

  beforeAll(async () => {
    geocoder = await startGeocoderServer('photon', [STORY_RD]);
    regions.searchPlaces('warm up', 1);
    t = await startTestApi(kind, { regions, geocoderUrl: geocoder.url });
    offline = await startTestApi(kind, { regions });
  });
  afterAll(async () => {
    await t?.close();
    await offline?.close();
    await geocoder?.close();
  });

  it('POST /orders and /orders/track place an address-only destination where the geocoder puts it, radius 100 m', async () => {
    const h = uniq('o');
    const r = await t.api.call('POST', '/orders', { plan_mode: 'manual', orders: [orderItem(h, { destination: { address: STORY_RD.label } })] });
    expect(r.statusCode, r.body).toBe(201);
    expect((await snapshot(t.api, h)).destination).toMatchObject({
      geometry: { type: 'Point', coordinates: [STORY_RD.lng, STORY_RD.lat] },
      address: STORY_RD.label,
      radius: 100,
    });
    expect(geocoder.queries).toContain(STORY_RD.label.toLowerCase());
    const w = await createWorker(t.api);
    const tracked = uniq('o');
    const tr = await t.api.call('POST', '/orders/track', {
      worker_handle: w.workerHandle,
      track_mode: 'on_time',
      orders: [orderItem(tracked, { destination: { address: '748 Story Rd', radius: 50 } })],
    });
    expect(tr.statusCode, tr.body).toBe(201);
    expect((await snapshot(t.api, tracked)).destination).toMatchObject({ geometry: { coordinates: [STORY_RD.lng, STORY_RD.lat] }, radius: 50 });
  });

  it('PATCH /orders/{h} with an address alone moves the destination; offline a town is its GeoNames place', async () => {
    const h = await unplannedOrder(offline.api);
    const r = await offline.api.call('PATCH', `/orders/${h}`, { destination: { address: 'Oakland, California' } });
    expect(r.statusCode, r.body).toBe(200);
    const [lng, lat] = (await snapshot(offline.api, h)).destination.geometry.coordinates;
    expect(lat).toBeCloseTo(37.8, 1);
    expect(lng).toBeCloseTo(-122.27, 1);
  });

  it('an address nothing can place is the 422 naming the field, and nothing is written', async () => {
    for (const api of [t.api, offline.api]) {
      const h = uniq('o');
      const r = await api.call('POST', '/orders', { plan_mode: 'manual', orders: [orderItem(uniq('ok')), orderItem(h, { destination: NOWHERE })] });
      expect(r.statusCode).toBe(422);
      expect(r.json()).toEqual({
        detail: { json: { 'orders.1.destination.address': [expect.stringContaining('could not be located')] } },
        message: 'Validation error',
      });
      expect((await api.call('GET', `/orders/${h}`)).statusCode).toBe(404);
    }
    const h = await unplannedOrder(t.api);
    const before = await snapshot(t.api, h);
    const r = await t.api.call('PATCH', `/orders/${h}`, { destination: NOWHERE });
    expect(r.statusCode).toBe(422);
    expect(Object.keys(r.json().detail.json)).toEqual(['destination.address']);
    expect(await snapshot(t.api, h)).toEqual(before);
  });

  it('a destination with neither geometry nor address is still the schema 422', async () => {
    const r = await t.api.call('POST', '/orders', { plan_mode: 'manual', orders: [orderItem(uniq('o'), { destination: { address: '  ' } })] });
    expect(r.statusCode).toBe(422);
    expect(r.json().detail.json['orders.0.destination.geometry'][0]).toMatch(/or destination.address is required/);
  });

  it('GET /orders/estimate takes an address-only stop', async () => {
    const stops = [{ destination: { address: STORY_RD.label } }, { destination: { address: 'Oakland, California' } }];
    const r = await t.api.call('GET', `/orders/estimate?orders=${encodeURIComponent(JSON.stringify(stops))}`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().start_location.coordinates).toEqual([STORY_RD.lng, STORY_RD.lat]);
    const bad = await t.api.call('GET', `/orders/estimate?orders=${encodeURIComponent(JSON.stringify([{ destination: NOWHERE }]))}`);
    expect(bad.statusCode).toBe(422);
    expect(Object.keys(bad.json().detail.query)).toEqual(['orders']);
  });
});
