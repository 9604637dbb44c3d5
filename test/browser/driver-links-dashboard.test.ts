import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebServer } from '../helpers/web-server.ts';
import { DESKTOP, PHONE, screenshot, watchedPage } from './browser.ts';
import { browserSuite } from './suite.ts';

describe("dashboard: a worker's driver app sign-in link (chromium)", () => {
  const suite = browserSuite();
  let server: WebServer;
  let browser: Browser;
  beforeAll(() => {
    ({ server, browser } = suite);
  });

  it('issues a link with its QR code, the phone signs in with it (and rejects a new stop), and revoking it lists it as revoked', {
    timeout: 90_000,
  }, async () => {
    const worker = `linked-${Date.now()}`;
    expect((await server.call('POST', '/workers', { worker_handle: worker, name: 'Lin Ked', device_id: `${worker}-phone` })).status).toBe(201);
    const desk = await browser.newContext(DESKTOP);
    const d = await watchedPage(desk, server.url);
    await d.page.goto(`${server.url}/app`);
    await d.page.fill('#account-id', server.account.account_id);
    await d.page.fill('#secret-key', server.account.secret_key);
    await d.page.click('#signin-form button[type="submit"]');
    await d.page.waitForSelector('#app:not([hidden])');

    await d.page.click('#driver-links summary');
    await d.page.selectOption('#dl-worker', worker);
    await d.page.click('#dl-issue');
    await d.page.waitForSelector('#dl-issued:not([hidden]) img.dl-qr');
    // The QR code is an image that decodes as SVG (data: URL), not markup put into the page.
    await d.page.waitForFunction(() => {
      const img = (
        globalThis as unknown as { document: { querySelector(s: string): { complete: boolean; naturalWidth: number } | null } }
      ).document.querySelector('#dl-issued img.dl-qr');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    expect(await d.page.getAttribute('#dl-issued img.dl-qr', 'src')).toMatch(/^data:image\/svg\+xml/);
    const url = await d.page.inputValue('#dl-url');
    expect(url).toMatch(new RegExp(`^${server.url}/driver#token=drv\\.`));
    await d.page.waitForSelector('#dl-links li[data-status="active"]');
    await screenshot(d.page, 'driver-dashboard-link');

    const phone = await browser.newContext({ ...PHONE, serviceWorkers: 'block' });
    const p = await watchedPage(phone, server.url);
    await p.page.goto(url);
    await p.page.waitForSelector('#app:not([hidden])');
    // The app opens on what it cached (nothing yet on a new phone); the name arrives with the first answer.
    await p.page.waitForSelector('#driver-name:text-is("Lin Ked")');

    // A new assignment reaches the phone; the driver rejects it and it goes back to the dispatcher.
    const handle = `${worker}-order`;
    const at = Date.now() + 3600_000;
    const created = await server.call('POST', '/orders', {
      plan_mode: 'manual',
      worker_handle: worker,
      orders: [
        {
          order_handle: handle,
          scheduled_at: new Date(at).toISOString(),
          destination: { geometry: { type: 'Point', coordinates: [-121.89, 37.33] }, address: '9 Reject Road' },
        },
      ],
    });
    expect(created.status).toBe(201);
    await p.page.reload();
    await p.page.click(`#stops li[data-handle="${handle}"][data-state="new"]`);
    await p.page.click('#stop .actions button[data-action="reject"]');
    await p.page.fill('#reject-reason', 'Van is full');
    await p.page.click('#reject-form button[type="submit"]');
    await p.page.waitForSelector('#stops-empty:not([hidden])');
    await p.page.waitForSelector('#sync[hidden]', { state: 'attached' });
    const rejected = (await server.call('GET', `/orders/${handle}`)).json;
    expect(rejected.status).toBe('unplanned');
    expect(rejected.metadata.driver_reject_reason).toBe('Van is full');

    await d.page.click('#dl-links li[data-status="active"] button');
    await d.page.waitForSelector('#dl-links li[data-status="revoked"]');
    expect(await d.page.isHidden('#dl-issued')).toBe(true);
    // The phone's session ended with the link.
    expect((await p.page.request.get(`${server.url}/driver/api/me`)).status()).toBe(401);
    expect(d.errors).toEqual([]);
    expect(d.offOrigin).toEqual([]);
    await phone.close();
    await desk.close();
  });
});
