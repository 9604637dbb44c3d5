import { Worker } from 'node:worker_threads';
import { chromium, type Browser } from 'playwright-core';
import { ensureWebBuild } from '../src/cli/build-web.ts';
import type { StoreKind } from '../src/store/store.ts';
import { fixAt } from './ingest-requests.ts';
import type { SseResult, SseSpec } from './ingest-sse-worker.ts';
import { runCleanup } from './lib/cleanup.ts';
import { driverAppBench } from './web-driver.ts';
import { envInt } from './lib/env.ts';
import { type BenchServer, startBenchServer } from './lib/server.ts';
import { fmtInt, fmtMs, formatTable } from './lib/table.ts';

const PAGES = envInt('BENCH_PAGES', 1_000);
const LOADS = envInt('BENCH_PAGE_LOADS', 5);
const SSE_ROUNDS = envInt('BENCH_SSE_ROUNDS', 3);
const SSE_CONCURRENCY = envInt('BENCH_SSE_CONCURRENCY', 16);
const DASH_MOVERS = envInt('BENCH_DASHBOARD_MOVERS', 500);
const DASH_SECONDS = envInt('BENCH_DASHBOARD_SECONDS', 20);
/** Each moving device sends one fix every this many ms (issue 17: one fix per device every 5 s). */
const DASH_FIX_EVERY_MS = 5_000;
const STORE = (process.env.BENCH_STORE ?? 'pglite') as StoreKind;
const SEED_CONCURRENCY = 8;
const STEP_MS = 1000;
const TARGET = { pages: 1_000, sseP99: 250 };
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const SSE_WORKER = new URL('./ingest-sse-worker.ts', import.meta.url).href;
const TSX = import.meta.resolve('tsx/esm/api');

interface Fleet {
  deviceIds: string[];
  starts: [number, number][];
  sharePaths: string[];
}

/** PAGES drivers, each with one ongoing order: one customer tracking page per order. */
async function seedFleet(server: BenchServer): Promise<Fleet> {
  const starts = Array.from({ length: PAGES }, (_, i): [number, number] => [-121.95 + (i % 50) * 0.004, 37.3 + Math.floor(i / 50) * 0.004]);
  const deviceIds = starts.map((_, i) => `bench-web-device-${i}`);
  const sharePaths: string[] = new Array(PAGES);
  let next = 0;
  const lane = async () => {
    while (next < PAGES) {
      const i = next++;
      const handle = `bench-web-${i}`;
      await server.request('POST', '/workers', { worker_handle: handle, name: `Driver ${i}`, device_id: deviceIds[i] });
      const r = await server.request<{ orders: { share_url: string }[] }>('POST', '/orders/track', {
        worker_handle: handle,
        track_mode: 'on_time',
        orders: [{ order_handle: handle, destination: { geometry: { type: 'Point', coordinates: [starts[i]![0], starts[i]![1] + 0.02] }, radius: 50 } }],
      });
      sharePaths[i] = new URL(r.json.orders[0]!.share_url).pathname;
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, lane));
  return { deviceIds, starts, sharePaths };
}

interface PageLoad {
  bytes: number;
  /** Of `bytes`: the basemap archives' range reads (the shipped world file and DROPLINE_BASEMAP). */
  basemapBytes: number;
  requests: number;
  mapMs: number;
  etaMs: number;
}

/** One cold load (fresh context, empty cache) of a tracking page; times come from the page's own performance marks. */
async function loadPage(browser: Browser, url: string): Promise<PageLoad> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const finished: Promise<{ bytes: number; basemap: boolean }>[] = [];
  page.on('requestfinished', (r) =>
    finished.push(r.sizes().then((s) => ({ bytes: s.responseBodySize + s.responseHeadersSize, basemap: new URL(r.url()).pathname.endsWith('.pmtiles') }))),
  );
  await page.goto(url);
  await page.waitForFunction(
    () => performance.getEntriesByName('dropline:map-rendered').length > 0 && performance.getEntriesByName('dropline:eta-rendered').length > 0,
  );
  // The basemap arrives after first render; wait for the network to settle before counting bytes.
  await page.waitForLoadState('networkidle').catch(() => {});
  const marks = await page.evaluate(() => ({
    map: performance.getEntriesByName('dropline:map-rendered')[0]!.startTime,
    eta: performance.getEntriesByName('dropline:eta-rendered')[0]!.startTime,
  }));
  const sizes = await Promise.all(finished);
  await context.close();
  const sum = (xs: { bytes: number }[]) => xs.reduce((a, b) => a + b.bytes, 0);
  return { bytes: sum(sizes), basemapBytes: sum(sizes.filter((x) => x.basemap)), requests: sizes.length, mapMs: marks.map, etaMs: marks.eta };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function pageFigures(server: BenchServer, sharePath: string, webgl: boolean) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, ...(webgl ? [] : ['--disable-webgl', '--disable-webgl2'])] });
  try {
    await loadPage(browser, server.url + sharePath); // warm the server's template and file caches
    const loads: PageLoad[] = [];
    for (let i = 0; i < LOADS; i++) loads.push(await loadPage(browser, server.url + sharePath));
    return {
      bytes: median(loads.map((l) => l.bytes)),
      basemapBytes: median(loads.map((l) => l.basemapBytes)),
      requests: median(loads.map((l) => l.requests)),
      mapMs: median(loads.map((l) => l.mapMs)),
      etaMs: median(loads.map((l) => l.etaMs)),
    };
  } finally {
    await browser.close();
  }
}

interface DashboardFigures {
  devices: number;
  interactiveMs: number;
  fixesSent: number;
  fps: number;
  longestFrameMs: number;
}

/**
 * The dispatcher's dashboard with the whole fleet on its map: time to interactive (the page's
 * `dropline:dashboard-interactive` mark: board, driver list and markers drawn), then the frame
 * rate while DASH_MOVERS devices each send one fix every 5 s for DASH_SECONDS.
 */
async function dashboardFigures(server: BenchServer, fleet: Fleet): Promise<DashboardFigures> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const signIn = await context.request.post(`${server.url}/app/api/session`, {
      data: { account_id: server.account.account_id, secret_key: server.account.secret_key },
      headers: { origin: server.url },
    });
    if (!signIn.ok()) throw new Error(`dashboard sign-in: ${signIn.status()}`);
    const page = await context.newPage();
    await page.goto(`${server.url}/app`);
    await page.waitForFunction(() => performance.getEntriesByName('dropline:dashboard-interactive').length > 0, undefined, { timeout: 120_000 });
    const interactiveMs = await page.evaluate(() => performance.getEntriesByName('dropline:dashboard-interactive')[0]!.startTime);
    const movers = Math.min(DASH_MOVERS, fleet.deviceIds.length);
    // A string, not a function: tsx would wrap the page's named callbacks in a helper the page lacks.
    const frames = page.evaluate(`new Promise((resolve) => {
      const ms = ${DASH_SECONDS * 1000};
      const t0 = performance.now();
      let last = t0, n = 0, longest = 0;
      function tick(t) {
        n++;
        longest = Math.max(longest, t - last);
        last = t;
        if (t - t0 < ms) requestAnimationFrame(tick);
        else resolve({ frames: n, elapsed: t - t0, longest });
      }
      requestAnimationFrame(tick);
    })`) as Promise<{ frames: number; elapsed: number; longest: number }>;
    // Fixes spread evenly over each 5 s period, as a fleet's phones would send them.
    const started = Date.now();
    let sent = 0;
    while (Date.now() - started < DASH_SECONDS * 1000) {
      const due = Math.floor(((Date.now() - started) / DASH_FIX_EVERY_MS) * movers);
      const batch: Promise<unknown>[] = [];
      for (; sent < due; sent++) {
        const device = sent % movers;
        const round = Math.floor(sent / movers) + 1;
        const [lng, lat] = fleet.starts[device]!;
        batch.push(
          server.request('POST', `/devices/${fleet.deviceIds[device]}/locations`, [
            { recorded_at: new Date().toISOString(), lng: lng + round * 0.0004, lat, accuracy: 5, speed: 8, bearing: 90, battery: 80 },
          ]),
        );
      }
      await Promise.all(batch);
      await new Promise((r) => setTimeout(r, 50));
    }
    const f = await frames;
    const devices = Number(await page.getAttribute('#map', 'data-markers'));
    await context.close();
    return { devices, interactiveMs, fixesSent: sent, fps: (f.frames / f.elapsed) * 1000, longestFrameMs: f.longest };
  } finally {
    await browser.close();
  }
}

function runSse(spec: SseSpec): Promise<SseResult> {
  const boot = `import(${JSON.stringify(TSX)}).then((t) => { t.register(); return import(${JSON.stringify(SSE_WORKER)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: spec });
  return new Promise((resolve, reject) => {
    worker.once('message', (r: SseResult) => {
      resolve(r);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`SSE worker exited with code ${code} before reporting`)));
  });
}

async function main() {
  const built = await ensureWebBuild();
  console.log(`web bundle: ${built.built ? 'built' : 'up to date'} (dist/web)`);
  const server = await startBenchServer(STORE);
  try {
    const seeded = Date.now();
    const fleet = await seedFleet(server);
    console.log(`${STORE}: seeded ${fmtInt(PAGES)} ongoing orders in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);
    // Fixes are stamped after the orders were created so each one counts toward its order.
    const t0Ms = Date.now();
    let seq = 0;
    for (; seq < 3; seq++)
      await server.request('POST', `/devices/${fleet.deviceIds[0]}/locations`, [fixAt({ starts: fleet.starts, t0Ms, stepMs: STEP_MS }, 0, seq)]);

    const gl = await pageFigures(server, fleet.sharePaths[0]!, true);
    const svg = await pageFigures(server, fleet.sharePaths[0]!, false);

    process.stdout.write(`SSE: ${fmtInt(PAGES)} tracking-page streams, ${SSE_ROUNDS} rounds of one fix per driver… `);
    const sse = await runSse({
      url: server.url,
      authorization: server.authorization,
      subscribers: fleet.deviceIds.map((deviceId, i) => ({ deviceId, streamPath: `${fleet.sharePaths[i]}/stream`, start: fleet.starts[i]! })),
      t0Ms,
      stepMs: STEP_MS,
      seqStart: seq,
      rounds: SSE_ROUNDS,
      concurrency: SSE_CONCURRENCY,
    });
    console.log('done');
    // After the SSE rounds: every device has reported by then, and the SSE fixes' timestamps are older than these.
    process.stdout.write(`dashboard: ${fmtInt(PAGES)} devices, ${fmtInt(Math.min(DASH_MOVERS, PAGES))} moving for ${DASH_SECONDS} s… `);
    const dash = await dashboardFigures(server, fleet);
    console.log('done\n');

    const kb = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
    console.log(
      formatTable(
        [`Tracking page (localhost, cold cache, median of ${LOADS})`, 'Transferred (gzip)', 'of which basemap', 'Requests', 'Map rendered', 'ETA rendered'],
        [
          ['WebGL browser (MapLibre)', kb(gl.bytes), kb(gl.basemapBytes), gl.requests, `${fmtMs(gl.mapMs)} ms`, `${fmtMs(gl.etaMs)} ms`],
          ['No WebGL (SVG renderer)', kb(svg.bytes), kb(svg.basemapBytes), svg.requests, `${fmtMs(svg.mapMs)} ms`, `${fmtMs(svg.etaMs)} ms`],
        ],
      ),
    );
    console.log('');
    console.log(
      formatTable(
        ['Dashboard (1440×900, WebGL)', 'Devices on the map', 'Time to interactive', 'Fixes during run', 'Frame rate', 'Longest frame'],
        [
          [
            `${fmtInt(Math.min(DASH_MOVERS, PAGES))} moving, 1 fix / 5 s each`,
            fmtInt(dash.devices),
            `${fmtMs(dash.interactiveMs)} ms`,
            fmtInt(dash.fixesSent),
            `${dash.fps.toFixed(1)} fps`,
            `${fmtMs(dash.longestFrameMs)} ms`,
          ],
        ],
      ),
    );
    console.log('');
    const ok = sse.missing === 0 && PAGES >= TARGET.pages && sse.p99 <= TARGET.sseP99;
    console.log(
      formatTable(
        ['Live tracking pages (SSE share streams)', 'Pages live', 'Events', 'Missing', 'p50', 'p99', 'max', 'Target'],
        [
          [
            `one server, ${STORE}`,
            fmtInt(PAGES),
            fmtInt(sse.samples),
            sse.missing,
            `${fmtMs(sse.p50)} ms`,
            `${fmtMs(sse.p99)} ms`,
            `${fmtMs(sse.maxMs)} ms`,
            `≥ ${fmtInt(TARGET.pages)} pages, p99 ≤ ${TARGET.sseP99} ms: ${ok ? 'met' : 'MISSED'}`,
          ],
        ],
      ),
    );
    console.log(`(fix accepted → location event on the page's stream; posted → event p99 ${fmtMs(sse.postedP99)} ms)`);
  } finally {
    await server.close();
  }
  await driverAppBench(CHROMIUM, ARGS, STORE);
}

try {
  await main();
} finally {
  await runCleanup();
}
