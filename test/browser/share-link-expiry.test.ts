import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../helpers/clock.ts';
import { startWebServer, type WebServer } from '../helpers/web-server.ts';
import { DESKTOP, launchBrowser, PHONE, screenshot, watchedPage } from './browser.ts';

const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('unknown and expired share links', () => {
  let server: WebServer;
  let browser: Browser;
  const clock = new TestClock(new Date());
  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer('pglite', { clock, shareExpiryHours: 2 }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('an unknown code is a proper 404 page for browsers and a 404 body for API clients', async () => {
    const context = await browser.newContext(PHONE);
    const w = await watchedPage(context, server.url);
    const res = await w.page.goto(`${server.url}/t/doesnotexist`);
    expect(res?.status()).toBe(404);
    expect(res?.headers()['content-type']).toContain('text/html');
    expect(await w.page.textContent('h1')).toBe('This tracking link has expired or does not exist');
    await screenshot(w.page, 'tracking-phone-not-found');
    expect(w.offOrigin).toEqual([]);
    await context.close();
    const json = await fetch(`${server.url}/t/doesnotexist`);
    expect(json.status).toBe(404);
    expect(await json.json()).toEqual({ message: 'This tracking link does not exist or has expired.' });
    expect((await fetch(`${server.url}/t/doesnotexist/embed`, { headers: HTML })).status).toBe(404);
  });

  it('a finished order stays visible until the configured expiry, then the link is gone everywhere', async () => {
    expect((await server.call('POST', '/workers', { worker_handle: 'w1', name: 'Kim', device_id: 'expiry-device-1' })).status).toBe(201);
    const created = await server.call('POST', '/orders/track', {
      worker_handle: 'w1',
      track_mode: 'on_time',
      orders: [{ order_handle: 'exp-1', destination: { geometry: { type: 'Point', coordinates: [-121.88, 37.34] } } }],
    });
    const url: string = created.json.orders[0].share_url;
    expect((await server.call('POST', '/orders/exp-1/cancel')).status).toBe(200);

    clock.advance(2 * 3_600_000 - 60_000);
    const context = await browser.newContext(DESKTOP);
    const w = await watchedPage(context, server.url);
    expect((await w.page.goto(url))?.status()).toBe(200);
    await w.page.waitForSelector('#status[data-status="cancelled"]');
    expect(await w.page.textContent('#status')).toBe('This delivery was cancelled');
    expect(w.errors).toEqual([]);
    await context.close();
    const before = (await (await fetch(url)).json()) as any;
    expect(before.expires_at).toBe(new Date(new Date(before.cancelled_at).getTime() + 2 * 3_600_000).toISOString());

    clock.advance(60_000);
    const page = await fetch(url, { headers: HTML });
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('has expired or does not exist');
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(`${url}/stream`)).status).toBe(404);
  });
});
