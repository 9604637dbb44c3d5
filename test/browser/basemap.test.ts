import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStreetExtract } from '../helpers/street-extract.ts';
import { startWebServer, type WebServer } from '../helpers/web-server.ts';
import { DESKTOP, launchBrowser, screenshot, watchedPage } from './browser.ts';
import { countColour } from './pixels.ts';
import { signIn } from './sign-in.ts';

/** COLORS.majorRoad in web/shared/map-colors.ts. */
const MAJOR_ROAD: [number, number, number] = [0xf6, 0xcf, 0x65];
/** COLORS.label */
const LABEL: [number, number, number] = [0x3b, 0x41, 0x50];

async function openTrackingPage(server: WebServer, browser: Browser, center: [number, number], tag: string) {
  const device = `dev-${tag}`;
  expect((await server.call('POST', '/workers', { worker_handle: `w-${tag}`, name: 'Ana Silva', device_id: device })).status).toBe(201);
  const r = await server.call('POST', '/orders/track', {
    worker_handle: `w-${tag}`,
    track_mode: 'on_time',
    orders: [{ order_handle: `o-${tag}`, destination: { geometry: { type: 'Point', coordinates: [center[0] + 0.0005, center[1] + 0.0005] }, radius: 30 } }],
  });
  expect(r.status).toBe(201);
  const context = await browser.newContext(DESKTOP);
  const w = await watchedPage(context, server.url);
  const ranges: { url: string; status: number; range: string | undefined }[] = [];
  w.page.on('response', (res) => {
    if (/\.pmtiles$/.test(new URL(res.url()).pathname)) ranges.push({ url: res.url(), status: res.status(), range: res.request().headers().range });
  });
  await w.page.goto(r.json.orders[0].share_url);
  await w.page.waitForSelector('#map[data-rendered="true"][data-idle="true"]');
  return { ...w, ranges, context };
}

const zoomOf = async (page: Page) => Number(await page.getAttribute('#map', 'data-zoom'));

describe('vector basemap from a PMTiles file (chromium)', () => {
  let withExtract: WebServer;
  let bare: WebServer;
  let browser: Browser;
  const extract = writeStreetExtract();
  beforeAll(async () => {
    [withExtract, bare, browser] = await Promise.all([startWebServer('pglite', { basemapFile: extract.file }), startWebServer('pglite'), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await withExtract?.close();
    await bare?.close();
  });

  it('draws the streets of DROPLINE_BASEMAP at street zoom, read by byte ranges, with no request leaving the origin', { timeout: 90_000 }, async () => {
    const { page, errors, offOrigin, ranges, context } = await openTrackingPage(withExtract, browser, extract.center, 'streets');
    expect(await page.getAttribute('#map', 'data-renderer')).toBe('webgl');
    expect(await zoomOf(page)).toBeGreaterThanOrEqual(15);
    const region = ranges.filter((r) => r.url === `${withExtract.url}/basemap/region.pmtiles`);
    expect(region.length).toBeGreaterThanOrEqual(2);
    expect(region.every((r) => r.status === 206 && /^bytes=\d+-\d+$/.test(r.range ?? ''))).toBe(true);
    expect(ranges.some((r) => /\/assets\/world-[\w-]+\.pmtiles$/.test(r.url) && r.status === 206)).toBe(true);
    const shot = await page.screenshot();
    await screenshot(page, 'basemap-streets-z15');
    // Market and Mission Street cross in view: a few thousand pixels of the major-road colour.
    expect(await countColour(page, shot, MAJOR_ROAD)).toBeGreaterThan(1500);
    expect(offOrigin).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('without DROPLINE_BASEMAP the same view has no streets: the world basemap alone, still all from the origin', { timeout: 90_000 }, async () => {
    const { page, errors, offOrigin, ranges, context } = await openTrackingPage(bare, browser, extract.center, 'bare');
    expect(ranges.some((r) => r.url.includes('/basemap/'))).toBe(false);
    expect(ranges.some((r) => /\/assets\/world-[\w-]+\.pmtiles$/.test(r.url))).toBe(true);
    expect(await countColour(page, await page.screenshot(), MAJOR_ROAD)).toBe(0);
    expect(offOrigin).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('labels places on the shipped world basemap at country zoom', { timeout: 90_000 }, async () => {
    const context = await browser.newContext(DESKTOP);
    const { page, errors, offOrigin } = await watchedPage(context, bare.url);
    await signIn(page, bare);
    await page.waitForSelector('#map[data-idle="true"]');
    await screenshot(page, 'basemap-world-dashboard');
    // City names are drawn into the map's canvas from the browser's own fonts (no glyph request).
    const box = (await page.locator('#map').boundingBox())!;
    expect(await countColour(page, await page.screenshot({ clip: box }), LABEL, 24)).toBeGreaterThan(30);
    expect(offOrigin).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
