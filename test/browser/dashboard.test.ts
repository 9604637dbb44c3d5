import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, screenshot, watchedPage } from './browser.ts';
import { simDriver } from './driver.ts';
import type { WebServer } from '../helpers/web-server.ts';
import { signIn } from './sign-in.ts';
import { browserSuite } from './suite.ts';

const row = (handle: string, status?: string) => `#board tr[data-handle="${handle}"]${status ? `[data-status="${status}"]` : ''}`;

async function createOrder(page: Page, o: { handle: string; at: [number, number]; worker?: string }) {
  await page.fill('#new-handle', o.handle);
  await page.fill('#new-lng', String(o.at[0]));
  await page.fill('#new-lat', String(o.at[1]));
  await page.fill('#new-address', `${o.handle} street`);
  await page.selectOption('#new-worker', o.worker ?? '');
  await page.click('#create-form button[type="submit"]');
  await page.waitForSelector(row(o.handle));
  await page.waitForSelector(`#detail[data-handle="${o.handle}"]`);
}

const act = async (page: Page, handle: string, action: string, status: string) => {
  await page.click(`#detail button[data-action="${action}"]`);
  await page.waitForSelector(`#detail[data-handle="${handle}"][data-status="${status}"]`);
  await page.waitForSelector(row(handle, status));
};

describe('dispatcher dashboard (chromium)', () => {
  const suite = browserSuite();
  let server: WebServer;
  let browser: Browser;
  beforeAll(() => {
    ({ server, browser } = suite);
  });

  it('signs in, creates, assigns and starts an order, watches the driver arrive, completes one and cancels one, live', { timeout: 120_000 }, async () => {
    const ann = await simDriver(server, { name: 'Ann Driver', seed: 21 });
    const ben = await simDriver(server, { name: 'Ben Driver', seed: 22, start: [-121.9, 37.33] });
    const context = await browser.newContext(DESKTOP);
    const w = await watchedPage(context, server.url);
    const { page } = w;

    const signedOut = await page.request.get(`${server.url}/app/api/orders`);
    expect(signedOut.status()).toBe(401);
    await signIn(page, server);
    // Marks this document: a full reload would lose it.
    await page.evaluate(() => ((globalThis as unknown as { noReload: boolean }).noReload = true));

    // Create without a worker, then assign and start from the detail panel.
    await createOrder(page, { handle: 'dash-1', at: ann.trip.destination });
    await page.waitForSelector(row('dash-1', 'unplanned'));
    await page.selectOption('#d-assign-worker', ann.workerHandle);
    await act(page, 'dash-1', 'assign', 'assigned');
    expect(await page.textContent(`${row('dash-1')} td:nth-child(3)`)).toBe('Ann Driver');
    await act(page, 'dash-1', 'start', 'ongoing');
    ann.setStart(Date.now());

    // The simulated driver drives to the destination; the board, the detail and the map follow.
    for (const fix of ann.trip.fixes) await ann.send(fix);
    await page.waitForSelector(`${row('dash-1', 'ongoing')} td.eta:text("arrived")`);
    await expect.poll(() => page.textContent('#d-status')).toBe('ongoing · arrived');
    await page.waitForSelector('#d-timeline li[data-type="order_geofence_entered"]');
    await page.waitForSelector(`#devices li[data-device="${ann.deviceId}"]`);
    expect(await page.textContent(`#devices li[data-device="${ann.deviceId}"]`)).toMatch(/Ann Driver · .*°.* · battery \d+%/);
    expect(Number(await page.getAttribute('#map', 'data-path-points'))).toBeGreaterThan(5);
    expect(Number(await page.getAttribute('#map', 'data-markers'))).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'dashboard-desktop-arrived');
    await act(page, 'dash-1', 'complete', 'completed');

    // Another order, created assigned, then completed.
    await createOrder(page, { handle: 'dash-2', at: ben.trip.destination, worker: ben.workerHandle });
    await page.waitForSelector(row('dash-2', 'assigned'));
    await act(page, 'dash-2', 'complete', 'completed');

    // A third, locked (cancel refused), unlocked, disabled, enabled, then cancelled.
    await createOrder(page, { handle: 'dash-3', at: ben.trip.destination });
    await act(page, 'dash-3', 'lock', 'unplanned');
    await page.waitForSelector('#d-locked:not([hidden])');
    expect(await page.isDisabled('#detail button[data-action="lock"]')).toBe(true);
    // Through the same session (context.request shares the page's cookies) but outside the page,
    // so the refusal does not land in the console.
    const csrf = (await context.cookies()).find((c) => c.name === 'dl_csrf')?.value ?? '';
    const r = await context.request.post(`${server.url}/app/api/orders/dash-3/cancel`, { headers: { 'x-csrf-token': csrf, origin: server.url }, data: {} });
    const refused = { status: r.status(), body: await r.json() };
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'order_locked' } } });
    await page.click('#detail button[data-action="unlock"]');
    await page.waitForSelector('#d-locked[hidden]', { state: 'attached' });
    await act(page, 'dash-3', 'disable', 'disabled');
    await act(page, 'dash-3', 'enable', 'unplanned');
    await act(page, 'dash-3', 'cancel', 'cancelled');

    // An order created elsewhere (the native API) reaches the board live.
    const outside = await server.call('POST', '/orders', {
      plan_mode: 'manual',
      orders: [
        {
          order_handle: 'api-made',
          scheduled_at: new Date(Date.now() + 3_600_000).toISOString(),
          destination: { geometry: { type: 'Point', coordinates: [-121.88, 37.34] } },
        },
      ],
    });
    expect(outside.status).toBe(201);
    await page.waitForSelector(row('api-made', 'unplanned'));

    // Filters and search narrow the board.
    await page.selectOption('#f-status', 'cancelled');
    await expect
      .poll(() => page.$$eval('#board tr', (rows) => rows.map((r) => (r as unknown as { dataset: { handle: string } }).dataset.handle)))
      .toEqual(['dash-3']);
    await page.selectOption('#f-status', '');
    await page.fill('#f-q', 'dash-2');
    await expect
      .poll(() => page.$$eval('#board tr', (rows) => rows.map((r) => (r as unknown as { dataset: { handle: string } }).dataset.handle)))
      .toEqual(['dash-2']);
    await page.fill('#f-q', '');
    await page.selectOption('#f-worker', ann.workerHandle);
    await expect
      .poll(() => page.$$eval('#board tr', (rows) => rows.map((r) => (r as unknown as { dataset: { handle: string } }).dataset.handle)))
      .toEqual(['dash-1']);
    await page.selectOption('#f-worker', '');
    await page.fill('#f-date', '2001-01-01');
    await expect.poll(() => page.$$eval('#board tr', (rows) => rows.length)).toBe(0);
    await page.fill('#f-date', '');
    await page.selectOption('#f-risk', 'at_risk');
    await page.selectOption('#f-risk', '');
    await expect.poll(() => page.$$eval('#board tr', (rows) => rows.length)).toBe(4);

    expect(await page.evaluate(() => (globalThis as unknown as { noReload?: boolean }).noReload)).toBe(true);
    await screenshot(page, 'dashboard-desktop');

    const phone = await browser.newContext(PHONE);
    const p = await watchedPage(phone, server.url);
    await signIn(p.page, server);
    await p.page.waitForSelector(row('dash-1', 'completed'));
    await screenshot(p.page, 'dashboard-phone');

    expect(w.errors).toEqual([]);
    expect(p.errors).toEqual([]);

    // Sign-out ends the session for the API too.
    await page.click('#signout');
    await page.waitForSelector('#signin:not([hidden])');
    expect(await page.evaluate(async () => (await fetch('/app/api/orders')).status)).toBe(401);

    expect(w.offOrigin).toEqual([]);
    expect(p.offOrigin).toEqual([]);
    await context.close();
    await phone.close();
  });
});
