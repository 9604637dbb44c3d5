import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineRegionLookup } from '../../../src/services/regions/offline-region-lookup.ts';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { type GeocoderServer, startGeocoderServer } from '../../helpers/geocoder-server.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';
import { deliveryReq, quoteReq, sdkError, structured, uberClient, type UberTestClient } from '../../helpers/uber.ts';

type Waypoint = { location: { lat: number; lng: number } };
type Delivery = { id: string; pickup: Waypoint; dropoff: Waypoint };

// The formatted form of structured('425 Market St'), as the geocoder is asked it.
const DROPOFF = { label: '425 Market St, San Francisco, CA 94103, US', lng: -122.3981, lat: 37.7907 };

const withoutDropoffPoint = (extra: Record<string, unknown> = {}) => {
  const { dropoff_latitude: _a, dropoff_longitude: _b, ...req } = deliveryReq(extra);
  return req;
};

describe.each(STORE_KINDS)('Uber Direct creates geocode an address sent without coordinates, on %s', (kind) => {
  const regions = createOfflineRegionLookup();
  let geocoder: GeocoderServer;
  let t: TestApi;
  let u: UberTestClient;
  let offline: TestApi;
  let uo: UberTestClient;
  const count = async (c: UberTestClient) => ((await c.client.listDeliveries({ limit: 200 } as never)) as { data: unknown[] }).data.length;

  beforeAll(async () => {
    geocoder = await startGeocoderServer('nominatim', [DROPOFF]);
    regions.searchPlaces('warm up', 1);
    t = await startTestApi(kind, { regions, geocoderUrl: geocoder.url });
    u = await uberClient(t);
    offline = await startTestApi(kind, { regions });
    uo = await uberClient(offline);
  });
  afterAll(async () => {
    await t?.close();
    await offline?.close();
    await geocoder?.close();
  });

  it('a dropoff_address alone is placed where the configured geocoder puts it, in a quote and a delivery', async () => {
    const { dropoff_latitude: _a, dropoff_longitude: _b, ...quote } = quoteReq();
    const q = (await u.client.createQuote(quote as never)) as { id: string; dropoff_eta: string };
    expect(q.id).toMatch(/^dqt_/);
    const d = (await u.client.createDelivery(withoutDropoffPoint() as never)) as Delivery;
    expect(d.dropoff.location).toEqual({ lat: DROPOFF.lat, lng: DROPOFF.lng });
    expect(geocoder.queries).toContain(DROPOFF.label.toLowerCase());
    const got = (await u.client.getDelivery(d.id)) as Delivery;
    expect(got.dropoff.location).toEqual({ lat: DROPOFF.lat, lng: DROPOFF.lng });
  });

  it('without a street geocoder a town name is placed at the GeoNames place, offline', async () => {
    const { pickup_latitude: _a, pickup_longitude: _b, ...req } = deliveryReq({ pickup_address: 'Oakland, California' });
    const d = (await uo.client.createDelivery(req as never)) as Delivery;
    expect(d.pickup.location.lat).toBeCloseTo(37.8, 1);
    expect(d.pickup.location.lng).toBeCloseTo(-122.27, 1);
  });

  it('an address nobody can place is unknown_location naming the field, and nothing is written', async () => {
    for (const c of [u, uo]) {
      const before = await count(c);
      const e = await sdkError(c.client.createDelivery(withoutDropoffPoint({ dropoff_address: structured('1 Nowhere Lane Qzxv') }) as never));
      expect(e).toMatchObject({ status: 400, code: 'unknown_location', metadata: { dropoff_address: expect.stringContaining('could not be located') } });
      expect(await count(c)).toBe(before);
    }
    const { pickup_latitude: _a, pickup_longitude: _b, ...quote } = quoteReq({ pickup_address: 'Qzxvplk' });
    const e = await sdkError(uo.client.createQuote(quote as never));
    expect(e).toMatchObject({ status: 400, code: 'unknown_location', metadata: { pickup_address: expect.any(String) } });
  });

  it('one coordinate without the other is invalid_params naming it', async () => {
    const e = await sdkError(u.client.createQuote(quoteReq({ pickup_latitude: undefined }) as never));
    expect(e).toMatchObject({ status: 400, code: 'invalid_params', metadata: { pickup_latitude: expect.stringContaining('together') } });
  });
});
