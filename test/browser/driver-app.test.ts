import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { dashboardSession } from '../helpers/dashboard-session.ts';
import type { WebServer } from '../helpers/web-server.ts';
import { DESKTOP, PHONE, screenshot, watchedPage } from './browser.ts';
import { type DriverDay, type LngLat, seedDriverDay, stepsBetween } from './driver-day.ts';
import { drawSignature, photoShown } from './driver-proofs.ts';
import { browserSuite } from './suite.ts';

const ANDROID_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36';
const PHOTO = readFileSync(new URL('../../web/public/driver/icon-512.png', import.meta.url));

const stopItem = (handle: string, state?: string) => `#stops li[data-handle="${handle}"]${state ? `[data-state="${state}"]` : ''}`;
const detail = (handle: string, state: string) => `#stop[data-handle="${handle}"][data-state="${state}"]`;
/** Nothing left in the outbox: the strip disappears once the server has acknowledged everything. */
async function synced(page: Page) {
  await page.waitForSelector('#sync[hidden], #sync:not([data-rejected="0"])', { state: 'attached' });
  const refused = await page.getAttribute('#sync', 'data-rejected');
  if (refused !== '0' && refused !== null) throw new Error(`refused by the server: ${await page.textContent('#sync-list')}`);
}

async function newPhone(browser: Browser, day: DriverDay, o: { serviceWorkers: 'allow' | 'block' }): Promise<BrowserContext> {
  const context = await browser.newContext({
    ...PHONE,
    userAgent: ANDROID_UA,
    geolocation: { longitude: day.start[0], latitude: day.start[1], accuracy: 5 },
    permissions: ['geolocation'],
    serviceWorkers: o.serviceWorkers,
  });
  return context;
}

async function moveTo(context: BrowserContext, page: Page, at: LngLat) {
  await context.setGeolocation({ longitude: at[0], latitude: at[1], accuracy: 5 });
  // The app's watcher shows the newest position it got; waiting on it keeps the fixes in order.
  const want = `${at[1].toFixed(6)},${at[0].toFixed(6)}`;
  await page.waitForFunction(
    (w) => (globalThis as unknown as { document: { body: { dataset: Record<string, string | undefined> } } }).document.body.dataset.lastFix === w,
    want,
  );
}

async function openStop(page: Page, handle: string, state: string) {
  if (await page.isVisible('#back')) await page.click('#back');
  await page.click(stopItem(handle));
  await page.waitForSelector(detail(handle, state));
}

async function act(page: Page, action: string, handle: string, state: string) {
  await page.click(`#stop .actions button[data-action="${action}"]`);
  await page.waitForSelector(detail(handle, state));
}

/** A zigzag across the pad's middle. */
const zigzag = (box: { x: number; y: number; height: number }) =>
  Array.from({ length: 13 }, (_, i): [number, number] => [box.x + 20 + i * 20, box.y + box.height / 2 + (i === 0 ? 0 : i % 2 ? -25 : 25)]);

/**
 * A driver's day on the phone: signs in by link, goes on shift, sees two stops in order, accepts
 * both, starts the first, checks the navigation link, drives there (emulated positions) and
 * arrives, completes it with photo + signature + PIN; starts the second and fails it with a
 * reason. `cut` runs between arrival and completion (the offline variant cuts the network there).
 */
async function driveTheDay(browser: Browser, server: WebServer, day: DriverDay, o: { name: string; cut?: (c: BrowserContext, p: Page) => Promise<void> }) {
  const context = await newPhone(browser, day, { serviceWorkers: o.cut ? 'block' : 'allow' });
  const w = await watchedPage(context, server.url);
  const { page } = w;
  const [ana, ben] = day.stops as [DriverDay['stops'][0], DriverDay['stops'][0]];

  await page.goto(day.link.url);
  await page.waitForSelector('#app:not([hidden])');
  // The token left the address bar once it was used.
  expect(page.url()).toBe(`${server.url}/driver`);
  await page.waitForSelector(stopItem(ana.handle, 'new'));
  expect(await page.locator('#stops li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-handle')))).toEqual([ana.handle, ben.handle]);
  expect(await page.textContent(stopItem(ana.handle))).toContain(ana.address);
  expect(await page.textContent(stopItem(ana.handle))).toContain(ana.customer);
  await screenshot(page, `driver-phone-${o.name}-stops`);

  await page.waitForSelector('#shift[data-state="off"]');
  await page.click('#shift');
  await page.waitForSelector('#shift[data-state="on"]');
  await synced(page);
  const me = await page.request.get(`${server.url}/driver/api/me`);
  expect((await me.json()).on_shift).toBe(true);

  await openStop(page, ana.handle, 'new');
  expect(await page.getAttribute('#s-phone', 'href')).toBe('tel:+15550100');
  expect(await page.textContent('#s-instructions')).toBe(ana.instructions);
  expect(await page.textContent('#s-customer')).toContain(ana.customer);
  await act(page, 'accept', ana.handle, 'accepted');
  await openStop(page, ben.handle, 'new');
  await act(page, 'accept', ben.handle, 'accepted');
  await openStop(page, ana.handle, 'accepted');
  await act(page, 'start', ana.handle, 'started');
  await synced(page);

  // Navigate hands the trip to the phone's maps app: geo: on Android, the others one tap away.
  const [lng, lat] = ana.at;
  expect(await page.getAttribute('#navigate', 'href')).toBe(`geo:${lat},${lng}?q=${lat},${lng}(${encodeURIComponent(ana.address)})`);
  expect(await page.getAttribute('#nav-google', 'href')).toBe(`https://www.google.com/maps/dir/?api=1&destination=${lat}%2C${lng}&travelmode=driving`);
  expect(await page.getAttribute('#nav-apple', 'href')).toBe(`https://maps.apple.com/?daddr=${lat}%2C${lng}&dirflg=d`);
  await screenshot(page, `driver-phone-${o.name}-started`);

  for (const p of stepsBetween(day.start, ana.at, 5)) await moveTo(context, page, p);
  await page.waitForSelector(detail(ana.handle, 'arrived'));
  await synced(page);

  await o.cut?.(context, page);

  await page.click('#stop .actions button[data-action="complete"]');
  await page.waitForSelector('#complete-form:not([hidden])');
  // The app will not complete without the order's proofs.
  await page.click('#complete-submit');
  expect(await page.textContent('#complete-missing')).toBe('Still needed: photo, signature, PIN');
  expect(await page.getAttribute('#stop', 'data-state')).toBe('arrived');
  await page.setInputFiles('#photo-input', { name: 'door.png', mimeType: 'image/png', buffer: PHOTO });
  await photoShown(page);
  await drawSignature(page, zigzag);
  await page.fill('#pin', ana.pin!);
  await page.fill('#notes', 'Left with the neighbour');
  await page.waitForSelector('#proof-signature[data-done="true"]');
  await screenshot(page, `driver-phone-${o.name}-proof`);
  await page.click('#complete-submit');
  await page.waitForSelector(detail(ana.handle, 'completed'));

  await openStop(page, ben.handle, 'accepted');
  await act(page, 'start', ben.handle, 'started');
  await page.click('#stop .actions button[data-action="fail"]');
  await page.selectOption('#fail-reason', 'customer_unavailable');
  await page.fill('#fail-notes', 'Nobody home');
  await page.click('#fail-form button[type="submit"]');
  await page.waitForSelector(detail(ben.handle, 'failed'));
  await page.click('#back');
  return { context, page, w };
}

/** What the native API and the dashboard's API say about the finished day. */
async function checkBodies(server: WebServer, day: DriverDay) {
  const [ana, ben] = day.stops as [DriverDay['stops'][0], DriverDay['stops'][0]];
  const a = (await server.call('GET', `/orders/${ana.handle}`)).json;
  expect(a.status).toBe('completed');
  const pod = a.metadata.proof_of_delivery;
  expect(pod).toMatchObject({ pin_entered: ana.pin, notes: 'Left with the neighbour' });
  expect(pod.completion_location.lat).toBeCloseTo(ana.at[1], 4);
  expect(pod.completion_location.lng).toBeCloseTo(ana.at[0], 4);
  const photo = await fetch(pod.photo_url);
  expect(photo.status).toBe(200);
  expect(photo.headers.get('content-type')).toBe('image/jpeg');
  const photoBytes = new Uint8Array(await photo.arrayBuffer());
  expect([...photoBytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  const signature = await fetch(pod.signature_url);
  expect(signature.headers.get('content-type')).toBe('image/png');
  const count = (o: { timeline: { type: string }[] }, type: string) => o.timeline.filter((e) => e.type === type).length;
  expect(count(a, 'order_completed')).toBe(1);
  expect(count(a, 'order_accepted')).toBe(1);

  const b = (await server.call('GET', `/orders/${ben.handle}`)).json;
  expect(b.status).toBe('cancelled');
  expect(b.metadata).toMatchObject({ driver_failure_reason: 'customer_unavailable', driver_failure_notes: 'Nobody home' });
  expect(count(b, 'order_cancelled')).toBe(1);
  expect(count(b, 'order_accepted')).toBe(1);

  const { cookie } = await dashboardSession(server);
  const dash = (await (await fetch(`${server.url}/app/api/orders/${ana.handle}`, { headers: { cookie } })).json()) as any;
  expect(dash.proof_of_delivery).toMatchObject({ pin_entered: ana.pin, notes: 'Left with the neighbour' });
  expect(dash.proof_of_delivery.photo_url).toMatch(/\/proofs\/prf_/);
  const dashFailed = (await (await fetch(`${server.url}/app/api/orders/${ben.handle}`, { headers: { cookie } })).json()) as any;
  expect(dashFailed.failure).toEqual({ reason: 'customer_unavailable', notes: 'Nobody home' });
  // The phone's positions came in through the native batch endpoint with its link token, battery
  // included. The emulated drive moves ~90 m between fixes milliseconds apart, which ingest drops as
  // teleports; the first fix of the shift (at the start) is the one that stays.
  const devices = (await (await fetch(`${server.url}/app/api/devices`, { headers: { cookie } })).json()) as any;
  const phone = devices.devices.find((d: { device_id: string }) => d.device_id === day.deviceId);
  expect(phone.location.lat).toBeCloseTo(day.start[1], 5);
  expect(phone.location.lng).toBeCloseTo(day.start[0], 5);
  expect(phone.location.battery).toBeGreaterThanOrEqual(0);
  expect(phone.location.battery).toBeLessThanOrEqual(100);
  return { photoBytes: photoBytes.length };
}

/** The dispatcher's order detail shows the photo and signature (loaded through their signed URLs) and the failure. */
async function checkDashboard(browser: Browser, server: WebServer, day: DriverDay) {
  const [ana, ben] = day.stops as [DriverDay['stops'][0], DriverDay['stops'][0]];
  const context = await browser.newContext(DESKTOP);
  const w = await watchedPage(context, server.url);
  const { page } = w;
  await page.goto(`${server.url}/app`);
  await page.fill('#account-id', server.account.account_id);
  await page.fill('#secret-key', server.account.secret_key);
  await page.click('#signin-form button[type="submit"]');
  await page.click(`#board tr[data-handle="${ana.handle}"]`);
  await page.waitForSelector(`#detail[data-handle="${ana.handle}"] #d-proof-photo`);
  const loaded = (id: string) =>
    page.waitForFunction((i) => {
      const e = (
        globalThis as unknown as { document: { getElementById(i: string): { complete: boolean; naturalWidth: number } | null } }
      ).document.getElementById(i);
      return !!e && e.complete && e.naturalWidth > 0;
    }, id);
  await loaded('d-proof-photo');
  await loaded('d-proof-signature');
  expect(await page.textContent('#d-proof')).toContain(`PIN ${ana.pin}`);
  await screenshot(page, 'driver-dashboard-proof');
  await page.click(`#board tr[data-handle="${ben.handle}"]`);
  await page.waitForSelector(`#detail[data-handle="${ben.handle}"] .d-failure`);
  expect(await page.textContent('#d-proof .d-failure')).toBe('customer unavailable: “Nobody home”');
  expect(w.errors).toEqual([]);
  await context.close();
}

describe('driver app (chromium, phone 390×844, emulated geolocation)', () => {
  const suite = browserSuite();
  let server: WebServer;
  let browser: Browser;
  beforeAll(() => {
    ({ server, browser } = suite);
  });

  it('signs in by link, works a day of two stops, and every API shows the proofs and the reason', { timeout: 180_000 }, async () => {
    const day = await seedDriverDay(server, 'online');
    const { context, page, w } = await driveTheDay(browser, server, day, { name: 'online' });
    await synced(page);
    await screenshot(page, 'driver-phone-online-done');
    await checkBodies(server, day);
    // Opened again without coverage: the worker serves the shell, IndexedDB the day as last seen.
    await page.waitForFunction(
      () => (globalThis as unknown as { navigator: { serviceWorker: { controller: unknown } } }).navigator.serviceWorker.controller !== null,
    );
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('#app:not([hidden])');
    await page.waitForSelector(stopItem(day.stops[0]!.handle, 'completed'));
    await page.waitForSelector(stopItem(day.stops[1]!.handle, 'failed'));
    expect(await page.getAttribute('#net', 'data-state')).toBe('offline');
    await context.setOffline(false);
    // Offline, the reads that could not be made are the only console errors.
    expect(w.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e))).toEqual([]);
    expect(w.offOrigin).toEqual([]);
    await context.close();
    await checkDashboard(browser, server, day);
  });

  it('with the network cut between arrival and completion: everything is kept, sent once, in order', { timeout: 180_000 }, async () => {
    const day = await seedDriverDay(server, 'offline');
    let completes = 0;
    const { context, page, w } = await driveTheDay(browser, server, day, {
      name: 'offline',
      cut: async (c, p) => {
        await c.setOffline(true);
        await p.waitForSelector('#net[data-state="offline"]');
      },
    });
    // Offline: everything waits on the phone and says so.
    await page.waitForSelector('#sync:not([hidden])');
    const pending = Number(await page.getAttribute('#sync', 'data-actions'));
    // photo, signature, complete, start, fail
    expect(pending).toBe(5);
    expect(await page.textContent('#sync')).toMatch(/^5 actions/);
    await page.click('#sync');
    expect(await page.locator('#sync-list li[data-kind="action"]').evaluateAll((lis) => lis.map((li) => li.textContent))).toEqual([
      'Photo · 12 Ana Street',
      'Signature · 12 Ana Street',
      'Completed · 12 Ana Street',
      'Started · 34 Ben Avenue',
      'Not delivered · 34 Ben Avenue',
    ]);
    await screenshot(page, 'driver-phone-offline-waiting');
    const [ana] = day.stops;
    expect((await server.call('GET', `/orders/${ana!.handle}`)).json.status).toBe('ongoing');

    // Back online, the first completion reaches the server but its answer is lost: the replay must not complete twice.
    await context.route('**/driver/api/stops/*/complete', async (route) => {
      completes++;
      const res = await route.fetch();
      if (completes === 1) await route.abort('connectionreset');
      else await route.fulfill({ response: res });
    });
    await context.setOffline(false);
    await synced(page);
    expect(completes).toBe(2);
    await page.waitForSelector(stopItem(ana!.handle, 'completed'));
    await checkBodies(server, day);
    // The lost answer was a network error, the only console noise allowed.
    expect(w.errors.filter((e) => !/ERR_CONNECTION_RESET|ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e))).toEqual([]);
    expect(w.offOrigin).toEqual([]);
    await context.close();
  });
});
