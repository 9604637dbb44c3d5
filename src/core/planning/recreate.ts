import { bestInsertionInRoute, type Insertion } from './insertion.ts';
import type { Rng } from './rng.ts';
import type { Solution } from './solution.ts';

/** Above this many routes in use, a request only tries routes holding one of its nearest stops. */
const GRANULAR_ROUTES = 20;
const GRANULAR_NEIGHBOURS = 40;

/**
 * Granular neighbourhood (Toth & Vigo 2003): on large fleets, distant routes cannot give a cheap
 * insertion, so only routes holding one of the request's nearest stops are evaluated. Returns the
 * stamp of the marked routes in `s.scratch.routeMarks`, or -1 when every route is to be tried.
 */
function granularRoutes(s: Solution, r: number): number {
  const p = s.problem;
  if (p.neighbourCount === 0) return -1;
  let used = 0;
  for (const route of s.routes) if (route.len > 0) used++;
  if (used <= GRANULAR_ROUTES) return -1;
  const stamp = ++s.scratch.stamp;
  const marks = s.scratch.routeMarks;
  const first = p.requestNode[r]!;
  const K = p.neighbourCount;
  const G = Math.min(K, GRANULAR_NEIGHBOURS);
  for (const node of [first, p.nodeSibling[first]!]) {
    if (node < 0) continue;
    for (let k = 0; k < G; k++) {
      const ri = s.requestRoute[p.nodeRequest[p.neighbours[node * K + k]!]!]!;
      if (ri >= 0) marks[ri] = stamp;
    }
  }
  return stamp;
}

/**
 * Finds the cheapest feasible insertion of request r over the usable routes, trying only the first
 * empty route of each vehicle class (identical empty routes give identical answers).
 */
export function bestInsertion(s: Solution, r: number, blink: number, rng: Rng | null, out: Insertion = s.scratch.insertion): Insertion {
  const p = s.problem;
  out.route = -1;
  out.p = -1;
  out.q = -1;
  out.delta = Infinity;
  const R = p.requests;
  let triedEmptyClasses = 0;
  const seen: number[] = [];
  const near = granularRoutes(s, r);
  const marks = s.scratch.routeMarks;
  for (let v = 0; v < s.routes.length; v++) {
    if (!s.usable[v] || !p.compatible[v * R + r]) continue;
    const route = s.routes[v]!;
    if (near >= 0 && route.len > 0 && marks[v] !== near) continue;
    if (route.len === 0) {
      const c = p.vClass[v]!;
      if (c < 31 ? triedEmptyClasses & (1 << c) : seen.includes(c)) continue;
      if (c < 31) triedEmptyClasses |= 1 << c;
      else seen.push(c);
    }
    bestInsertionInRoute(p, route, v, r, out, blink, rng);
  }
  return out;
}

export type RecreateOrder = 'random' | 'demand' | 'far' | 'close';

/** SISR's recreate: insert the unassigned requests one by one at their best position, with blinks. */
export function greedyRecreate(s: Solution, rng: Rng, blink: number, order: RecreateOrder): void {
  const list = s.unassigned.filter((r) => !s.frozen[r]);
  sortRequests(s, list, rng, order);
  for (const r of list) {
    const ins = bestInsertion(s, r, blink, rng);
    if (ins.route >= 0) s.insert(r, ins);
  }
}

function sortRequests(s: Solution, list: number[], rng: Rng, order: RecreateOrder): void {
  // Fisher–Yates first: ties in the other orders are then broken randomly.
  for (let i = list.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = list[i]!;
    list[i] = list[j]!;
    list[j] = t;
  }
  if (order === 'random') return;
  const p = s.problem;
  const depot = p.vStart[0] ?? 0;
  const keys = s.scratch.requestKeys;
  for (const r of list) {
    const n = p.requestNode[r]!;
    let k = 0;
    if (order === 'demand') {
      for (let d = 0; d < p.dims; d++) k += p.nodeDelivery[n * p.dims + d]! + p.nodePickup[n * p.dims + d]!;
      k = -k;
    } else {
      const c = p.cost[depot * p.locations + p.nodeLoc[n]!]!;
      k = order === 'far' ? -c : c;
    }
    keys[r] = k;
  }
  list.sort((a, b) => keys[a]! - keys[b]!);
}

/** SISR's weights: random 4, demand 4, far 2, close 1. */
export function pickOrder(rng: Rng): RecreateOrder {
  const x = rng.int(11);
  return x < 4 ? 'random' : x < 8 ? 'demand' : x < 10 ? 'far' : 'close';
}
