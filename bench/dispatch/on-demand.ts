import { sql } from 'kysely';
import { seededRng } from '../../src/simulator/prng.ts';
import type { StoreKind } from '../../src/store/store.ts';
import { envInt } from '../lib/env.ts';
import { describeFailures, type LoadResult, runLoad } from '../lib/load.ts';
import { type BenchServer, startBenchServer } from '../lib/server.ts';
import { fmtInt, fmtMs } from '../lib/table.ts';

export interface OnDemandOptions {
  kind: StoreKind;
  /** Active routes, one per worker (issue 15: 50). */
  routes: number;
  /** Stops already on each route (issue 15: 30). */
  stops: number;
  /** Offered on-demand creates per second (issue 15: at least 200). */
  rate: number;
  seconds: number;
  connections: number;
  seed: number;
}

export interface OnDemandResult {
  load: LoadResult;
  /** The on-demand orders the run created, by status and failure reason. */
  outcomes: Record<string, number>;
  /** Whether p99 ≤ 100 ms at the offered rate, with every request answered. */
  met: boolean;
}

export const ON_DEMAND_TARGET = { p99Ms: 100, rate: 200 };

/** The issue's figures, each overridable for a smoke run (BENCH_DISPATCH_ROUTES=3 BENCH_DISPATCH_STOPS=5 …). */
export const onDemandOptionsFromEnv = (): OnDemandOptions => ({
  kind: process.env.BENCH_DISPATCH_STORE === 'pglite' ? 'pglite' : 'postgres',
  routes: envInt('BENCH_DISPATCH_ROUTES', 50),
  stops: envInt('BENCH_DISPATCH_STOPS', 30),
  rate: envInt('BENCH_DISPATCH_RATE', ON_DEMAND_TARGET.rate),
  seconds: envInt('BENCH_SECONDS', 10),
  connections: envInt('BENCH_CONNECTIONS', 32),
  seed: envInt('BENCH_SEED', 1),
});

/** San Jose; stops and homes fall within ~12 km of it. */
const CENTER: [number, number] = [-121.886, 37.338];
const RADIUS_DEG = 0.11;

const pointIn = (next: () => number): [number, number] => {
  const r = RADIUS_DEG * Math.sqrt(next());
  const a = 2 * Math.PI * next();
  return [CENTER[0] + (r * Math.cos(a)) / Math.cos((CENTER[1] * Math.PI) / 180), CENTER[1] + r * Math.sin(a)];
};
const at = (p: [number, number]) => ({ geometry: { type: 'Point', coordinates: p }, radius: 50 });

/**
 * A zone whose local time is about noon now, so a worker without a schedule (who works the whole
 * local day) is on shift with hours to spare whenever the bench runs.
 */
function noonZone(now: Date): string {
  const n = 12 - now.getUTCHours();
  if (n === 0) return 'UTC';
  // Etc/GMT names count the other way: Etc/GMT-3 is UTC+3.
  return `Etc/GMT${n > 0 ? '-' : '+'}${Math.abs(n)}`;
}

/** `routes` workers, each with a home and an assigned route of `stops` stops (POST /orders with the worker). */
async function seedRoutes(server: BenchServer, o: OnDemandOptions, next: () => number, deadline: string): Promise<void> {
  const timezone = noonZone(new Date());
  for (let w = 0; w < o.routes; w++) {
    const handle = `bench-worker-${w}`;
    await server.request('POST', '/workers', {
      worker_handle: handle,
      timezone,
      home: { address: null, geometry: { type: 'Point', coordinates: pointIn(next) } },
    });
    const orders = Array.from({ length: o.stops }, (_, s) => ({ order_handle: `seed-${w}-${s}`, destination: at(pointIn(next)), scheduled_at: deadline }));
    // In the order given: the insertion heuristics then work on a realistic, unsorted route.
    await server.request('POST', '/orders', { plan_mode: 'manual', worker_handle: handle, orders });
  }
}

/**
 * Waits until no on-demand order is between its creation and its dispatch (unplanned without a
 * reason): the load generator stops with requests in flight, and the server must not close under them.
 */
async function settled(server: BenchServer): Promise<void> {
  // A create whose dispatch failed would stay so for good: give up after 30 s and say so.
  for (let quiet = 0, tries = 0; quiet < 2; tries++) {
    if (tries === 300) {
      console.warn('on-demand dispatch: orders still undispatched 30 s after the load stopped');
      return;
    }
    const r = await sql<{ n: number }>`select count(*)::int as n from orders where account_id = ${server.account.account_id}
      and plan_mode = 'on_demand' and status = 'unplanned' and planning_failure_reason is null`.execute(server.deps.store.db);
    quiet = r.rows[0]!.n === 0 ? quiet + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * On-demand create → assigned on PostgreSQL (issue 15): `routes` active routes of `stops` stops,
 * then POST /orders with `plan_mode: on_demand` at `rate` per second (autocannon's overallRate,
 * out of process). The create answers once the order is dispatched, so its latency is create →
 * assigned. Prints the figures and returns them.
 */
export async function benchOnDemand(o: OnDemandOptions = onDemandOptionsFromEnv()): Promise<OnDemandResult> {
  const server = await startBenchServer(o.kind, { poolSize: 16 });
  try {
    const next = seededRng(o.seed);
    const deadline = new Date(Date.now() + 8 * 3600_000).toISOString();
    const began = Date.now();
    await seedRoutes(server, o, next, deadline);
    console.log(`on-demand dispatch: seeded ${o.routes} routes × ${o.stops} stops on ${o.kind} in ${((Date.now() - began) / 1000).toFixed(1)} s`);

    const count = Math.ceil(o.rate * o.seconds * 1.2) + o.connections;
    const bodies = Array.from({ length: count }, (_, i) =>
      JSON.stringify({ plan_mode: 'on_demand', orders: [{ order_handle: `od-${o.seed}-${i}`, destination: at(pointIn(next)), scheduled_at: deadline }] }),
    );
    const load = await runLoad({
      url: server.url,
      method: 'POST',
      path: '/orders',
      headers: { authorization: server.authorization, 'content-type': 'application/json' },
      bodies,
      rate: o.rate,
      connections: o.connections,
      seconds: o.seconds,
    });
    await settled(server);
    const rows = await sql<{ status: string; reason: string | null; n: number }>`
      select status, planning_failure_reason as reason, count(*)::int as n from orders
      where account_id = ${server.account.account_id} and plan_mode = 'on_demand' group by 1, 2 order by 1, 2`.execute(server.deps.store.db);
    const outcomes = Object.fromEntries(rows.rows.map((r) => [r.reason ? `${r.status} (${r.reason})` : r.status, r.n]));
    const met = load.failed === 0 && o.rate >= ON_DEMAND_TARGET.rate && load.rps >= o.rate * 0.95 && load.p99 <= ON_DEMAND_TARGET.p99Ms;
    console.log(
      `on-demand create → assigned, ${o.routes} routes × ${o.stops} stops, ${o.rate}/s offered for ${o.seconds} s (${o.connections} connections): ` +
        `${fmtInt(load.rps)} creates/s, p50 ${fmtMs(load.p50)} ms, p99 ${fmtMs(load.p99)} ms, max ${fmtMs(load.maxMs)} ms; ` +
        `${Object.entries(outcomes)
          .map(([k, n]) => `${fmtInt(n)} ${k}`)
          .join(', ')}${load.failed ? `; ${describeFailures(load)}` : ''}`,
    );
    console.log(`  target p99 ≤ ${ON_DEMAND_TARGET.p99Ms} ms at ≥ ${ON_DEMAND_TARGET.rate} creates/s: ${met ? 'met' : 'NOT met'}`);
    return { load, outcomes, met };
  } finally {
    await server.close();
  }
}

export default async function run(): Promise<void> {
  await benchOnDemand();
}
