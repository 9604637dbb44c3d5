import { DomainError } from '../errors.ts';
import type { Plan, PlannedRoute, PlannedStop, PlanSequences, StopKind, UnassignedRef } from './model.ts';
import { DELIVERY, PICKUP, type Problem } from './problem.ts';
import type { Solution } from './solution.ts';

function stopKind(p: Problem, node: number): StopKind {
  const kind = p.nodeKind[node];
  return kind === PICKUP ? 'pickup' : kind === DELIVERY ? 'delivery' : 'job';
}

function stopId(p: Problem, node: number): string {
  const r = p.nodeRequest[node]!;
  return r < p.jobs ? p.instance.jobs[r]!.id : p.instance.shipments[r - p.jobs]!.id;
}

export function unassignedRef(p: Problem, r: number): UnassignedRef {
  return r < p.jobs ? { kind: 'job', id: p.instance.jobs[r]!.id } : { kind: 'shipment', id: p.instance.shipments[r - p.jobs]!.id };
}

/** Node index of every stop reference, for reading a plan back into a solution. */
export function stopIndex(p: Problem): Map<string, number> {
  const m = new Map<string, number>();
  for (const [i, j] of p.instance.jobs.entries()) m.set(`job:${j.id}`, i);
  p.instance.shipments.forEach((s, i) => {
    m.set(`pickup:${s.id}`, p.jobs + 2 * i);
    m.set(`delivery:${s.id}`, p.jobs + 2 * i + 1);
  });
  return m;
}

/** The solution as a plan with the solver's own schedule (the checker recomputes it independently). */
export function toPlan(s: Solution): Plan {
  const p = s.problem;
  const D = p.dims;
  const L = p.locations;
  const routes: PlannedRoute[] = [];
  let distance = 0;
  let duration = 0;
  for (const route of s.routes) {
    if (route.len === 0 && route.fixed === 0) continue;
    // Built as plain literals of one shape: this runs on every incremental call, inside a request.
    const stops: PlannedStop[] = new Array(route.len);
    for (let k = 1; k <= route.len; k++) {
      const node = route.nodes[k - 1]!;
      const arrival = route.es[k - 1]! + route.service[k - 1]! + p.dur[route.loc[k - 1]! * L + route.loc[k]!]!;
      const load: number[] = new Array(D);
      for (let d = 0; d < D; d++) load[d] = route.load[k * D + d]!;
      stops[k - 1] = {
        kind: stopKind(p, node),
        id: stopId(p, node),
        location: p.nodeLoc[node]!,
        arrival,
        serviceStart: route.es[k]!,
        waiting: route.es[k]! - arrival,
        load,
      };
    }
    distance += route.travelDistance;
    duration += route.travelDuration;
    routes.push({
      vehicle: p.instance.vehicles[route.vehicle]!.id,
      stops,
      started: route.fixed,
      departure: route.es[0]!,
      arrival: route.es[route.len + 1]!,
      distance: route.travelDistance,
      duration: route.travelDuration,
    });
  }
  return {
    routes,
    unassigned: s.unassigned
      .slice()
      .sort((a, b) => a - b)
      .map((r) => unassignedRef(p, r)),
    summary: {
      unassignedWeight: s.unassignedWeight(),
      unassigned: s.unassigned.length,
      vehicles: s.vehiclesUsed(),
      distance,
      duration,
      travelCost: s.travelCost(),
    },
  };
}

/** Loads a plan's sequences (and started prefixes) into a fresh solution; unknown stops throw. */
export function loadPlan(s: Solution, plan: PlanSequences): void {
  const p = s.problem;
  const index = stopIndex(p);
  const vehicleIndex = new Map(p.instance.vehicles.map((v, i) => [v.id, i]));
  s.unassigned = [];
  for (let r = 0; r < p.requests; r++) s.requestRoute[r] = -1;
  for (const route of plan.routes) {
    const v = vehicleIndex.get(route.vehicle);
    if (v === undefined) throw new DomainError('invalid_request', `unknown vehicle ${route.vehicle}`);
    const nodes = route.stops.map((stop) => {
      const n = index.get(`${stop.kind}:${stop.id}`);
      if (n === undefined) throw new DomainError('invalid_request', `unknown stop ${stop.kind} ${stop.id}`);
      return n;
    });
    s.routes[v]!.fixed = Math.min(route.started ?? 0, nodes.length);
    s.routes[v]!.setNodes(nodes, nodes.length);
    for (const n of nodes) s.requestRoute[p.nodeRequest[n]!] = v;
  }
  for (let r = 0; r < p.requests; r++) if (s.requestRoute[r]! < 0) s.unassigned.push(r);
}
