import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateBranding } from '../../src/services/accounts/branding.ts';
import { createOrders } from '../../src/services/orders/create-orders.ts';
import { newOrderDraft } from '../helpers/new-order.ts';
import { startWebServer, type WebServer } from '../helpers/web-server.ts';
import { DESKTOP, launchBrowser, PHONE, screenshot, watchedPage } from './browser.ts';

// A 1×1 PNG: the logo and the driver's photo are data: URLs, so the page fetches nothing elsewhere.
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const DEST: [number, number] = [-121.8863, 37.3382];

/** The server's clock runs ten minutes behind the browser's: a trip it starts "now" has been silent for ten minutes in the page. */
const TEN_MINUTES = 10 * 60_000;

async function worker(server: WebServer, handle: string) {
  const r = await server.call('POST', '/workers', {
    worker_handle: handle,
    name: 'Maria Lopez',
    device_id: `dev-${handle}`,
    profile: { photo_url: PNG, phone: '+1 (408) 555-0100' },
  });
  expect(r.status).toBe(201);
}

async function open(browser: Browser, server: WebServer, url: string, viewport: 'phone' | 'desktop') {
  const context = await browser.newContext(viewport === 'phone' ? PHONE : DESKTOP);
  const w = await watchedPage(context, server.url);
  await w.page.goto(url);
  await w.page.waitForSelector('#status:not([data-status=""])');
  await w.page.waitForSelector('#map[data-rendered="true"][data-idle="true"]');
  return { ...w, context };
}

const shown = (page: Page, sel: string) => page.locator(sel).isVisible();

describe('tracking page states (chromium)', () => {
  let server: WebServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer('pglite', { clock: { now: () => new Date(Date.now() - TEN_MINUTES) } }), launchBrowser()]);
    await updateBranding(server.deps, server.account.account_id, { displayName: 'Corner Bakery', logo: PNG, color: '#7c3aed', contactDriver: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('before the trip: branding, order number, delivery window, driver with photo and a call button, instructions', { timeout: 60_000 }, async () => {
    await worker(server, 'w-before');
    const from = new Date(Date.now() + 2 * 3_600_000);
    const to = new Date(from.getTime() + 3_600_000);
    const draft = newOrderDraft('bakery-1042', {
      destination: { geometry: { type: 'Point', coordinates: DEST }, radius: 50, address: '200 Main St' },
      scheduledAt: to,
      scheduledAfter: from,
      metadata: { instructions: 'Leave at the blue door' },
    });
    const { orders } = await createOrders(server.deps, server.account.account_id, { planMode: 'manual', workerHandle: 'w-before', orders: [draft] });
    const { page, errors, offOrigin, context } = await open(browser, server, `${server.url}/t/${orders[0]!.shareCode}`, 'phone');
    expect(await page.textContent('#brand-name')).toBe('Corner Bakery');
    expect(await page.getAttribute('#brand-logo', 'src')).toBe(PNG);
    expect(await page.evaluate(() => (globalThis as any).getComputedStyle((globalThis as any).document.documentElement).getPropertyValue('--brand'))).toBe(
      '#7c3aed',
    );
    expect(await page.textContent('#order-number')).toBe('Order bakery-1042');
    expect(await page.textContent('#window')).toMatch(/^Expected between .+ and .+$/);
    expect(await page.textContent('#driver')).toBe('Driver: Maria');
    expect(await shown(page, '#driver-photo')).toBe(true);
    expect(await page.getAttribute('#contact', 'href')).toBe('tel:+14085550100');
    expect(await page.textContent('#contact')).toBe('Call Maria');
    expect(await page.textContent('#instructions')).toBe('Delivery instructions: Leave at the blue door');
    expect(await shown(page, '#silent')).toBe(false);
    await screenshot(page, 'tracking-before-start');
    expect(offOrigin).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a started trip whose phone never reported says so; after delivery the live and contact parts go', { timeout: 60_000 }, async () => {
    await worker(server, 'w-silent');
    const r = await server.call('POST', '/orders/track', {
      worker_handle: 'w-silent',
      track_mode: 'on_time',
      orders: [{ order_handle: 'bakery-1043', destination: { geometry: { type: 'Point', coordinates: DEST }, address: '200 Main St' } }],
    });
    expect(r.status).toBe(201);
    for (const viewport of ['phone', 'desktop'] as const) {
      const { page, errors, offOrigin, context } = await open(browser, server, r.json.orders[0].share_url, viewport);
      await page.waitForSelector('#silent:not([hidden])');
      expect(await page.textContent('#silent')).toMatch(
        /^We have not received a position from Maria's phone since the trip started at .+\. The delivery is still on its way/,
      );
      expect(await page.textContent('#window')).toBe('');
      await screenshot(page, `tracking-silent-phone-${viewport}`);
      if (viewport === 'desktop') {
        expect((await server.call('POST', '/orders/bakery-1043/complete')).status).toBe(200);
        await page.waitForSelector('#status[data-status="completed"]');
        expect(await page.textContent('#status')).toBe('Delivered');
        expect(await shown(page, '#silent')).toBe(false);
        expect(await shown(page, '#connection')).toBe(false);
        expect(await shown(page, '#contact')).toBe(false);
        expect(await page.textContent('#instructions')).toBe('');
        await screenshot(page, 'tracking-delivered-desktop');
      }
      expect(offOrigin).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
