import type { Rng } from './rng.ts';
import type { Solution } from './solution.ts';

export interface RuinParams {
  /** Average number of removed customers (SISR's c̄). */
  readonly averageRemoved: number;
  /** Longest string (SISR's L_max). */
  readonly maxString: number;
  /** Probability of a split string instead of a plain one. */
  readonly splitRate: number;
  /** Split depth: the kept block keeps growing while a draw is ≥ this. */
  readonly splitDepth: number;
}

export const SISR_RUIN: RuinParams = { averageRemoved: 10, maxString: 10, splitRate: 0.5, splitDepth: 0.01 };

/**
 * SISR's adjacent string removal (Christiaens & Vanden Berghe 2020, §4): from a seed node, walk
 * its nearest neighbours and cut one string (or split string) out of each route met, up to k_s
 * routes. Removing a shipment stop removes its sibling too. Returns the removed requests.
 */
export function stringRemoval(s: Solution, rng: Rng, params: RuinParams, seedNode: number): number[] {
  const p = s.problem;
  let stops = 0;
  let used = 0;
  for (const r of s.routes) {
    if (r.len > r.fixed && s.usable[r.vehicle]) {
      stops += r.len - r.fixed;
      used++;
    }
  }
  if (used === 0) return [];
  const lsMax = Math.min(params.maxString, stops / used);
  const ksMax = (4 * params.averageRemoved) / (1 + lsMax) - 1;
  const ks = Math.floor(rng.next() * ksMax) + 1;
  const removedNodes: number[] = [];
  const ruined: number[] = [];
  const K = p.neighbourCount;
  for (let i = -1; i < K && ruined.length < ks; i++) {
    const node = i < 0 ? seedNode : p.neighbours[seedNode * K + i]!;
    const ri = s.requestRoute[p.nodeRequest[node]!]!;
    if (ri < 0 || !s.usable[ri] || ruined.includes(ri)) continue;
    const route = s.routes[ri]!;
    const idx = route.indexOf(node);
    if (idx < route.fixed) continue;
    const movable = route.len - route.fixed;
    const lMax = Math.min(movable, lsMax);
    const l = Math.floor(rng.next() * lMax) + 1;
    ruined.push(ri);
    if (l >= movable || rng.next() >= params.splitRate) {
      const lo = Math.max(route.fixed, idx - l + 1);
      const hi = Math.min(idx, route.len - l);
      const start = lo + rng.int(hi - lo + 1);
      for (let k = start; k < start + l; k++) removedNodes.push(route.nodes[k]!);
    } else {
      let m = 1;
      while (l + m < movable && rng.next() >= params.splitDepth) m++;
      const window = l + m;
      const lo = Math.max(route.fixed, idx - window + 1);
      const hi = Math.min(idx, route.len - window);
      const start = lo + rng.int(hi - lo + 1);
      const keepAt = rng.int(l + 1);
      for (let k = 0; k < window; k++) {
        if (k >= keepAt && k < keepAt + m) continue;
        removedNodes.push(route.nodes[start + k]!);
      }
    }
  }
  const requests: number[] = [];
  for (const n of removedNodes) {
    const r = p.nodeRequest[n]!;
    if (!requests.includes(r)) requests.push(r);
  }
  // A shipment's sibling may sit in the fixed prefix: then the request stays where it is.
  const movableRequests = requests.filter((r) => {
    const route = s.routes[s.requestRoute[r]!]!;
    const first = p.requestNode[r]!;
    return route.indexOf(first) >= route.fixed && (p.nodeSibling[first]! < 0 || route.indexOf(p.nodeSibling[first]!) >= route.fixed);
  });
  s.remove(movableRequests);
  return movableRequests;
}
