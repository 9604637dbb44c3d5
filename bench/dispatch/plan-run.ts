import { isUnplanned } from '../../src/core/order/statuses.ts';
import { ORDER_STATUSES } from '../../src/core/order/types.ts';
import { orderPlanInstance, placeableRequests, prepareOrderPlan } from '../../src/core/planning/order-plan.ts';
import { between, seededRng } from '../../src/simulator/prng.ts';
import { envInt } from '../lib/env.ts';
import { type BenchServer, startBenchServer } from '../lib/server.ts';

const envNumber = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

const ORDERS = envInt('BENCH_PLAN_ORDERS', 1_000);
const WORKERS = envInt('BENCH_PLAN_WORKERS', 50);
const BUDGET_SECONDS = envNumber('BENCH_PLAN_BUDGET', 10);
const TARGET_SECONDS = 12;
const GROUP = 'bench-plan';
/** Around the centre of San José: stops within about 12 km, homes within about 6 km. */
const CENTRE: [number, number] = [-121.8863, 37.3382];

interface PlanBody {
  plan_id: string;
  status: string;
  planned: number;
  unplanned: number;
  skipped: number;
  feasible: boolean | null;
  error: string | null;
  routes: unknown[];
  unplanned_orders: { planning_failure_reason: string }[];
}

const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

async function seed(server: BenchServer, date: string): Promise<void> {
  const rng = seededRng(15);
  const near = (km: number): [number, number] => [CENTRE[0] + between(rng, -km, km) / 88, CENTRE[1] + between(rng, -km, km) / 111];
  const capacity = Math.ceil((ORDERS / WORKERS) * 1.5);
  for (let w = 0; w < WORKERS; w++) {
    await server.request('POST', '/workers', {
      worker_handle: `plan-worker-${w}`,
      ops_group_handle: GROUP,
      home: { geometry: { type: 'Point', coordinates: near(6) } },
      profile: { capacity },
    });
  }
  const at = (hour: number) => new Date(`${date}T00:00:00.000Z`).getTime() + hour * 3_600_000;
  for (let i = 0; i < ORDERS; i += 100) {
    const orders = [];
    for (let k = i; k < Math.min(ORDERS, i + 100); k++) {
      // Two-hour windows spread over the working day, five minutes at each door.
      const open = at(8 + Math.floor(rng() * 11));
      orders.push({
        order_handle: `plan-order-${k}`,
        destination: { geometry: { type: 'Point', coordinates: near(12) } },
        scheduled_after: new Date(open).toISOString(),
        scheduled_at: new Date(open + 2 * 3_600_000).toISOString(),
        expected_service_time: 300,
      });
    }
    await server.request('POST', '/orders', { plan_mode: 'scheduled', ops_group_handle: GROUP, orders });
  }
}

/** What the checker says could be placed at all: each order alone on some worker's shift. */
async function placeable(server: BenchServer, date: string): Promise<number> {
  const repos = server.deps.store.repos;
  const accountId = server.account.account_id;
  const orders = (await repos.orders.list(accountId, { opsGroupHandle: GROUP }, { limit: ORDERS * 2, direction: 'asc' })).filter(
    (o) => ORDER_STATUSES.filter(isUnplanned).includes(o.status) || o.planId !== null,
  );
  const workers = await repos.workers.list(accountId, { opsGroupHandles: [GROUP] }, { limit: WORKERS * 2 });
  const prepared = prepareOrderPlan(
    orders.map((o) => ({ ...o, status: 'unplanned' as const })),
    workers,
    { date, now: new Date(), opsGroupHandle: GROUP },
  );
  const instance = orderPlanInstance(prepared, await server.deps.routing.matrix(prepared.points));
  return placeableRequests(prepared, instance).reduce((n, r) => n + r.orders.length, 0);
}

/**
 * A plan run of ORDERS scheduled orders on WORKERS workers through the API on PostgreSQL, end to
 * end: from POST /orders/plan until GET /orders/plan/{id} says it is done, with the solver's
 * budget at BUDGET_SECONDS. Prints the figures and how many orders were placed against how many
 * the checker says are placeable.
 */
export default async function benchPlanRun(): Promise<void> {
  console.log(`\nplan run — ${ORDERS} scheduled orders, ${WORKERS} workers, solver budget ${BUDGET_SECONDS} s, PostgreSQL, through the API`);
  const server = await startBenchServer('postgres');
  try {
    const date = tomorrow();
    const seeding = performance.now();
    await seed(server, date);
    console.log(`  seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
    // A server boots its solver threads once, on its first plan run; the timed run is a later one.
    const booting = performance.now();
    await server.deps.plans.ready();
    console.log(`  solver threads booted in ${((performance.now() - booting) / 1000).toFixed(2)} s (once per process, not in the timed run)`);
    const t0 = performance.now();
    const started = await server.request<PlanBody>('POST', '/orders/plan', { ops_group_handle: GROUP, date, time_budget: BUDGET_SECONDS });
    let run = started.json;
    let polls = 0;
    while (run.status === 'queued' || run.status === 'running') {
      await new Promise((r) => setTimeout(r, 50));
      run = (await server.request<PlanBody>('GET', `/orders/plan/${run.plan_id}`)).json;
      polls++;
    }
    const seconds = (performance.now() - t0) / 1000;
    const result = (await server.deps.store.repos.planRuns.find(server.account.account_id, run.plan_id))?.result;
    const reasons = new Map<string, number>();
    for (const u of run.unplanned_orders) reasons.set(u.planning_failure_reason, (reasons.get(u.planning_failure_reason) ?? 0) + 1);
    const canPlace = await placeable(server, date);
    console.log(`  status ${run.status}${run.error ? ` (${run.error})` : ''}, checker ${run.feasible ? 'feasible' : 'NOT feasible'}`);
    console.log(
      `  end to end ${seconds.toFixed(2)} s (target ≤ ${TARGET_SECONDS} s: ${seconds <= TARGET_SECONDS ? 'met' : 'missed'}), solver ${((result?.solverMs ?? 0) / 1000).toFixed(2)} s, ${result?.iterations ?? 0} iterations, ${polls} polls`,
    );
    console.log(
      `  placed ${run.planned} of ${ORDERS} on ${run.routes.length} routes; placeable by the checker ${canPlace} (${run.planned >= canPlace ? 'all placed' : `${canPlace - run.planned} placeable left out`})`,
    );
    if (reasons.size) console.log(`  left out: ${[...reasons].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  } finally {
    await server.close();
  }
}
