import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, PHONE, screenshot, watchedPage } from './browser.ts';
import { simDriver } from './driver.ts';
import type { WebServer } from '../helpers/web-server.ts';
import { browserSuite } from './suite.ts';

const markerOf = (attr: string | null) => attr?.split(',').map(Number) ?? null;

/** Waits until the page's marker sits on `position` (the wire format rounds to 1e-7 degrees). */
const markerAt = (page: Page, position: [number, number]) =>
  page.waitForFunction(([lng, lat]) => {
    // Runs in the page; the test's tsconfig has no DOM types.
    const doc = (globalThis as unknown as { document: { getElementById(id: string): { dataset: Record<string, string | undefined> } | null } }).document;
    const m = doc.getElementById('map')?.dataset.marker?.split(',').map(Number);
    return !!m && Math.abs(m[0]! - lng!) < 2e-6 && Math.abs(m[1]! - lat!) < 2e-6;
  }, position);

describe('tracking page (chromium)', () => {
  const suite = browserSuite();
  let server: WebServer;
  let browser: Browser;
  beforeAll(() => {
    ({ server, browser } = suite);
  });

  it('follows a simulated trip live: the marker moves, the ETA counts down, arrival and completion show', { timeout: 120_000 }, async () => {
    const driver = await simDriver(server, { name: 'Maria Lopez', seed: 7 });
    const order = await server.call('POST', '/orders/track', {
      worker_handle: driver.workerHandle,
      track_mode: 'on_time',
      orders: [
        { order_handle: 'trip-1', destination: { geometry: { type: 'Point', coordinates: driver.trip.destination }, radius: 50, address: '1 Market St' } },
      ],
    });
    expect(order.status).toBe(201);
    driver.setStart(Date.now());
    const shareUrl: string = order.json.orders[0].share_url;
    expect(new URL(shareUrl).origin).toBe(server.url);

    const context = await browser.newContext(PHONE);
    const w = await watchedPage(context, server.url);
    const { page } = w;
    const response = await page.goto(shareUrl);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toContain('text/html');
    await page.waitForSelector('#map[data-rendered="true"]');
    await expect.poll(() => page.textContent('#status')).toContain('Maria is on the way');
    await expect.poll(() => page.getAttribute('#connection', 'data-state')).toBe('live');
    expect(await page.textContent('#driver')).toBe('Driver: Maria');

    const fixes = driver.trip.fixes;
    const etaTexts: string[] = [];
    const positions: number[][] = [];
    for (const [i, fix] of fixes.entries()) {
      await driver.send(fix);
      await markerAt(page, fix.position);
      positions.push(markerOf(await page.getAttribute('#map', 'data-marker'))!);
      if (i === 2 || i === Math.floor(fixes.length / 2)) {
        await expect.poll(() => page.textContent('#eta')).toMatch(/^Arriving in about \d+ min · [\d.]+ k?m away$/);
        etaTexts.push((await page.textContent('#eta'))!);
      }
      if (i === Math.floor(fixes.length / 2)) {
        // The ETA words must have moved on since the early fix: the page re-renders every order change.
        await expect.poll(() => page.textContent('#eta')).not.toBe(etaTexts[0]);
        await screenshot(page, 'tracking-phone-driving');
      }
    }
    expect(new Set(positions.map((p) => p.join(','))).size).toBeGreaterThan(5);
    expect(Number(await page.getAttribute('#map', 'data-path-points'))).toBeGreaterThan(5);

    await page.waitForSelector('#status[data-status="arrived"]');
    expect(await page.textContent('#status')).toBe('Maria has arrived');
    await page.waitForSelector('#timeline li[data-type="order_geofence_entered"]');

    expect((await server.call('POST', '/orders/trip-1/complete')).status).toBe(200);
    await page.waitForSelector('#status[data-status="completed"]');
    expect(await page.textContent('#status')).toBe('Delivered');
    await page.waitForSelector('#timeline li[data-type="order_completed"]');
    expect(await page.getAttribute('#map', 'data-markers')).toBe('0');
    await screenshot(page, 'tracking-phone-completed');

    const desktop = await browser.newContext(DESKTOP);
    const d = await watchedPage(desktop, server.url);
    await d.page.goto(shareUrl);
    await d.page.waitForSelector('#status[data-status="completed"]');
    await d.page.waitForSelector('#map[data-rendered="true"]');
    await screenshot(d.page, 'tracking-desktop-completed');

    expect(w.errors).toEqual([]);
    expect(d.errors).toEqual([]);
    expect(w.offOrigin).toEqual([]);
    expect(d.offOrigin).toEqual([]);
    await context.close();
    await desktop.close();
  });

  it('without WebGL the page draws the same track with its SVG renderer', async () => {
    const noGl = await launchBrowser({ webgl: false });
    try {
      const driver = await simDriver(server, { name: 'Sam', seed: 11 });
      const order = await server.call('POST', '/orders/track', {
        worker_handle: driver.workerHandle,
        track_mode: 'on_time',
        orders: [{ order_handle: 'trip-svg', destination: { geometry: { type: 'Point', coordinates: driver.trip.destination }, radius: 50 } }],
      });
      driver.setStart(Date.now());
      const context = await noGl.newContext(PHONE);
      const w = await watchedPage(context, server.url);
      await w.page.goto(order.json.orders[0].share_url);
      await w.page.waitForSelector('#map[data-renderer="svg"][data-rendered="true"]');
      for (const fix of driver.trip.fixes.slice(0, 4)) {
        await driver.send(fix);
        await markerAt(w.page, fix.position);
      }
      await w.page.waitForSelector('#map svg .svg-marker');
      await expect.poll(() => w.page.textContent('#eta')).toMatch(/^Arriving in about/);
      await screenshot(w.page, 'tracking-phone-svg');
      expect(w.errors).toEqual([]);
      expect(w.offOrigin).toEqual([]);
      await context.close();
    } finally {
      await noGl.close();
    }
  });

  it('the embeddable variant may be framed by other sites; the full page may not', async () => {
    const driver = await simDriver(server, { name: 'Ada', seed: 3 });
    const order = await server.call('POST', '/orders/track', {
      worker_handle: driver.workerHandle,
      track_mode: 'on_time',
      orders: [{ order_handle: 'trip-embed', destination: { geometry: { type: 'Point', coordinates: driver.trip.destination }, radius: 50 } }],
    });
    const path = new URL(order.json.orders[0].share_url).pathname;
    const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
    const full = await fetch(server.url + path, { headers: html });
    expect(full.headers.get('x-frame-options')).toBe('DENY');
    expect(full.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    for (const url of [`${path}/embed`, `${path}?embed=1`]) {
      const r = await fetch(server.url + url, { headers: html });
      expect(r.status).toBe(200);
      expect(r.headers.get('x-frame-options')).toBeNull();
      expect(r.headers.get('content-security-policy')).toContain('frame-ancestors *');
      expect(await r.text()).toContain('&quot;embed&quot;:true');
    }
    const context = await browser.newContext(DESKTOP);
    const w = await watchedPage(context, server.url);
    await w.page.goto(`${server.url}${path}/embed`);
    await w.page.waitForSelector('body.embed #status[data-status="ongoing"]');
    expect(w.errors).toEqual([]);
    await context.close();
  });

  it('JSON clients keep getting JSON from the same URL', async () => {
    const driver = await simDriver(server, { name: 'Bo Chen', seed: 5 });
    const order = await server.call('POST', '/orders/track', {
      worker_handle: driver.workerHandle,
      track_mode: 'on_time',
      orders: [{ order_handle: 'trip-json', destination: { geometry: { type: 'Point', coordinates: driver.trip.destination }, radius: 50 } }],
    });
    const url = order.json.orders[0].share_url;
    for (const accept of [undefined, 'application/json', '*/*', 'application/json, text/html;q=0.5']) {
      const r = await fetch(url, { headers: accept ? { accept } : {} });
      expect(r.headers.get('content-type')).toContain('application/json');
      expect(await r.json()).toMatchObject({ status: 'ongoing', driver: { first_name: 'Bo' }, path: [] });
    }
  });
});
