import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateBranding } from '../../src/services/accounts/branding.ts';
import { putProof } from '../../src/services/drivers/proof-files.ts';
import { completeStop } from '../../src/services/drivers/stop-actions.ts';
import { createOrders } from '../../src/services/orders/create-orders.ts';
import { newOrderDraft } from '../helpers/new-order.ts';
import { solidPng } from '../helpers/solid-png.ts';
import { startWebServer, type WebServer } from '../helpers/web-server.ts';
import { DESKTOP, launchBrowser, PHONE, screenshot, watchedPage } from './browser.ts';

const DEST: [number, number] = [-121.8863, 37.3382];
// Large enough to be seen in the screenshots: a brown "parcel at the door" and a pale signature pad.
const PHOTO = solidPng(320, 180, [150, 110, 70]);
const SIGNATURE = solidPng(300, 90, [230, 236, 245]);

/** An order the driver app delivered with a photo and a signature (the stored proof markers). */
async function deliveredWithProof(server: WebServer, handle: string): Promise<string> {
  const accountId = server.account.account_id;
  const r = await server.call('POST', '/workers', { worker_handle: `w-${handle}`, name: 'Maria Lopez', device_id: `dev-${handle}` });
  expect(r.status).toBe(201);
  const draft = newOrderDraft(handle, { destination: { geometry: { type: 'Point', coordinates: DEST }, radius: 50, address: '200 Main St' } });
  const { orders } = await createOrders(server.deps, accountId, { planMode: 'manual', workerHandle: `w-${handle}`, orders: [draft] });
  const order = orders[0]!;
  const worker = (await server.deps.store.repos.workers.find(accountId, `w-${handle}`))!;
  await putProof(server.deps, worker, order.id, 'photo', PHOTO);
  await putProof(server.deps, worker, order.id, 'signature', SIGNATURE);
  await completeStop(server.deps, worker, order.id, `act-${handle}`, { pin: null, barcodes: [], notes: null, location: null, signerName: 'Ana' });
  return order.shareCode;
}

describe('proof of delivery on the tracking page (chromium)', () => {
  let server: WebServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer('pglite'), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = async (code: string, viewport: typeof PHONE | typeof DESKTOP) => {
    const context = await browser.newContext(viewport);
    const w = await watchedPage(context, server.url);
    await w.page.goto(`${server.url}/t/${code}`);
    await w.page.waitForSelector('#status[data-status="completed"]');
    return { ...w, context };
  };

  it('shows the photo, signature and time after delivery where the account enables it, and nothing where not', { timeout: 60_000 }, async () => {
    const code = await deliveredWithProof(server, 'bakery-2001');
    const hidden = await open(code, PHONE);
    expect(await hidden.page.locator('#proof').isVisible()).toBe(false);
    expect(await hidden.page.locator('#proof-photo').getAttribute('src')).toBeNull();
    const json = (await (await fetch(`${server.url}/t/${code}`, { headers: { accept: 'application/json' } })).json()) as { proof: unknown };
    expect(json.proof).toBeNull();
    expect(hidden.errors).toEqual([]);
    await hidden.context.close();

    await updateBranding(server.deps, server.account.account_id, { showProof: true });
    for (const viewport of [PHONE, DESKTOP]) {
      const shown = await open(code, viewport);
      const { page } = shown;
      await page.waitForSelector('#proof:not([hidden])');
      expect(await page.textContent('#proof-time')).toMatch(/^Proof of delivery · .+/);
      for (const img of ['#proof-photo', '#proof-signature']) {
        expect(await page.getAttribute(img, 'src')).toMatch(new RegExp(`^${server.url}/proofs/prf_\\w+\\?exp=\\d+&sig=`));
        await page.waitForFunction((sel) => {
          const el = (globalThis as any).document.querySelector(sel);
          return el.complete && el.naturalWidth > 0;
        }, img);
      }
      await screenshot(page, `tracking-proof-${viewport === PHONE ? 'phone' : 'desktop'}`);
      expect(shown.offOrigin).toEqual([]);
      expect(shown.errors).toEqual([]);
      await shown.context.close();
    }
    const body = (await (await fetch(`${server.url}/t/${code}`, { headers: { accept: 'application/json' } })).json()) as {
      proof: { photo_url: string; signature_url: string; completed_at: string };
    };
    expect(body.proof.completed_at).toEqual(expect.any(String));
    expect((await fetch(body.proof.photo_url)).status).toBe(200);
  });
});
