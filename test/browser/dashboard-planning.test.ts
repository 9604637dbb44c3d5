import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebServer } from '../helpers/web-server.ts';
import { DESKTOP, launchBrowser, screenshot, watchedPage } from './browser.ts';
import { signIn } from './sign-in.ts';
import { browserSuite } from './suite.ts';

const DATE = '2030-01-08'; // a Tuesday
const GROUP = 'plan-view-group';
const point = (lng: number, lat: number) => ({ geometry: { type: 'Point', coordinates: [lng, lat] } });
const SAN_JOSE: [number, number] = [-121.886, 37.338];
const OAKLAND: [number, number] = [-122.271, 37.804];

/** Issue 15 item 7: plan from the dashboard, see the routes, move an order between them, complete one. */
describe('dashboard planning view (chromium)', () => {
  const suite = browserSuite();
  let server: WebServer;
  let browser: Browser;
  beforeAll(() => {
    ({ server, browser } = suite);
  });

  it('plans an ops group, draws each route, moves an order by select and by drag, completes a route', { timeout: 120_000 }, async () => {
    // Two workers far apart, each with home and a Tuesday shift: the planner gives each the orders near it.
    const schedule = [{ day_of_week: 'TUESDAY', start_time: '08:00', end_time: '18:00' }];
    for (const [handle, home] of [
      ['pv-south', SAN_JOSE],
      ['pv-north', OAKLAND],
    ] as const) {
      const w = await server.call('POST', '/workers', { worker_handle: handle, name: handle, ops_group_handle: GROUP, home: point(...home), schedule });
      expect(w.status, JSON.stringify(w.json)).toBe(201);
    }
    const near = ([lng, lat]: readonly [number, number], d: number) => ({ ...point(lng + d, lat + d), address: `${d} street` });
    const orders = [
      { order_handle: 'pv-s1', destination: near(SAN_JOSE, 0.01), scheduled_at: `${DATE}T12:00:00.000Z` },
      { order_handle: 'pv-s2', destination: near(SAN_JOSE, 0.02), scheduled_at: `${DATE}T13:00:00.000Z` },
      { order_handle: 'pv-n1', destination: near(OAKLAND, 0.01), scheduled_at: `${DATE}T12:00:00.000Z` },
      { order_handle: 'pv-n2', destination: near(OAKLAND, 0.02), scheduled_at: `${DATE}T13:00:00.000Z` },
      // Due before any shift starts: stays unplanned with the planner's reason.
      { order_handle: 'pv-early', destination: near(SAN_JOSE, 0.015), scheduled_at: `${DATE}T06:00:00.000Z` },
    ];
    const created = await server.call('POST', '/orders', { plan_mode: 'scheduled', ops_group_handle: GROUP, orders });
    expect(created.status, JSON.stringify(created.json)).toBe(201);

    const context = await browser.newContext(DESKTOP);
    const w = await watchedPage(context, server.url);
    const { page } = w;
    await signIn(page, server);
    await page.click('#planning-toggle');
    await page.fill('#plan-group', GROUP);
    await page.dispatchEvent('#plan-group', 'change');
    await page.waitForSelector('#plan-unplanned[data-count="5"]');
    await page.fill('#plan-date', DATE);
    await page.fill('#plan-budget', '1');
    await page.click('#plan-run');

    await page.waitForSelector('#plan-status[data-status="completed"]', { timeout: 60_000 });
    expect(await page.textContent('#plan-status')).toContain('4 planned, 1 could not be placed, 2 routes');
    await page.waitForSelector('#plan-unplanned[data-count="1"]');
    expect(await page.textContent('#plan-unplanned')).toMatch(/pv-early.*time window/);

    // Each route drawn in its own colour, its stops numbered.
    const routeOf = async (order: string) => page.getAttribute(`.plan-route:has(li[data-order="${order}"])`, 'data-route');
    const south = (await routeOf('pv-s1'))!;
    const north = (await routeOf('pv-n1'))!;
    expect(south).not.toBe(north);
    expect(await routeOf('pv-s2')).toBe(south);
    expect(await routeOf('pv-n2')).toBe(north);
    await page.waitForSelector('#map[data-plan-routes="2"][data-plan-stops="4"]');
    const colors = await page.$$eval('.plan-route', (els) => els.map((e) => e.getAttribute('style') ?? ''));
    expect(new Set(colors).size).toBe(2);
    await screenshot(page, 'dashboard-planning-routes');

    // Select + Move: pv-s2 goes to the north route.
    await page.selectOption(`.plan-route[data-route="${south}"] li[data-order="pv-s2"] select`, north);
    await page.click(`.plan-route[data-route="${south}"] li[data-order="pv-s2"] button.plan-move`);
    // The run's route is planned, not assigned: the order joins it planned.
    await page.waitForSelector(`.plan-route[data-route="${north}"] li[data-order="pv-s2"]:has-text("planned")`);
    const moved = await server.call('GET', `/orders/routes/${north}`);
    expect((moved.json.orders as { order_handle: string }[]).map((o) => o.order_handle).sort()).toEqual(['pv-n1', 'pv-n2', 'pv-s2']);

    // Drag and drop: pv-n1 onto the south route.
    await page.dragAndDrop(`li[data-order="pv-n1"]`, `.plan-route[data-route="${south}"]`);
    await page.waitForSelector(`.plan-route[data-route="${south}"] li[data-order="pv-n1"]`);
    expect((await server.call('GET', `/orders/pv-n1`)).json.route_handle).toBe(south);

    // Complete the south route: its open orders are cancelled with it.
    await page.click(`.plan-route[data-route="${south}"] button.plan-complete`);
    await page.waitForSelector(`.plan-route[data-route="${south}"][data-status="completed"]`);
    expect((await server.call('GET', `/orders/routes/${south}`)).json.status).toBe('completed');
    // The completed route keeps its line in the list but its cancelled stops leave the map: north has pv-n2 and pv-s2 left.
    await page.waitForSelector('#map[data-plan-routes="2"][data-plan-stops="2"]');
    await screenshot(page, 'dashboard-planning-after-moves');

    expect(w.errors).toEqual([]);
    expect(w.offOrigin).toEqual([]);
    await context.close();
  });

  it('draws the routes without WebGL too: the SVG renderer numbers the stops', { timeout: 120_000 }, async () => {
    const group = 'plan-view-svg';
    const w = await server.call('POST', '/workers', { worker_handle: 'pv-svg', name: 'pv-svg', ops_group_handle: group, home: point(...SAN_JOSE) });
    expect(w.status, JSON.stringify(w.json)).toBe(201);
    const orders = [0.01, 0.02, 0.03].map((d, i) => ({
      order_handle: `pv-svg-${i}`,
      destination: point(SAN_JOSE[0] + d, SAN_JOSE[1]),
      scheduled_at: `${DATE}T12:00:00.000Z`,
    }));
    expect((await server.call('POST', '/orders', { plan_mode: 'scheduled', ops_group_handle: group, orders })).status).toBe(201);
    const noGl = await launchBrowser({ webgl: false });
    try {
      const page = (await watchedPage(await noGl.newContext(DESKTOP), server.url)).page;
      await signIn(page, server);
      expect(await page.getAttribute('#map', 'data-renderer')).toBe('svg');
      await page.click('#planning-toggle');
      await page.fill('#plan-group', group);
      await page.fill('#plan-date', DATE);
      await page.fill('#plan-budget', '1');
      await page.click('#plan-run');
      await page.waitForSelector('#plan-status[data-status="completed"]', { timeout: 60_000 });
      await page.waitForSelector('#map[data-plan-routes="1"][data-plan-stops="3"]');
      expect(await page.$$eval('#map g.plan-routes text', (els) => els.map((e) => e.textContent))).toEqual(['1', '2', '3']);
      expect(await page.locator('#map g.plan-routes polyline').count()).toBe(1);
      // Off, the plan leaves the map.
      await page.click('#planning-toggle');
      await page.waitForSelector('#map[data-plan-routes="0"]');
    } finally {
      await noGl.close();
    }
  });
});
