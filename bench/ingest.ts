import { Worker } from 'node:worker_threads';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Deps } from '../src/services/deps.ts';
import type { StoreKind } from '../src/store/store.ts';
import { type IngestStreamArgs, seqsUsed } from './ingest-requests.ts';
import type { SseResult, SseSpec } from './ingest-sse-worker.ts';
import { runCleanup } from './lib/cleanup.ts';
import { envInt } from './lib/env.ts';
import { interleave } from './lib/interleave.ts';
import { describeFailures, type LoadResult, runLoad } from './lib/load.ts';
import { type BenchServer, startBenchServer } from './lib/server.ts';
import { fmtInt, fmtMs, formatTable } from './lib/table.ts';

const SECONDS = envInt('BENCH_SECONDS', 10);
const WARMUP_SECONDS = envInt('BENCH_WARMUP_SECONDS', 2);
const CONNECTIONS = envInt('BENCH_CONNECTIONS', 32);
/** The pipeline and its bare-insert ceiling alternate in this many rounds of BENCH_SECONDS / rounds each. */
const ROUNDS = envInt('BENCH_ROUNDS', 5);
const DEVICES = envInt('BENCH_DEVICES', 1_000);
const BATCH = 20;
const STEP_MS = 100;
const SSE_ROUNDS = envInt('BENCH_SSE_ROUNDS', 3);
const SSE_CONCURRENCY = envInt('BENCH_SSE_CONCURRENCY', 16);
const SEED_CONCURRENCY = 8;
const BARE_PATH = '/__bench/ingest';
/** Which stores to measure, e.g. BENCH_STORES=postgres while profiling; both by default, as the acceptance asks. */
const STORES = (process.env.BENCH_STORES ?? 'postgres,pglite').split(',').map((s) => s.trim()) as StoreKind[];

const TARGET = { batchPps: 30_000, batchP99: 50, osmandRps: 3_000, osmandP99: 30, sseP99: 250 };

const REQUESTS_MODULE = new URL('./ingest-requests.ts', import.meta.url).href;
const SSE_WORKER = new URL('./ingest-sse-worker.ts', import.meta.url).href;
const TSX = import.meta.resolve('tsx/esm/api');

interface Fleet {
  deviceIds: string[];
  starts: [number, number][];
  streamPaths: string[];
}

/**
 * The ceiling: the same 20-point batch inserted into device_locations with the pipeline's locked
 * path's statement (its one-statement path inserts without ON CONFLICT), and nothing else (no auth, no validation, no device state, no orders, no grouping).
 */
function bareIngestRoute(app: FastifyInstance, deps: Deps): void {
  app.post<{ Params: { device_id: string }; Body: Record<string, number | string>[] }>(`${BARE_PATH}/:device_id`, async (req, reply) => {
    const fixes = req.body.map((f) => ({
      recordedAt: new Date(f.recorded_at as string),
      lng: f.lng as number,
      lat: f.lat as number,
      altitude: null,
      accuracy: f.accuracy as number,
      speed: f.speed as number,
      bearing: f.bearing as number,
      battery: f.battery as number,
      activity: null,
    }));
    await deps.store.repos.locations.insertNew(req.params.device_id, fixes, new Date());
    return reply.code(200).send({ accepted: req.body.length });
  });
}

/** DEVICES workers, each with its own device and one ongoing order 5 km north (never reached). */
async function seedFleet(server: BenchServer): Promise<Fleet> {
  const starts = Array.from({ length: DEVICES }, (_, i): [number, number] => [13.3 + (i % 50) * 0.004, 52.45 + Math.floor(i / 50) * 0.004]);
  const deviceIds = starts.map((_, i) => `bench-ingest-device-${i}`);
  const streamPaths: string[] = new Array(DEVICES);
  let next = 0;
  const lane = async () => {
    while (next < DEVICES) {
      const i = next++;
      const handle = `bench-ingest-${i}`;
      await server.request('POST', '/workers', { worker_handle: handle, name: `Driver ${i}`, device_id: deviceIds[i] });
      await server.request('POST', '/orders/track', {
        worker_handle: handle,
        track_mode: 'on_time',
        orders: [
          {
            order_handle: handle,
            destination: { geometry: { type: 'Point', coordinates: [starts[i]![0], starts[i]![1] + 0.045] }, radius: 100 },
            scheduled_at: new Date(Date.now() + 3 * 3_600_000).toISOString(),
          },
        ],
      });
      const order = await server.request<{ share_url: string }>('GET', `/orders/${handle}`);
      streamPaths[i] = `${new URL(order.json.share_url).pathname}/stream`;
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, lane));
  return { deviceIds, starts, streamPaths };
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

interface StoreFigures {
  kind: StoreKind;
  batch: LoadResult;
  bare: LoadResult;
  osmand: LoadResult;
  sse: SseResult;
}

async function benchStore(kind: StoreKind): Promise<StoreFigures> {
  console.log(`\n${kind}:`);
  const server = await startBenchServer(kind, { extraRoutes: (app, deps) => bareIngestRoute(app, deps) });
  try {
    const seeded = Date.now();
    const fleet = await seedFleet(server);
    if (kind === 'postgres') await sql`vacuum analyze`.execute(server.deps.store.db);
    console.log(`  seeded ${fmtInt(DEVICES)} devices with an ongoing order each in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);
    // Every fix is stamped after the orders were created, so each one counts toward its order.
    const t0Ms = Date.now();
    let seq = 0;
    const run = async (mode: IngestStreamArgs['mode'], perRequest: number, seconds: number) => {
      const headers: Record<string, string> = mode === 'osmand' ? {} : { authorization: server.authorization, 'content-type': 'application/json' };
      const args: IngestStreamArgs = { mode, deviceIds: fleet.deviceIds, starts: fleet.starts, t0Ms, stepMs: STEP_MS, seqStart: seq, batch: perRequest };
      const r = await runLoad({
        url: server.url,
        method: 'POST',
        path: '/',
        headers,
        connections: CONNECTIONS,
        seconds,
        generator: { module: REQUESTS_MODULE, args },
      });
      seq += seqsUsed(r.pathsUsed ?? 0, DEVICES, perRequest);
      return r;
    };
    const line = (label: string, r: LoadResult, perRequest: number) => {
      const failures = describeFailures(r);
      console.log(
        `  ${label.padEnd(26)}${fmtInt(r.rps * perRequest).padStart(7)} points/s  ${fmtInt(r.rps).padStart(6)} req/s  p50 ${fmtMs(r.p50)} ms  p99 ${fmtMs(r.p99)} ms  ` +
          `max ${fmtMs(r.maxMs)} ms  n=${fmtInt(r.completed)}${failures ? `  ${failures}` : ''}`,
      );
    };
    if (WARMUP_SECONDS > 0) {
      await run('native', BATCH, WARMUP_SECONDS);
      await run('bare', BATCH, WARMUP_SECONDS);
    }
    // The pipeline and its ceiling in alternating rounds: the machine's other load weighs on both alike.
    const slice = Math.max(1, Math.round(SECONDS / ROUNDS));
    const pair = await interleave(
      ROUNDS,
      () => run('native', BATCH, slice),
      () => run('bare', BATCH, slice),
    );
    const { measured: batch, ceiling: bare } = pair;
    line('20-point batch (pipeline)', batch, BATCH);
    line('20-point batch (bare)', bare, BATCH);
    console.log(`  ${''.padEnd(26)}pipeline / bare per round: ${pair.ratios.map((r) => `${Math.round(r * 100)}%`).join(' ')}`);
    if (WARMUP_SECONDS > 0) await run('osmand', 1, WARMUP_SECONDS);
    const osmand = await run('osmand', 1, SECONDS);
    line('OsmAnd single fix', osmand, 1);
    process.stdout.write(`  ${`SSE, ${fmtInt(DEVICES)} share streams`.padEnd(26)}`);
    const sse = await runSse({
      url: server.url,
      authorization: server.authorization,
      subscribers: fleet.deviceIds.map((deviceId, i) => ({ deviceId, streamPath: fleet.streamPaths[i]!, start: fleet.starts[i]! })),
      t0Ms,
      stepMs: STEP_MS,
      seqStart: seq,
      rounds: SSE_ROUNDS,
      concurrency: SSE_CONCURRENCY,
    });
    console.log(
      `p50 ${fmtMs(sse.p50)} ms  p99 ${fmtMs(sse.p99)} ms  max ${fmtMs(sse.maxMs)} ms  n=${fmtInt(sse.samples)}` +
        `${sse.missing ? `  ${sse.missing} MISSING` : ''}  (posted → event p99 ${fmtMs(sse.postedP99)} ms)`,
    );
    return { kind, batch, bare, osmand, sse };
  } finally {
    await server.close();
  }
}

const met = (ok: boolean) => (ok ? 'met' : 'MISSED');

const STORE_NAMES: Record<StoreKind, string> = { postgres: 'PostgreSQL', pglite: 'PGlite (embedded)' };

/** One row per measurement, each store's figures side by side; the targets are PostgreSQL's. */
function report(all: StoreFigures[]): void {
  const pg = all.find((f) => f.kind === 'postgres');
  const measurements: { name: string; figure: (f: StoreFigures) => string; p99: (f: StoreFigures) => number; target: string }[] = [
    {
      name: '20-point batch, full pipeline',
      figure: (f) => `${fmtInt(f.batch.rps * BATCH)} points/s`,
      p99: (f) => f.batch.p99,
      target:
        `≥ ${fmtInt(TARGET.batchPps)} points/s, p99 ≤ ${TARGET.batchP99} ms` +
        (pg ? `: ${met(pg.batch.rps * BATCH >= TARGET.batchPps && pg.batch.p99 <= TARGET.batchP99 && pg.batch.failed === 0)}` : ''),
    },
    {
      name: '20-point batch, bare insert',
      figure: (f) => `${fmtInt(f.bare.rps * BATCH)} points/s`,
      p99: (f) => f.bare.p99,
      target: `ceiling, interleaved in ${ROUNDS} rounds; pipeline = ${all.map((f) => `${Math.round((f.batch.rps / f.bare.rps) * 100)}%`).join(' / ')} of it`,
    },
    {
      name: 'OsmAnd single fix',
      figure: (f) => `${fmtInt(f.osmand.rps)} req/s`,
      p99: (f) => f.osmand.p99,
      target:
        `≥ ${fmtInt(TARGET.osmandRps)} req/s, p99 ≤ ${TARGET.osmandP99} ms` +
        (pg ? `: ${met(pg.osmand.rps >= TARGET.osmandRps && pg.osmand.p99 <= TARGET.osmandP99 && pg.osmand.failed === 0)}` : ''),
    },
    {
      name: 'SSE fix accepted → event',
      figure: (f) => `${fmtInt(f.sse.samples)} events`,
      p99: (f) => f.sse.p99,
      target: `p99 ≤ ${TARGET.sseP99} ms${pg ? `: ${met(pg.sse.p99 <= TARGET.sseP99 && pg.sse.missing === 0)}` : ''}`,
    },
  ];
  const header = ['measurement', ...all.flatMap((f) => [STORE_NAMES[f.kind], 'p99 ms']), 'target (PostgreSQL)'];
  const rows = measurements.map((m) => [m.name, ...all.flatMap((f) => [m.figure(f), fmtMs(m.p99(f))]), m.target]);
  console.log(`\nIngest, ${fmtInt(DEVICES)} devices each with an ongoing order, ${CONNECTIONS} connections, ${SECONDS} s per measurement:\n`);
  console.log(formatTable(header, rows));
}

try {
  const figures: StoreFigures[] = [];
  for (const kind of STORES) figures.push(await benchStore(kind));
  report(figures);
} finally {
  await runCleanup();
}
