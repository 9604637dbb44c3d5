import { chromium, type Browser } from 'playwright-core';
import { proofUploadFigures } from './driver-proofs.ts';
import { envInt } from './lib/env.ts';
import { type BenchServer, startBenchServer } from './lib/server.ts';
import { fmtInt, fmtMs, formatTable } from './lib/table.ts';

/**
 * The driver app's part of `npm run bench:web`: what a phone downloads and how long it waits for
 * its stop list (localhost, cold cache), and how long a 1 MB proof photo takes to store on
 * PostgreSQL (driver-proofs.ts: BENCH_PROOF_UPLOADS uploads, one after another).
 */

const LOADS = envInt('BENCH_PAGE_LOADS', 5);
const STOPS = envInt('BENCH_DRIVER_STOPS', 30);

interface Driver {
  workerHandle: string;
  cookie: string;
  stopIds: string[];
}

/** A worker with STOPS assigned stops on one route, signed in through a driver link as the phone would be. */
async function seedDriver(server: BenchServer, name: string): Promise<Driver> {
  const workerHandle = `bench-driver-${name}`;
  await server.request('POST', '/workers', { worker_handle: workerHandle, name: `Driver ${name}`, device_id: `${workerHandle}-phone` });
  const base = Date.now() + 3600_000;
  await server.request('POST', '/orders', {
    plan_mode: 'manual',
    worker_handle: workerHandle,
    orders: Array.from({ length: STOPS }, (_, i) => ({
      order_handle: `${workerHandle}-stop-${i}`,
      scheduled_at: new Date(base + i * 600_000).toISOString(),
      destination: { geometry: { type: 'Point', coordinates: [-121.95 + i * 0.002, 37.3] }, radius: 50, address: `${100 + i} Bench Street` },
      metadata: { customer_name: `Customer ${i}`, customer_phone: '+15550100', instructions: 'Leave at the door' },
    })),
  });
  const link = await server.request<{ token: string }>('POST', `/workers/${workerHandle}/driver_links`, {});
  const res = await fetch(`${server.url}/driver/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: link.json.token }),
  });
  if (!res.ok) throw new Error(`driver sign-in: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  const stops = await fetch(`${server.url}/driver/api/stops`, { headers: { cookie } });
  const stopIds = ((await stops.json()) as { stops: { stop_id: string }[] }).stops.map((s) => s.stop_id);
  return { workerHandle, cookie, stopIds };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** One cold load of /driver with the driver's session: bytes on the wire and the page's own "stops rendered" mark. */
async function loadApp(browser: Browser, server: BenchServer, d: Driver) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  // The bench server's public URL is https, so its cookies are Secure; this plain-http localhost page gets them handed in.
  await context.addCookies(
    d.cookie.split('; ').map((kv) => {
      const [name, ...v] = kv.split('=');
      return { name: name!, value: v.join('='), url: `${server.url}/driver` };
    }),
  );
  const page = await context.newPage();
  const finished: Promise<number>[] = [];
  page.on('requestfinished', (r) => finished.push(r.sizes().then((s) => s.responseBodySize + s.responseHeadersSize)));
  await page.goto(`${server.url}/driver`);
  await page.waitForFunction(() => performance.getEntriesByName('dropline:stops-rendered').length > 0);
  const ms = await page.evaluate(() => performance.getEntriesByName('dropline:stops-rendered')[0]!.startTime);
  const listed = await page.locator('#stops li').count();
  if (listed !== d.stopIds.length) throw new Error(`the app listed ${listed} stops, the API ${d.stopIds.length}`);
  await page.waitForLoadState('networkidle').catch(() => {});
  const sizes = await Promise.all(finished);
  await context.close();
  return { bytes: sizes.reduce((a, b) => a + b, 0), requests: sizes.length, ms };
}

export async function driverAppBench(chromiumPath: string, args: string[], pageStore: BenchServer['kind']) {
  const browser = await chromium.launch({ executablePath: chromiumPath, args });
  try {
    const pages = await startBenchServer(pageStore);
    let load: { bytes: number; requests: number; ms: number };
    try {
      const d = await seedDriver(pages, 'page');
      await loadApp(browser, pages, d); // warm the server's template and file caches
      const loads = [];
      for (let i = 0; i < LOADS; i++) loads.push(await loadApp(browser, pages, d));
      load = { bytes: median(loads.map((l) => l.bytes)), requests: median(loads.map((l) => l.requests)), ms: median(loads.map((l) => l.ms)) };
    } finally {
      await pages.close();
    }

    const pg = await startBenchServer('postgres');
    let proofs: Awaited<ReturnType<typeof proofUploadFigures>>;
    try {
      proofs = await proofUploadFigures(pg);
    } finally {
      await pg.close();
    }

    const kb = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
    console.log('');
    console.log(
      formatTable(
        [`Driver app (localhost, cold cache, median of ${LOADS})`, 'Transferred (gzip)', 'Requests', 'Stop list shown'],
        [[`${STOPS} stops, ${pageStore}`, kb(load.bytes), load.requests, `${fmtMs(load.ms)} ms`]],
      ),
    );
    console.log('');
    console.log(
      formatTable(
        ['Proof upload (PUT photo, sequential)', 'Photo', 'Uploads', 'p50', 'p99', 'max'],
        [['postgres', kb(proofs.bytes), fmtInt(proofs.uploads), `${fmtMs(proofs.p50)} ms`, `${fmtMs(proofs.p99)} ms`, `${fmtMs(proofs.max)} ms`]],
      ),
    );
  } finally {
    await browser.close();
  }
}
