import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NewAccountCredentials } from '../../src/services/accounts/create-account.ts';
import { twoStopTask } from '../helpers/bringg.ts';
import { DROPOFF as UBER_DROPOFF, deliveryReq } from '../helpers/uber.ts';
import type { WebServer } from '../helpers/web-server.ts';
import { PHONE, screenshot, watchedPage } from './browser.ts';
import { drawSignature, photoShown } from './driver-proofs.ts';
import { browserSuite } from './suite.ts';

const PHOTO = readFileSync(new URL('../../web/public/driver/icon-512.png', import.meta.url));

interface StopRow {
  stop_id: string;
  order_handle: string;
  type: string;
}

async function json(res: Response) {
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${text}`);
  return JSON.parse(text);
}

/** From wherever the app is, back to the list and into one stop's detail. */
async function openStop(page: Page, stopId: string) {
  if (await page.isVisible('#back')) await page.click('#back');
  await page.click(`#stops li[data-stop="${stopId}"]`);
  await page.waitForSelector(`#stop[data-stop="${stopId}"]`);
}

async function tap(page: Page, action: string, state: string) {
  await page.click(`#stop .actions button[data-action="${action}"]`);
  await page.waitForSelector(`#stop[data-state="${state}"]`);
}

/** A zigzag from the pad's top left. */
const zigzag = (box: { x: number; y: number }) => Array.from({ length: 11 }, (_, i): [number, number] => [box.x + 30 + i * 25, box.y + 40 + (i % 2 ? 30 : 0)]);

describe("driver app: an Uber delivery and a Bringg task worked on the phone, seen in the vendors' bodies (chromium)", () => {
  const suite = browserSuite();
  let server: WebServer;
  let browser: Browser;
  beforeAll(() => {
    ({ server, browser } = suite);
  });

  it('Uber verification carries the photo, signature and PIN; Bringg the pickup note and the failure reason', { timeout: 180_000 }, async () => {
    const creds = server.account as unknown as NewAccountCredentials;
    const workerHandle = `dialect-driver-${Date.now()}`;
    expect((await server.call('POST', '/workers', { worker_handle: workerHandle, name: 'Dee Alect', device_id: `${workerHandle}-phone` })).status).toBe(201);

    const uberToken = (
      await json(
        await fetch(`${server.url}/oauth/v2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            client_id: creds.uber.live.client_id,
            client_secret: creds.uber.live.client_secret,
            grant_type: 'client_credentials',
            scope: 'eats.deliveries',
          }),
        }),
      )
    ).access_token as string;
    const uberBase = `${server.url}/v1/customers/${creds.uber.customer_id}/deliveries`;
    const uber = (path: string, body?: unknown) =>
      fetch(uberBase + path, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${uberToken}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(json);
    const delivery = await uber(
      '',
      deliveryReq({
        dropoff_verification: {
          picture: true,
          signature_requirement: { enabled: true },
          pincode: { enabled: true },
          barcodes: [{ value: 'PKG-42', type: 'CODE128' }],
        },
      }),
    );
    const pin = delivery.dropoff.verification_requirements.pincode.value as string;
    for (const type of ['pick', 'drop'])
      expect((await server.call('POST', `/orders/${delivery.id}/reassign?type=${type}`, { worker_handle: workerHandle })).status).toBe(200);

    const bringgToken = (
      await json(
        await fetch(`${server.url}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ grant_type: 'client_credentials', client_id: creds.bringg.client_id, client_secret: creds.bringg.client_secret }),
        }),
      )
    ).access_token as string;
    const bringg = (name: string, body: unknown) =>
      fetch(`${server.url}/services/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bringgToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(json);
    const task = (await bringg('create_task', twoStopTask())).task;
    expect((await bringg('assign_task', { id: task.id, user_external_id: workerHandle })).success).toBe(true);

    const link = (await server.call('POST', `/workers/${workerHandle}/driver_links`, {})).json;
    const context = await browser.newContext({
      ...PHONE,
      geolocation: { latitude: UBER_DROPOFF.lat, longitude: UBER_DROPOFF.lng, accuracy: 8 },
      permissions: ['geolocation'],
      serviceWorkers: 'block',
    });
    const w = await watchedPage(context, server.url);
    const { page } = w;
    await page.goto(link.url);
    await page.waitForSelector('#stops li');
    const stops = (await (await page.request.get(`${server.url}/driver/api/stops`)).json()).stops as StopRow[];
    expect(await page.locator('#stops li').count()).toBe(4);
    const find = (handle: string, type: string) => stops.find((s) => s.order_handle === handle && s.type === type)!.stop_id;
    const uberPick = find(delivery.id, 'pick');
    const uberDrop = find(delivery.id, 'drop');
    const bringgPick = stops.find((s) => s.order_handle !== delivery.id && s.type === 'pick')!.stop_id;
    const bringgDrop = stops.find((s) => s.order_handle !== delivery.id && s.type === 'drop')!.stop_id;

    // Uber: the pickup needs no proof; the dropoff photo, signature and PIN.
    await openStop(page, uberPick);
    await tap(page, 'start', 'started');
    await page.click('#stop .actions button[data-action="complete"]');
    await page.click('#complete-submit');
    await page.waitForSelector(`#stop[data-stop="${uberPick}"][data-state="completed"]`);
    await openStop(page, uberDrop);
    await tap(page, 'start', 'started');
    await page.click('#stop .actions button[data-action="complete"]');
    await page.setInputFiles('#photo-input', { name: 'door.png', mimeType: 'image/png', buffer: PHOTO });
    await photoShown(page);
    await drawSignature(page, zigzag);
    await page.fill('#pin', pin);
    // Headless Chromium has no barcode detector: the value is typed, and the required one must be there.
    await page.click('#complete-submit');
    expect(await page.textContent('#complete-missing')).toBe('Still needed: barcode PKG-42');
    await page.fill('#barcode-text', 'PKG-42');
    await page.click('#barcode-add');
    await page.waitForSelector('#proof-barcode[data-done="true"]');
    await page.click('#complete-submit');
    await page.waitForSelector(`#stop[data-stop="${uberDrop}"][data-state="completed"]`);

    // Bringg: accept both, a note at the pickup, the dropoff fails.
    await openStop(page, bringgPick);
    await tap(page, 'accept', 'accepted');
    await openStop(page, bringgDrop);
    await tap(page, 'accept', 'accepted');
    await openStop(page, bringgPick);
    await tap(page, 'start', 'started');
    await page.click('#stop .actions button[data-action="complete"]');
    await page.fill('#notes', 'Two bags');
    await page.click('#complete-submit');
    await page.waitForSelector(`#stop[data-stop="${bringgPick}"][data-state="completed"]`);
    await openStop(page, bringgDrop);
    await tap(page, 'start', 'started');
    await page.click('#stop .actions button[data-action="fail"]');
    await page.selectOption('#fail-reason', 'access_denied');
    await page.fill('#fail-notes', 'Locked gate');
    await page.click('#fail-form button[type="submit"]');
    await page.waitForSelector(`#stop[data-stop="${bringgDrop}"][data-state="failed"]`);
    await page.click('#back');
    await page.waitForSelector('#sync[hidden]', { state: 'attached' });
    await screenshot(page, 'driver-phone-dialects-done');

    const got = await uber(`/${delivery.id}`);
    expect(got.status).toBe('delivered');
    const v = got.dropoff.verification;
    expect(v.pin_code).toEqual({ entered: pin });
    expect(v.barcodes).toEqual([expect.objectContaining({ value: 'PKG-42', type: 'CODE128', scan_result: expect.objectContaining({ outcome: 'SUCCESS' }) })]);
    expect(v.completion_location.lat).toBeCloseTo(UBER_DROPOFF.lat, 5);
    expect(v.completion_location.lng).toBeCloseTo(UBER_DROPOFF.lng, 5);
    const picture = await fetch(v.picture.image_url);
    expect(picture.headers.get('content-type')).toBe('image/jpeg');
    const signature = await fetch(v.signature.image_url);
    expect(signature.headers.get('content-type')).toBe('image/png');

    const t = (await bringg('get_task', { id: task.id })).task;
    expect(t.task_cancellation_reason).toEqual({ reason_to_cancel_task_id: 4, other_text: 'Locked gate' });
    expect(t.task_notes).toEqual(expect.arrayContaining([expect.objectContaining({ way_point_id: t.way_points[0].id, type: 'Note', note: 'Two bags' })]));

    expect(w.errors).toEqual([]);
    expect(w.offOrigin).toEqual([]);
    await context.close();
  });
});
