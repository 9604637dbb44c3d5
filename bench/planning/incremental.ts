import { checkSolution } from '../../src/core/planning/check-solution.ts';
import { insertIntoPlan, reoptimiseRoute } from '../../src/core/planning/incremental.ts';
import type { Job, PlanningInstance, PlanSequences, RouteSequence } from '../../src/core/planning/model.ts';
import { createRng } from '../../src/core/planning/rng.ts';
import { cityMatrices, cityPoints } from './city.ts';

const ROUTES = 10;
const STOPS = 40;
const NEW_JOBS = 200;
const SERVICE = 180;
const ROUNDS = 3;

/**
 * A live plan of 10 routes × 40 stops: stops split by bearing around the depot, each route in
 * nearest-neighbour order, each stop's window an hour around its planned time, plus 200 new
 * jobs not yet planned.
 */
export function livePlan(seed: number): { instance: PlanningInstance; plan: PlanSequences } {
  const rng = createRng(seed);
  const planned = ROUTES * STOPS;
  const points = cityPoints(rng, planned + NEW_JOBS, 10_000);
  const { distances, durations } = cityMatrices(points);
  const n = points.length;
  const bearing = (i: number) => Math.atan2(points[i]![0] - points[0]![0], points[i]![1] - points[0]![1]);
  const order = Array.from({ length: planned }, (_, i) => i + 1).sort((a, b) => bearing(a) - bearing(b));
  const windows = new Map<number, [number, number]>();
  const routes: RouteSequence[] = [];
  for (let r = 0; r < ROUTES; r++) {
    const left = new Set(order.slice(r * STOPS, (r + 1) * STOPS));
    const seq: number[] = [];
    let at = 0;
    let time = 0;
    while (left.size > 0) {
      let next = -1;
      for (const c of left) if (next < 0 || durations[at * n + c]! < durations[at * n + next]!) next = c;
      left.delete(next);
      time += durations[at * n + next]!;
      windows.set(next, [Math.max(0, time - 1800), time + 1800]);
      time += SERVICE;
      seq.push(next);
      at = next;
    }
    routes.push({ vehicle: `van${r}`, stops: seq.map((loc) => ({ kind: 'job', id: `j${loc}` })) });
  }
  const jobs: Job[] = Array.from({ length: planned + NEW_JOBS }, (_, i) => {
    const loc = i + 1;
    const open = rng.int(10 * 3600);
    return { id: `j${loc}`, location: loc, service: SERVICE, delivery: [1], timeWindows: [windows.get(loc) ?? [open, open + 2 * 3600]] };
  });
  const instance: PlanningInstance = {
    size: n,
    distances,
    durations,
    vehicles: Array.from({ length: ROUTES }, (_, r) => ({ id: `van${r}`, start: 0, end: 0, shift: [0, 14 * 3600] as const, capacity: [60] })),
    jobs,
    shipments: [],
    objective: { minimiseVehicles: false, travel: 'duration' },
  };
  const unassigned = jobs.slice(planned).map((j) => ({ kind: 'job' as const, id: j.id }));
  return { instance, plan: { routes, unassigned } };
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};

export function benchInsert(): string[] {
  const { instance, plan } = livePlan(20);
  const times: number[] = [];
  const cpu: number[] = [];
  let inserted = 0;
  let feasible = 0;
  // A server inserts into a warm process: the first calls (JIT compilation) are not timed.
  for (const ref of plan.unassigned.slice(0, 20)) insertIntoPlan(instance, plan, ref);
  for (let round = 0; round < ROUNDS; round++) {
    for (const ref of plan.unassigned) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const result = insertIntoPlan(instance, plan, ref);
      times.push(performance.now() - t0);
      cpu.push(process.cpuUsage(c0).user / 1000 + process.cpuUsage(c0).system / 1000);
      if (round === 0 && result.inserted) inserted++;
      if (round === 0 && times.length <= 20 && checkSolution(instance, result.plan).feasible) feasible++;
    }
  }
  return [
    `insert one job into ${ROUTES} routes × ${STOPS} stops (${plan.unassigned.length} different jobs, each into the same plan, ${ROUNDS} rounds = ${times.length} calls, after 20 untimed warm-up calls):`,
    `  wall p50 ${quantile(times, 0.5).toFixed(2)} ms, p99 ${quantile(times, 0.99).toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms; ` +
      `process CPU p99 ${quantile(cpu, 0.99).toFixed(2)} ms; inserted ${inserted}/${plan.unassigned.length}; checker-feasible ${feasible}/20 sampled`,
  ];
}

export function benchReoptimise(): string[] {
  const { instance, plan } = livePlan(21);
  const lines = [`re-optimise one ${STOPS}-stop route for 100 ms (objective: driving time):`];
  const before = checkSolution(instance, plan);
  for (const vehicle of ['van0', 'van3', 'van7']) {
    const routeOnly = (p: PlanSequences) => ({ routes: p.routes.filter((r) => r.vehicle === vehicle), unassigned: [] });
    const cost = (p: PlanSequences) => checkSolution(instance, { ...routeOnly(p), unassigned: [] }).totals.duration;
    const t0 = performance.now();
    const after = reoptimiseRoute(instance, plan, vehicle, { seed: 1, elapsed: () => (performance.now() - t0) / 100 });
    const ms = performance.now() - t0;
    const windowsBroken = checkSolution(instance, after).violations.filter((v) => v.kind === 'time_window' || v.kind === 'shift_end').length;
    lines.push(
      `  ${vehicle}: ${cost(plan).toFixed(0)} s → ${cost(after).toFixed(0)} s (${((cost(after) / cost(plan) - 1) * 100).toFixed(1)} %), ` +
        `${ms.toFixed(0)} ms, windows broken ${windowsBroken} (before: ${before.violations.filter((v) => v.kind === 'time_window').length})`,
    );
  }
  return lines;
}
