import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { NewAccountCredentials } from '../src/services/accounts/create-account.ts';
import type { Deps } from '../src/services/deps.ts';
import type { StoreKind } from '../src/store/store.ts';
import { runCleanup } from './lib/cleanup.ts';
import { interleave } from './lib/interleave.ts';
import { describeFailures, type LoadResult, type LoadSpec, runLoad } from './lib/load.ts';
import { type BenchServer, startBenchServer } from './lib/server.ts';
import { type Cell, fmtInt, fmtMs, formatTable } from './lib/table.ts';
import { envInt } from './lib/env.ts';
import { orderItem, seedOngoing, track, WORKER } from './lib/native-orders.ts';

const SECONDS = envInt('BENCH_SECONDS', 10);
const WARMUP_SECONDS = envInt('BENCH_WARMUP_SECONDS', 2);
const CONNECTIONS = envInt('BENCH_CONNECTIONS', 16);
/** GET and its ceiling alternate in this many rounds of BENCH_SECONDS / rounds each. */
const ROUNDS = envInt('BENCH_ROUNDS', 5);
/** Pre-created ongoing orders per lifecycle action, beyond the warm-up's share. */
const POOL = envInt('BENCH_POOL', 30_000);
const WARMUP_POOL = 1_000;
/**
 * Orders per pre-created route. Cancelling or completing an order reads every order on its
 * route (to close the route after its last order), so route size is part of the cost measured.
 */
const ROUTE_SIZE = envInt('BENCH_ROUTE_SIZE', 25);
const SEED_CONCURRENCY = envInt('BENCH_SEED_CONCURRENCY', 4);

const TARGET = { getVsCeiling: 0.8, writeRps: 1_500, writeP99: 50, embeddedGetRps: 1_000 };
/** The body window the brief asks of the GET order. */
const BODY_BYTES = { min: 2_500, goal: 2_900, max: 3_500 };

const CEILING_PATH = '/__bench/ceiling';
const SELECT_STAR_PATH = '/__bench/select-star';

/**
 * The ceiling the issue defines: "a route doing the same single-row SELECT and returning the row"
 * — GET /orders/:h's own read (the repository call it makes), returned as it comes, without auth,
 * validation or rendering. A plain `select *` of the row is measured too, for reference.
 */
function ceilingRoute(app: FastifyInstance, deps: Deps, account: NewAccountCredentials): void {
  app.get<{ Params: { order_handle: string } }>(`${CEILING_PATH}/:order_handle`, async (req) =>
    deps.store.repos.orders.findWithTimeline(account.account_id, { orderHandle: req.params.order_handle }),
  );
  app.get<{ Params: { order_handle: string } }>(`${SELECT_STAR_PATH}/:order_handle`, async (req) =>
    deps.store.db
      .selectFrom('orders')
      .selectAll()
      .where('account_id', '=', account.account_id)
      .where('order_handle', '=', req.params.order_handle)
      .limit(1)
      .executeTakeFirst(),
  );
}

/**
 * One order with a realistic timeline (created, assigned, started, then disable/enable cycles as
 * a dispatcher pausing it would cause), grown until its GET body is about 3 KB.
 */
async function createReadOrder(server: BenchServer): Promise<{ handle: string; bytes: number; events: number }> {
  const handle = 'bench-read-order';
  await server.request('POST', '/orders/track', track([orderItem(handle, 0)]));
  for (let cycles = 0; ; cycles++) {
    const got = await server.request<{ timeline?: unknown[] }>('GET', `/orders/${handle}`);
    const done = got.bytes >= BODY_BYTES.goal || got.bytes + 300 > BODY_BYTES.max;
    if (cycles >= 2 && done) {
      if (got.bytes < BODY_BYTES.min || got.bytes > BODY_BYTES.max) {
        console.warn(`GET body is ${got.bytes} B, outside ${BODY_BYTES.min}–${BODY_BYTES.max} B`);
      }
      return { handle, bytes: got.bytes, events: got.json.timeline?.length ?? 0 };
    }
    await server.request('POST', `/orders/${handle}/disable`);
    await server.request('POST', `/orders/${handle}/enable`);
  }
}

interface Row {
  store: StoreKind;
  operation: string;
  result: LoadResult;
  notes: string[];
}

/** A warm-up (discarded) then the measurement, both at CONNECTIONS. */
async function measure(label: string, spec: Omit<LoadSpec, 'connections' | 'seconds'>, warmup?: Partial<LoadSpec>) {
  process.stdout.write(`  ${label.padEnd(28)}`);
  if (WARMUP_SECONDS > 0) await runLoad({ ...spec, connections: CONNECTIONS, seconds: WARMUP_SECONDS, ...warmup });
  const result = await runLoad({ ...spec, connections: CONNECTIONS, seconds: SECONDS });
  const failures = describeFailures(result);
  console.log(
    `${fmtInt(result.rps).padStart(7)} req/s  p50 ${fmtMs(result.p50)} ms  p99 ${fmtMs(result.p99)} ms  ` +
      `max ${fmtMs(result.maxMs)} ms  n=${fmtInt(result.completed)}${failures ? `  ${failures}` : ''}`,
  );
  return result;
}

const check = (ok: boolean) => (ok ? 'met' : 'MISSED');

function writeNotes(r: LoadResult): string[] {
  return [
    `target ≥ ${fmtInt(TARGET.writeRps)} req/s, p99 ≤ ${TARGET.writeP99} ms: ` + check(r.rps >= TARGET.writeRps && r.p99 <= TARGET.writeP99 && r.failed === 0),
  ];
}

function poolNotes(r: LoadResult, pool: number): string[] {
  const used = r.pathsUsed ?? 0;
  return [`${fmtInt(Math.min(used, pool))} of ${fmtInt(pool)} pre-created orders used${r.exhausted ? ' (pool ran out: run stopped early)' : ''}`];
}

async function benchGet(server: BenchServer, rows: Row[], targetRps?: number): Promise<void> {
  const read = await createReadOrder(server);
  const headers = { authorization: server.authorization };
  const getSpec = { url: server.url, path: `/orders/${read.handle}`, headers, connections: CONNECTIONS };
  const ceilingSpec = { url: server.url, path: `${CEILING_PATH}/${read.handle}`, connections: CONNECTIONS };
  const slice = Math.max(1, Math.round(SECONDS / ROUNDS));
  process.stdout.write(`  ${'GET order ⇄ ceiling'.padEnd(28)}`);
  if (WARMUP_SECONDS > 0) {
    await runLoad({ ...getSpec, seconds: WARMUP_SECONDS });
    await runLoad({ ...ceilingSpec, seconds: WARMUP_SECONDS });
  }
  const pair = await interleave(
    ROUNDS,
    () => runLoad({ ...getSpec, seconds: slice }),
    () => runLoad({ ...ceilingSpec, seconds: slice }),
  );
  const { measured: get, ceiling, ratio } = pair;
  console.log(
    `GET ${fmtInt(get.rps)} req/s (p99 ${fmtMs(get.p99)} ms), ceiling ${fmtInt(ceiling.rps)} req/s (p99 ${fmtMs(ceiling.p99)} ms); ` +
      `GET/ceiling per round ${pair.ratios.map((r) => `${Math.round(r * 100)}%`).join(' ')}`,
  );
  const selectStar = await measure('select * row', { url: server.url, path: `${SELECT_STAR_PATH}/${read.handle}` });
  const getNotes = [`body ${(read.bytes / 1_000).toFixed(1)} KB (${read.bytes} B, ${read.events} timeline events)`];
  if (targetRps) getNotes.push(`target ≥ ${fmtInt(targetRps)} req/s: ${check(get.rps >= targetRps && get.failed === 0)}`);
  rows.push({ store: server.kind, operation: 'GET order', result: get, notes: getNotes });
  rows.push({
    store: server.kind,
    operation: 'ceiling',
    result: ceiling,
    // The issue's ceiling target is stated for PostgreSQL; the embedded store's row is a reference.
    notes: [
      server.kind === 'postgres'
        ? `same read, unrendered, interleaved with GET in ${ROUNDS} rounds; GET = ${Math.round(ratio * 100)}% of it (median round; target ≥ ${TARGET.getVsCeiling * 100}%): ${check(ratio >= TARGET.getVsCeiling)}`
        : `same read, unrendered (cached), interleaved; GET = ${Math.round(ratio * 100)}% of it (reference)`,
    ],
  });
  rows.push({
    store: server.kind,
    operation: 'select * row',
    result: selectStar,
    notes: [`reference: plain select of the row; GET = ${Math.round((get.rps / selectStar.rps) * 100)}% of it`],
  });
}

async function benchWrites(server: BenchServer, rows: Row[]): Promise<void> {
  const headers = { authorization: server.authorization, 'content-type': 'application/json' };
  const createBody = JSON.stringify(track([orderItem('bench-create-[<id>]', 1)]));
  const create = await measure('create (track 1 order)', {
    url: server.url,
    method: 'POST',
    path: '/orders/track',
    headers,
    body: createBody,
  });
  rows.push({ store: server.kind, operation: 'create', result: create, notes: writeNotes(create) });

  for (const action of ['cancel', 'complete'] as const) {
    const started = Date.now();
    const handles = await seedOngoing(server, action, WARMUP_POOL + POOL, { routeSize: ROUTE_SIZE, concurrency: SEED_CONCURRENCY });
    // Seeding leaves dead tuples and stale statistics; do not let autovacuum land mid-measurement.
    await sql`vacuum analyze`.execute(server.deps.store.db);
    console.log(`  seeded ${fmtInt(handles.length)} ongoing orders for ${action} in ${((Date.now() - started) / 1_000).toFixed(1)} s`);
    const paths = handles.map((h) => `/orders/${h}/${action}`);
    const result = await measure(
      action,
      {
        url: server.url,
        method: 'POST',
        path: paths[0]!,
        headers: { authorization: server.authorization },
        paths: paths.slice(WARMUP_POOL),
      },
      { paths: paths.slice(0, WARMUP_POOL), amount: WARMUP_POOL },
    );
    rows.push({
      store: server.kind,
      operation: action,
      result,
      notes: [...writeNotes(result), ...poolNotes(result, POOL)],
    });
  }
}

function printTable(rows: Row[]): void {
  const cells: Cell[][] = rows.map(({ store, operation, result, notes }) => {
    const failures = describeFailures(result);
    return [store, operation, fmtInt(result.rps), fmtMs(result.p99), [failures, ...notes].filter(Boolean).join('; ')];
  });
  console.log(`\n${formatTable(['store', 'operation', 'req/s', 'p99 ms', 'notes'], cells)}`);
}

async function main(): Promise<void> {
  const began = Date.now();
  console.log(
    `bench:orders — ${SECONDS} s per measurement after ${WARMUP_SECONDS} s warm-up, ${CONNECTIONS} connections, ` +
      `autocannon in a process of its own; lifecycle pools ${fmtInt(POOL)} per action in routes of ${fmtInt(ROUTE_SIZE)}`,
  );
  const rows: Row[] = [];
  try {
    console.log('\npostgres');
    const pg = await startBenchServer('postgres', { extraRoutes: ceilingRoute });
    await pg.request('POST', '/workers', WORKER);
    await benchGet(pg, rows);
    await benchWrites(pg, rows);
    await pg.close();

    console.log('\npglite');
    const lite = await startBenchServer('pglite', { extraRoutes: ceilingRoute });
    await lite.request('POST', '/workers', WORKER);
    await benchGet(lite, rows, TARGET.embeddedGetRps);
    await lite.close();
  } finally {
    await runCleanup();
  }
  printTable(rows);
  const failed = rows.filter((r) => r.result.failed > 0).map((r) => `${r.store} ${r.operation}`);
  if (failed.length) console.log(`\nMeasurements with failed requests: ${failed.join(', ')}`);
  console.log(`\nconnections ${CONNECTIONS}; wall time ${((Date.now() - began) / 1_000).toFixed(0)} s`);
}

await main();
