import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineRegionLookup } from '../../../src/services/regions/offline-region-lookup.ts';
import { dashboardSession } from '../../helpers/dashboard-session.ts';
import { type GeocoderServer, startGeocoderServer } from '../../helpers/geocoder-server.ts';
import { startWebServer, type WebServer } from '../../helpers/web-server.ts';

const MARKET = { label: '1 Market Street, San Francisco', lng: -122.3949, lat: 37.7942 };

describe('GET /app/api/geocode (dashboard address search)', () => {
  const regions = createOfflineRegionLookup();
  let nominatim: GeocoderServer;
  let photon: GeocoderServer;
  let servers: { offline: WebServer; nominatim: WebServer; photon: WebServer; broken: WebServer };
  const cookies = new Map<WebServer, string>();
  const search = async (server: WebServer, q: string) => {
    if (!cookies.has(server)) cookies.set(server, (await dashboardSession(server)).cookie);
    const r = await fetch(`${server.url}/app/api/geocode?q=${encodeURIComponent(q)}`, { headers: { cookie: cookies.get(server)! } });
    return { status: r.status, json: (await r.json()) as any };
  };
  beforeAll(async () => {
    [nominatim, photon] = await Promise.all([startGeocoderServer('nominatim', [MARKET]), startGeocoderServer('photon', [MARKET])]);
    // The places load once (a worker thread decodes them), before four servers compete for the CPU.
    regions.searchPlaces('warm up', 1);
    servers = {
      offline: await startWebServer('pglite', { regions }),
      nominatim: await startWebServer('pglite', { regions, geocoderUrl: nominatim.url }),
      photon: await startWebServer('pglite', { regions, geocoderUrl: photon.url }),
      // Nothing listens on port 9 of loopback: the geocoder is down.
      broken: await startWebServer('pglite', { regions, geocoderUrl: 'http://127.0.0.1:9/search' }),
    };
  });
  afterAll(async () => {
    await Promise.all(Object.values(servers ?? {}).map((s) => s.close()));
    await nominatim?.close();
    await photon?.close();
  });

  it('finds towns offline by name, most populous first, with accents and case folded and a country after a comma', async () => {
    const r = await search(servers.offline, 'san jose');
    expect(r.status).toBe(200);
    const first = r.json.results[0];
    expect(first).toMatchObject({ kind: 'place' });
    expect(first.label).toMatch(/^San Jos[eé], /);
    const cr = await search(servers.offline, 'San José, CR');
    expect(cr.json.results[0].label).toMatch(/^San José, .*CR$/);
    expect(cr.json.results[0].lat).toBeCloseTo(9.93, 1);
    const us = await search(servers.offline, 'san jose, california');
    expect(us.json.results[0]).toMatchObject({ kind: 'place' });
    expect(us.json.results[0].lng).toBeCloseTo(-121.89, 1);
    expect(r.json.geocoder_error).toBeNull();
  });

  it('asks the configured geocoder for street addresses first, Nominatim- or Photon-shaped', async () => {
    for (const [server, upstream] of [
      [servers.nominatim, nominatim],
      [servers.photon, photon],
    ] as const) {
      const r = await search(server, '1 Market Street');
      expect(r.status).toBe(200);
      expect(r.json.results[0]).toEqual({ label: expect.stringContaining('1 Market Street'), lng: MARKET.lng, lat: MARKET.lat, kind: 'address' });
      expect(upstream.queries).toContain('1 market street');
    }
  });

  it('still answers with places when the geocoder is down, and says so', async () => {
    const r = await search(servers.broken, 'Berlin');
    expect(r.status).toBe(200);
    expect(r.json.results[0]).toMatchObject({ kind: 'place', label: expect.stringMatching(/^Berlin, /) });
    expect(r.json.geocoder_error).toEqual(expect.any(String));
  });

  it('refuses a query shorter than two letters and a request without a session', async () => {
    expect((await search(servers.offline, 'a')).status).toBe(400);
    expect((await fetch(`${servers.offline.url}/app/api/geocode?q=Berlin`)).status).toBe(401);
  });
});
