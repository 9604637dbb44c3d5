import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebServer } from '../helpers/web-server.ts';
import { PHONE, screenshot, watchedPage } from './browser.ts';
import { browserSuite } from './suite.ts';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];
/** The page's service worker container, typed here: this file is checked without the DOM library. */
type Nav = { navigator: { serviceWorker: { ready: Promise<{ scope: string }>; controller: unknown } } };

describe('driver app shell (chromium, phone)', () => {
  const suite = browserSuite();
  let server: WebServer;
  let browser: Browser;
  beforeAll(() => {
    ({ server, browser } = suite);
  });

  it('is installable: a manifest with real PNG icons, a service worker for /driver, and the shell opens offline', { timeout: 60_000 }, async () => {
    const context = await browser.newContext(PHONE);
    const w = await watchedPage(context, server.url);
    const { page } = w;
    await page.goto(`${server.url}/driver`);
    await page.waitForSelector('#signin:not([hidden])');

    const manifestHref = await page.getAttribute('link[rel="manifest"]', 'href');
    const manifestRes = await page.request.get(new URL(manifestHref!, server.url).href);
    expect(manifestRes.headers()['content-type']).toMatch(/^application\/manifest\+json/);
    const manifest = await manifestRes.json();
    expect(manifest).toMatchObject({ start_url: '/driver', scope: '/driver', display: 'standalone' });
    const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
    expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons.filter((i: { type: string }) => i.type === 'image/png')) {
      const bytes = await (await page.request.get(new URL(icon.src, server.url).href)).body();
      expect([...bytes.subarray(0, 4)]).toEqual(PNG_MAGIC);
      // The PNG's own header says the size the manifest claims.
      expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`).toBe(icon.sizes);
    }
    const sw = await page.request.get(`${server.url}/driver/sw.js`);
    expect(sw.headers()['service-worker-allowed']).toBe('/driver');
    expect((await page.request.get(`${server.url}/driver/not-a-file`)).status()).toBe(404);

    // The worker installs (caching the shell and its assets) and takes control of /driver.
    const scope = await page.evaluate(async () => (await (globalThis as unknown as Nav).navigator.serviceWorker.ready).scope);
    expect(new URL(scope).pathname).toBe('/driver');
    await page.reload();
    await page.waitForFunction(() => (globalThis as unknown as Nav).navigator.serviceWorker.controller !== null);

    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('#signin:not([hidden])');
    expect(await page.getAttribute('#signin-state', 'data-state')).toBe('offline');
    await screenshot(page, 'driver-phone-offline-landing');
    await context.setOffline(false);
    expect(w.offOrigin).toEqual([]);
    await context.close();
  });

  it('a revoked sign-in link lands on a page that says so, and signs nobody in', { timeout: 60_000 }, async () => {
    const worker = `revoked-${Date.now()}`;
    expect((await server.call('POST', '/workers', { worker_handle: worker, name: 'Rev Oked', device_id: `${worker}-phone` })).status).toBe(201);
    const link = (await server.call('POST', `/workers/${worker}/driver_links`, {})).json;
    expect((await server.call('DELETE', `/workers/${worker}/driver_links/${link.link_id}`)).status).toBe(204);
    const context = await browser.newContext({ ...PHONE, serviceWorkers: 'block' });
    const w = await watchedPage(context, server.url);
    await w.page.goto(link.url);
    await w.page.waitForSelector('#signin-state[data-state="link_revoked"]');
    expect(await w.page.textContent('#signin-state')).toBe('This sign-in link was revoked; ask your dispatcher for a new one');
    // The token is out of the address bar even when it did not work.
    expect(w.page.url()).toBe(`${server.url}/driver`);
    expect((await (await w.page.request.get(`${server.url}/driver/api/session`)).json()).signed_in).toBe(false);
    await screenshot(w.page, 'driver-phone-link-revoked');
    await context.close();
  });
});
