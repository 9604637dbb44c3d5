import type { Plan, PlanningInstance, PlanSequences, UnassignedRef } from './model.ts';
import { loadPlan, toPlan } from './plan-codec.ts';
import { buildProblem } from './problem.ts';
import { bestInsertion } from './recreate.ts';
import { createRng } from './rng.ts';
import { anneal, SISR_ANNEALING } from './search.ts';
import { Solution } from './solution.ts';

export interface InsertResult {
  readonly plan: Plan;
  readonly inserted: boolean;
  /** Added travel cost (plus the vehicle's fixed cost if the insertion opened a route). */
  readonly added: number;
}

function requestIndex(instance: PlanningInstance, ref: UnassignedRef): number {
  if (ref.kind === 'job') return instance.jobs.findIndex((j) => j.id === ref.id);
  const s = instance.shipments.findIndex((x) => x.id === ref.id);
  return s < 0 ? -1 : instance.jobs.length + s;
}

/**
 * Inserts one job or shipment (already in `instance`, absent from `plan`) at its cheapest feasible
 * position over all routes, after each route's started prefix. Nothing else moves.
 */
export function insertIntoPlan(instance: PlanningInstance, plan: PlanSequences, ref: UnassignedRef): InsertResult {
  const problem = buildProblem(instance, { neighbours: false });
  const s = new Solution(problem);
  loadPlan(s, plan);
  const r = requestIndex(instance, ref);
  if (r < 0 || s.requestRoute[r]! >= 0) return { plan: toPlan(s), inserted: false, added: 0 };
  const before = s.travelCost();
  const ins = bestInsertion(s, r, 0, null);
  if (ins.route < 0) return { plan: toPlan(s), inserted: false, added: 0 };
  s.insert(r, ins);
  return { plan: toPlan(s), inserted: true, added: s.travelCost() - before };
}

export interface ReoptimiseOptions {
  readonly seed: number;
  readonly maxIterations?: number;
  /** Share of the caller's time box used so far (0 → 1). */
  readonly elapsed?: () => number;
}

/**
 * Re-sequences one vehicle's route by ruin-and-recreate on that route alone: its started prefix
 * stays, every other route and every unassigned request is left untouched. The result never
 * costs more than the input (the best sequence seen is returned).
 */
export function reoptimiseRoute(instance: PlanningInstance, plan: PlanSequences, vehicle: string, options: ReoptimiseOptions): Plan {
  const full = new Solution(buildProblem(instance, { neighbours: false }));
  loadPlan(full, plan);
  const route = plan.routes.find((r) => r.vehicle === vehicle);
  const v = instance.vehicles.findIndex((x) => x.id === vehicle);
  // A route that starts infeasible (hand-fed) is returned as it is: the checks assume feasibility.
  if (!route || v < 0 || route.stops.length === 0 || !full.routes[v]!.feasible) return toPlan(full);

  // Search a sub-instance of this route's requests and vehicle: its neighbour lists and
  // insertion scans cost O(route), not O(plan), which is what fits a request's time box.
  const jobIds = new Set(route.stops.filter((x) => x.kind === 'job').map((x) => x.id));
  const shipmentIds = new Set(route.stops.filter((x) => x.kind !== 'job').map((x) => x.id));
  const sub: PlanningInstance = {
    ...instance,
    vehicles: [instance.vehicles[v]!],
    jobs: instance.jobs.filter((j) => jobIds.has(j.id)),
    shipments: instance.shipments.filter((x) => shipmentIds.has(x.id)),
  };
  const s = new Solution(buildProblem(sub));
  loadPlan(s, { routes: [route], unassigned: [] });
  const cap = options.maxIterations ?? (options.elapsed ? Infinity : 2000);
  const progress = (it: number) => Math.max(cap === Infinity ? 0 : it / cap, options.elapsed ? options.elapsed() : 0);
  // One route in a ~100 ms box: a cool schedule (1 → 0.01 × the average arc) improves fastest;
  // the benchmark schedule is tuned for whole instances and long budgets.
  anneal(s, createRng(options.seed), { progress }, { ...SISR_ANNEALING, startTemperature: 1, finalTemperature: 0.01 });
  const better = toPlan(s).routes[0];
  const routes = plan.routes.map((r) => (r.vehicle === vehicle && better ? { vehicle, stops: better.stops, started: route.started ?? 0 } : r));
  loadPlan(full, { routes, unassigned: plan.unassigned });
  return toPlan(full);
}
