import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postFix } from '../../src/simulator/post-fix.ts';
import { startWebServer, type WebServer } from '../helpers/web-server.ts';
import { launchBrowser, screenshot, watchedPage } from './browser.ts';
import { signIn } from './sign-in.ts';

const DEVICES = 500;
const ONGOING = 30;
const positionOf = (i: number): [number, number] => [-121.95 + (i % 25) * 0.004, 37.3 + Math.floor(i / 25) * 0.004];

/** DEVICES drivers around San José, each with one fix; the first ONGOING of them on an ongoing order. */
async function seedFleet(server: WebServer) {
  let next = 0;
  const lane = async () => {
    while (next < DEVICES) {
      const i = next++;
      const handle = `fleet-${i}`;
      const r = await server.call('POST', '/workers', { worker_handle: handle, name: `Driver ${String(i).padStart(3, '0')}`, device_id: `fleet-device-${i}` });
      if (r.status !== 201) throw new Error(`worker ${i}: ${r.status}`);
      const [lng, lat] = positionOf(i);
      const position: [number, number] = [lng, lat];
      const fix = { t: 0, position, truePosition: position, speedMps: 8, bearing: (i * 37) % 360, accuracy: 5, battery: 80 };
      const status = await postFix('osmand', { url: server.url, authorization: server.account.authorization }, `fleet-device-${i}`, fix, new Date());
      if (status !== 200) throw new Error(`fix ${i}: ${status}`);
      if (i < ONGOING) {
        const o = await server.call('POST', '/orders/track', {
          worker_handle: handle,
          track_mode: 'on_time',
          orders: [
            {
              order_handle: `fleet-order-${i}`,
              destination: { geometry: { type: 'Point', coordinates: [lng + 0.01, lat + 0.01] }, address: `${i} Fleet Street` },
            },
          ],
        });
        if (o.status !== 201) throw new Error(`order ${i}: ${o.status}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, lane));
}

/** The page never scrolls sideways, and `selector` lies inside the viewport. */
async function withinViewport(page: Page, selector: string) {
  const vp = page.viewportSize()!;
  const box = (await page.locator(selector).boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(vp.width + 0.5);
  expect(box.y + box.height).toBeLessThanOrEqual(vp.height + 0.5);
  expect(
    await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth),
  ).toBeLessThanOrEqual(vp.width);
}

describe('dashboard with 500 reporting devices (chromium)', () => {
  let server: WebServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer('pglite'), launchBrowser()]);
    await seedFleet(server);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [name, viewport, mobile] of [
    ['desktop', { width: 1440, height: 900 }, false],
    ['phone', { width: 390, height: 844 }, true],
  ] as const) {
    it(`${name} ${viewport.width}×${viewport.height}: map in view, clusters, find a driver by name, order detail on screen, filters clear in one click`, {
      timeout: 120_000,
    }, async () => {
      const context = await browser.newContext({ viewport, ...(mobile ? { deviceScaleFactor: 2, isMobile: true, hasTouch: true } : {}) });
      const { page, errors, offOrigin } = await watchedPage(context, server.url);
      await signIn(page, server);
      await page.waitForSelector(`#map[data-markers="${DEVICES}"][data-idle="true"]`);
      await withinViewport(page, '#map');
      expect(await page.textContent('#driver-count')).toBe(String(DEVICES));
      expect(Number(await page.getAttribute('#map', 'data-fleet-routes'))).toBe(ONGOING);
      expect(Number(await page.getAttribute('#map', 'data-fleet-destinations'))).toBe(ONGOING);
      // Framing all 500 leaves them in clusters.
      expect(Number(await page.getAttribute('#map', 'data-clusters'))).toBeGreaterThan(0);
      await screenshot(page, `dashboard-fleet-${name}`);

      await page.fill('#driver-q', 'Driver 417');
      await expect
        .poll(() => page.$$eval('#devices li', (els) => els.map((e) => (e as unknown as { dataset: { device: string } }).dataset.device)))
        .toEqual(['fleet-device-417']);
      expect(await page.textContent('#driver-count')).toBe(`1 of ${DEVICES}`);
      await page.click('#devices li[data-device="fleet-device-417"]');
      await page.waitForSelector('#devices li.selected[data-device="fleet-device-417"]');
      await page.waitForSelector('#map[data-idle="true"]');
      await expect.poll(async () => Number(await page.getAttribute('#map', 'data-zoom'))).toBeGreaterThanOrEqual(15);
      await withinViewport(page, '#devices li[data-device="fleet-device-417"]');
      await screenshot(page, `dashboard-fleet-${name}-driver`);

      await page.click('#board tr[data-handle="fleet-order-7"]');
      await page.waitForSelector('#detail[data-handle="fleet-order-7"]');
      await withinViewport(page, '#detail');
      expect(await page.textContent('#d-worker')).toBe('· Driver 007');
      await screenshot(page, `dashboard-fleet-${name}-detail`);
      await page.click('#d-close');

      await page.selectOption('#f-status', 'ongoing');
      await page.fill('#f-q', 'fleet-order-1');
      await page.waitForSelector('#active-filters:not([hidden]) .chip[data-filter="f-status"]');
      await page.waitForSelector('.chip[data-filter="f-q"]');
      await expect.poll(() => page.$$eval('#board tr', (rows) => rows.length)).toBeLessThan(ONGOING);
      await page.click('#clear-filters');
      await page.waitForSelector('#active-filters[hidden]', { state: 'attached' });
      expect(await page.inputValue('#f-q')).toBe('');
      expect(await page.inputValue('#f-status')).toBe('');
      await expect.poll(() => page.$$eval('#board tr', (rows) => rows.length)).toBe(ONGOING);

      expect(offOrigin).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
