import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebServer } from '../helpers/web-server.ts';
import { DESKTOP, screenshot, watchedPage } from './browser.ts';
import { simDriver } from './driver.ts';
import { signIn } from './sign-in.ts';
import { browserSuite } from './suite.ts';

describe("a route's embed_url view (chromium)", () => {
  const suite = browserSuite();
  let server: WebServer;
  let browser: Browser;
  beforeAll(() => {
    ({ server, browser } = suite);
  });

  it('shows the numbered stops and the driver, by secure embed link and for a signed-in dispatcher, all from the origin', { timeout: 90_000 }, async () => {
    const driver = await simDriver(server, { name: 'Ann Driver', seed: 31 });
    const [a, b] = driver.trip.legs.map((l) => l.to);
    const r = await server.call('POST', '/orders/track', {
      worker_handle: driver.workerHandle,
      track_mode: 'on_time',
      orders: [
        { order_handle: 'stop-a', destination: { geometry: { type: 'Point', coordinates: a }, address: '1 First St' } },
        { order_handle: 'stop-b', destination: { geometry: { type: 'Point', coordinates: b }, address: '2 Second St' } },
      ],
    });
    expect(r.status).toBe(201);
    await driver.send(driver.trip.fixes[0]!);
    const embed_url: string = (await server.call('GET', `/orders/routes/${r.json.route_handle}`)).json.embed_url;
    const minted = await server.call('POST', '/oauth/embed-token', { embed_url, grant_type: 'client_credentials' });
    expect(minted.status).toBe(200);

    const context = await browser.newContext(DESKTOP);
    const { page, errors, offOrigin } = await watchedPage(context, server.url);
    await page.goto(minted.json.secure_embed_url);
    await page.waitForSelector('#stops li[data-order="stop-b"]');
    expect(await page.$$eval('#stops li .n', (els) => els.map((e) => e.textContent))).toEqual(['1', '2']);
    expect(await page.textContent('#driver')).toBe('Driver: Ann');
    await page.waitForSelector('#map[data-rendered="true"][data-markers="1"][data-fleet-destinations="2"]');
    await screenshot(page, 'route-embed-desktop');

    // Without the token, the same URL is for a signed-in dispatcher only.
    const bare = await context.newPage();
    await bare.goto(embed_url);
    await bare.waitForSelector('#state[data-state="refused"]');
    await signIn(bare, server);
    await bare.goto(embed_url);
    await bare.waitForSelector('#stops li[data-order="stop-a"]');
    expect(offOrigin).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
