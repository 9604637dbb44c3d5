import { earliestStart as earliestStartExport, type Problem, SINGLE as SINGLE_EXPORT } from './problem.ts';

// Module-local copies: a transpiled import is a getter call on every use, and these sit in the
// innermost loops.
const earliestStart = earliestStartExport;
const SINGLE = SINGLE_EXPORT;
import type { Rng } from './rng.ts';
import type { Route } from './route.ts';

/** The best insertion found so far; reused across calls so the inner loop allocates nothing. */
export interface Insertion {
  route: number;
  /** Insert the (first) node after position p. */
  p: number;
  /** For a shipment: insert the delivery after position q of the original route (q ≥ p). */
  q: number;
  delta: number;
}

export function emptyInsertion(): Insertion {
  return { route: -1, p: -1, q: -1, delta: Infinity };
}

/**
 * Updates `best` with the cheapest feasible insertion of request `r` into `route` if it beats
 * `best.delta`. Feasibility is O(1) per position: the forward earliest start of the position
 * before, the backward latest start of the position after, and prefix/suffix load maxima.
 * `blink` > 0 skips each improving position with that probability (SISR's "blinks").
 */
export function bestInsertionInRoute(p: Problem, route: Route, routeIndex: number, r: number, best: Insertion, blink: number, rng: Rng | null): void {
  const node = p.requestNode[r]!;
  const extra = route.len === 0 ? p.vehicleWeight + p.vFixed[route.vehicle]! : 0;
  if (p.nodeKind[node] === SINGLE) singleInsertion(p, route, routeIndex, node, extra, best, blink, rng);
  else shipmentInsertion(p, route, routeIndex, node, p.nodeSibling[node]!, extra, best, blink, rng);
}

function singleInsertion(p: Problem, route: Route, routeIndex: number, node: number, extra: number, best: Insertion, blink: number, rng: Rng | null): void {
  const L = p.locations;
  const D = p.dims;
  const v = route.vehicle;
  const { loc, es, ls, service, pmax, smax } = route;
  const { dur, cost, dist } = p;
  const lj = p.nodeLoc[node]!;
  const sj = p.nodeService[node]!;
  const lastClose = p.nodeLastClose[node]!;
  const maxDur = p.vMaxDuration[v]!;
  const maxDist = p.vMaxDistance[v]!;
  const limited = maxDur !== Infinity || maxDist !== Infinity;
  for (let k = route.fixed; k <= route.len; k++) {
    const a = loc[k]!;
    const b = loc[k + 1]!;
    const arrival = es[k]! + service[k]! + dur[a * L + lj]!;
    if (arrival > lastClose) break;
    const delta = cost[a * L + lj]! + cost[lj * L + b]! - cost[a * L + b]! + extra;
    if (delta >= best.delta) continue;
    const start = earliestStart(p, node, arrival);
    if (start + sj + dur[lj * L + b]! > ls[k + 1]!) continue;
    let fits = true;
    for (let d = 0; d < D; d++) {
      const cap = p.vCapacity[v * D + d]!;
      if (pmax[k * D + d]! + p.nodeDelivery[node * D + d]! > cap || smax[k * D + d]! + p.nodePickup[node * D + d]! > cap) {
        fits = false;
        break;
      }
    }
    if (!fits) continue;
    if (limited) {
      if (route.travelDuration + dur[a * L + lj]! + dur[lj * L + b]! - dur[a * L + b]! > maxDur) continue;
      if (route.travelDistance + dist[a * L + lj]! + dist[lj * L + b]! - dist[a * L + b]! > maxDist) continue;
    }
    if (blink > 0 && rng !== null && rng.next() < blink) continue;
    best.route = routeIndex;
    best.p = k;
    best.q = k;
    best.delta = delta;
  }
}

function shipmentInsertion(
  p: Problem,
  route: Route,
  routeIndex: number,
  pn: number,
  dn: number,
  extra: number,
  best: Insertion,
  blink: number,
  rng: Rng | null,
): void {
  const L = p.locations;
  const D = p.dims;
  const v = route.vehicle;
  const { loc, es, ls, service, load, nodes } = route;
  const { dur, cost, dist } = p;
  const lp = p.nodeLoc[pn]!;
  const ld = p.nodeLoc[dn]!;
  const sp = p.nodeService[pn]!;
  const sd = p.nodeService[dn]!;
  const pClose = p.nodeLastClose[pn]!;
  const dClose = p.nodeLastClose[dn]!;
  const maxDur = p.vMaxDuration[v]!;
  const maxDist = p.vMaxDistance[v]!;
  const limited = maxDur !== Infinity || maxDist !== Infinity;
  const len = route.len;
  for (let k = route.fixed; k <= len; k++) {
    const a = loc[k]!;
    const b = loc[k + 1]!;
    const arrP = es[k]! + service[k]! + dur[a * L + lp]!;
    if (arrP > pClose) break;
    const startP = earliestStart(p, pn, arrP);
    if (startP === Infinity) continue;
    let fits = true;
    for (let d = 0; d < D; d++) {
      if (load[k * D + d]! + p.nodePickup[pn * D + d]! > p.vCapacity[v * D + d]!) {
        fits = false;
        break;
      }
    }
    if (!fits) continue;
    const deltaP = cost[a * L + lp]! + cost[lp * L + b]! - cost[a * L + b]!;
    // Under the triangle inequality a delivery never costs less than zero to add: if the pickup
    // alone is already no better, no delivery position after it can be.
    if (deltaP + extra >= best.delta) continue;

    // Delivery right after the pickup.
    {
      const delta = cost[a * L + lp]! + cost[lp * L + ld]! + cost[ld * L + b]! - cost[a * L + b]! + extra;
      if (delta < best.delta) {
        const startD = earliestStart(p, dn, startP + sp + dur[lp * L + ld]!);
        if (startD + sd + dur[ld * L + b]! <= ls[k + 1]!) {
          const ok =
            !limited ||
            (route.travelDuration + dur[a * L + lp]! + dur[lp * L + ld]! + dur[ld * L + b]! - dur[a * L + b]! <= maxDur &&
              route.travelDistance + dist[a * L + lp]! + dist[lp * L + ld]! + dist[ld * L + b]! - dist[a * L + b]! <= maxDist);
          if (ok && !(blink > 0 && rng !== null && rng.next() < blink)) {
            best.route = routeIndex;
            best.p = k;
            best.q = k;
            best.delta = delta;
          }
        }
      }
    }

    // Delivery after a later stop q: walk forward carrying the pickup's delay and load.
    let t = startP + sp + dur[lp * L + b]!;
    for (let q = k + 1; q <= len; q++) {
      const start = earliestStart(p, nodes[q - 1]!, t);
      // Under the triangle inequality a later q only arrives later, so stop at the first failure.
      if (start > ls[q]!) break;
      let loadOk = true;
      for (let d = 0; d < D; d++) {
        if (load[q * D + d]! + p.nodePickup[pn * D + d]! > p.vCapacity[v * D + d]!) {
          loadOk = false;
          break;
        }
      }
      if (!loadOk) break;
      const c = loc[q]!;
      const e = loc[q + 1]!;
      const arrD = start + service[q]! + dur[c * L + ld]!;
      if (arrD > dClose) break;
      const delta = deltaP + cost[c * L + ld]! + cost[ld * L + e]! - cost[c * L + e]! + extra;
      if (delta < best.delta) {
        const startD = earliestStart(p, dn, arrD);
        if (startD + sd + dur[ld * L + e]! <= ls[q + 1]!) {
          const ok =
            !limited ||
            (route.travelDuration + dur[a * L + lp]! + dur[lp * L + b]! - dur[a * L + b]! + dur[c * L + ld]! + dur[ld * L + e]! - dur[c * L + e]! <= maxDur &&
              route.travelDistance + dist[a * L + lp]! + dist[lp * L + b]! - dist[a * L + b]! + dist[c * L + ld]! + dist[ld * L + e]! - dist[c * L + e]! <=
                maxDist);
          if (ok && !(blink > 0 && rng !== null && rng.next() < blink)) {
            best.route = routeIndex;
            best.p = k;
            best.q = q;
            best.delta = delta;
          }
        }
      }
      t = start + service[q]! + dur[c * L + e]!;
    }
  }
}
