import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineRegionLookup } from '../../src/services/regions/offline-region-lookup.ts';
import { type GeocoderServer, startGeocoderServer } from '../helpers/geocoder-server.ts';
import { startWebServer, type WebServer } from '../helpers/web-server.ts';
import { DESKTOP, launchBrowser, screenshot, watchedPage } from './browser.ts';
import { signIn } from './sign-in.ts';

const MARKET = { label: '1 Market Street, San Francisco', lng: -122.3949, lat: 37.7942 };

describe('creating an order as a person would (chromium)', () => {
  let server: WebServer;
  let geocoder: GeocoderServer;
  let browser: Browser;
  beforeAll(async () => {
    geocoder = await startGeocoderServer('nominatim', [MARKET]);
    [server, browser] = await Promise.all([startWebServer('pglite', { regions: createOfflineRegionLookup(), geocoderUrl: geocoder.url }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await geocoder?.close();
  });

  it('by a street address from the geocoder, with customer name, phone and instructions; then by a town and a click on the map', {
    timeout: 90_000,
  }, async () => {
    const context = await browser.newContext(DESKTOP);
    const { page, errors, offOrigin } = await watchedPage(context, server.url);
    await signIn(page, server);
    await page.waitForSelector('#map[data-idle="true"]');

    await page.fill('#new-handle', 'door-1');
    await page.locator('#new-address').pressSequentially('1 Market');
    await page.click('#address-results li[data-kind="address"]');
    expect(Number(await page.inputValue('#new-lng'))).toBeCloseTo(MARKET.lng, 5);
    expect(Number(await page.inputValue('#new-lat'))).toBeCloseTo(MARKET.lat, 5);
    expect(await page.inputValue('#new-address')).toBe(MARKET.label);
    await page.fill('#new-customer', 'Rosa Diaz');
    await page.fill('#new-phone', '+1 415 555 0100');
    await page.fill('#new-instructions', 'Ring twice, side door');
    await screenshot(page, 'order-entry-address');
    await page.click('#create-form button[type="submit"]');
    await page.waitForSelector('#detail[data-handle="door-1"]');
    expect(await page.textContent('#d-customer')).toBe('Rosa Diaz · +1 415 555 0100');
    expect(await page.textContent('#d-instructions')).toBe('Instructions: Ring twice, side door');
    const stored = await server.call('GET', '/orders/door-1');
    expect(stored.json.destination.geometry.coordinates).toEqual([MARKET.lng, MARKET.lat]);
    expect(stored.json.destination.address).toBe(MARKET.label);
    expect(stored.json.metadata).toEqual({ customer_name: 'Rosa Diaz', customer_phone: '+1 415 555 0100', instructions: 'Ring twice, side door' });
    await page.click('#d-close');

    // A town: the map flies to its centre; the dispatcher then clicks the exact spot.
    await page.fill('#new-handle', 'door-2');
    await page.locator('#new-address').pressSequentially('Santa Cruz, California');
    await page.click('#address-results li[data-kind="place"]');
    expect(await page.textContent('#address-note')).toContain('pick the exact spot');
    const town: [number, number] = [Number(await page.inputValue('#new-lng')), Number(await page.inputValue('#new-lat'))];
    expect(town[0]).toBeCloseTo(-122.03, 1);
    await page.waitForSelector('#map[data-idle="true"]');
    await page.click('#pick-on-map');
    const box = (await page.locator('#map').boundingBox())!;
    // 100 px right of the centre at zoom ≥ 15 is some tens of metres east of the town's centre.
    await page.mouse.click(box.x + box.width / 2 + 100, box.y + box.height / 2);
    await expect.poll(() => page.getAttribute('#pick-on-map', 'aria-pressed')).toBe('false');
    const picked: [number, number] = [Number(await page.inputValue('#new-lng')), Number(await page.inputValue('#new-lat'))];
    expect(picked[0]).toBeGreaterThan(town[0]);
    expect(picked[0] - town[0]).toBeLessThan(0.01);
    expect(Math.abs(picked[1] - town[1])).toBeLessThan(0.001);
    // The map redraws on the next frame (draws are batched per frame), after the inputs change.
    await expect.poll(() => page.getAttribute('#map', 'data-destination')).toBe(picked.map((v) => v.toFixed(6)).join(','));
    await screenshot(page, 'order-entry-map-click');
    await page.click('#create-form button[type="submit"]');
    await page.waitForSelector('#detail[data-handle="door-2"]');
    const second = await server.call('GET', '/orders/door-2');
    expect(second.json.destination.geometry.coordinates[0]).toBeCloseTo(picked[0], 6);
    expect(second.json.destination.geometry.coordinates[1]).toBeCloseTo(picked[1], 6);

    expect(offOrigin).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
