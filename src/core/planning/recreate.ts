import { bestInsertionInRoute, emptyInsertion, type Insertion } from './insertion.ts';
import type { Rng } from './rng.ts';
import type { Solution } from './solution.ts';

const scratch: Insertion = emptyInsertion();

/**
 * Finds the cheapest feasible insertion of request r over the usable routes, trying only the first
 * empty route of each vehicle class (identical empty routes give identical answers).
 */
export function bestInsertion(s: Solution, r: number, blink: number, rng: Rng | null, out: Insertion = scratch): Insertion {
  const p = s.problem;
  out.route = -1;
  out.p = -1;
  out.q = -1;
  out.delta = Infinity;
  const R = p.requests;
  let triedEmptyClasses = 0;
  const seen: number[] = [];
  for (let v = 0; v < s.routes.length; v++) {
    if (!s.usable[v] || !p.compatible[v * R + r]) continue;
    const route = s.routes[v]!;
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

const keys = new Map<number, number>();

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
  keys.clear();
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
    keys.set(r, k);
  }
  list.sort((a, b) => keys.get(a)! - keys.get(b)!);
}

/** SISR's weights: random 4, demand 4, far 2, close 1. */
export function pickOrder(rng: Rng): RecreateOrder {
  const x = rng.int(11);
  return x < 4 ? 'random' : x < 8 ? 'demand' : x < 10 ? 'far' : 'close';
}
