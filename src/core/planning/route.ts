import { type Problem, SINGLE as SINGLE_EXPORT } from './problem.ts';

// A module-local copy: a transpiled import is a getter call on every use, and this one sits in
// an inner loop.
const SINGLE = SINGLE_EXPORT;

/**
 * One vehicle's route with the per-position data that makes insertion checks O(1). Positions run
 * 0..len+1: 0 is the start, 1..len the stops, len+1 the end. Everything is recomputed by
 * `update()` after a change, so only touched routes pay O(len).
 */
export class Route {
  len = 0;
  /** Leading stops that may not move (already started). */
  fixed = 0;
  nodes: Int32Array;
  loc: Int32Array;
  service: Float64Array;
  /** Earliest service start (departure at 0, arrival at len+1). */
  es: Float64Array;
  /** Latest service start that keeps the rest of the route feasible. */
  ls: Float64Array;
  /** Load on board after each position (dims per position), and its prefix/suffix maxima. */
  load: Float64Array;
  pmax: Float64Array;
  smax: Float64Array;
  /** Cumulated travel cost, duration and distance up to each position. */
  cumCost: Float64Array;
  travelDuration = 0;
  travelDistance = 0;
  /** Travel on the objective's matrix (fixed cost excluded). */
  cost = 0;
  /** False if the stored sequence breaks a window, the shift or a limit (only hand-fed plans). */
  feasible = true;

  constructor(
    readonly problem: Problem,
    readonly vehicle: number,
  ) {
    this.nodes = new Int32Array(0);
    this.loc = new Int32Array(0);
    this.service = new Float64Array(0);
    this.es = new Float64Array(0);
    this.ls = new Float64Array(0);
    this.load = new Float64Array(0);
    this.pmax = new Float64Array(0);
    this.smax = new Float64Array(0);
    this.cumCost = new Float64Array(0);
    this.reserve(8);
    this.update();
  }

  private reserve(stops: number): void {
    if (this.nodes.length >= stops) return;
    const cap = Math.max(stops, this.nodes.length * 2);
    const grow = <T extends Int32Array | Float64Array>(old: T, make: (n: number) => T, per: number): T => {
      const a = make((cap + 2) * per);
      a.set(old.subarray(0, Math.min(old.length, a.length)));
      return a;
    };
    const d = this.problem.dims;
    const nodes = new Int32Array(cap);
    nodes.set(this.nodes);
    this.nodes = nodes;
    this.loc = grow(this.loc, (n) => new Int32Array(n), 1);
    this.service = grow(this.service, (n) => new Float64Array(n), 1);
    this.es = grow(this.es, (n) => new Float64Array(n), 1);
    this.ls = grow(this.ls, (n) => new Float64Array(n), 1);
    this.load = grow(this.load, (n) => new Float64Array(n), d);
    this.pmax = grow(this.pmax, (n) => new Float64Array(n), d);
    this.smax = grow(this.smax, (n) => new Float64Array(n), d);
    this.cumCost = grow(this.cumCost, (n) => new Float64Array(n), 1);
  }

  /** Replaces the whole sequence (used to restore a snapshot or load a plan). */
  setNodes(nodes: ArrayLike<number>, len: number): void {
    this.reserve(len);
    for (let i = 0; i < len; i++) this.nodes[i] = nodes[i]!;
    this.len = len;
    this.update();
  }

  /** Inserts `node` after position `pos` (0 = first stop) without updating. */
  insertRaw(pos: number, node: number): void {
    this.reserve(this.len + 1);
    this.nodes.copyWithin(pos + 1, pos, this.len);
    this.nodes[pos] = node;
    this.len++;
  }

  /** Removes the stop at index `i` (0-based stop index) without updating. */
  removeRaw(i: number): void {
    this.nodes.copyWithin(i, i + 1, this.len);
    this.len--;
  }

  indexOf(node: number): number {
    for (let i = 0; i < this.len; i++) if (this.nodes[i] === node) return i;
    return -1;
  }

  update(): void {
    const p = this.problem;
    const L = p.locations;
    const D = p.dims;
    const v = this.vehicle;
    const n = this.len;
    const last = n + 1;
    const { loc, service, es, ls, load, pmax, smax, cumCost, nodes } = this;
    const { nodeLoc, nodeService, dur, dist, cost, twOffset, twOpen, twClose } = p;
    // Forward: locations, travel and earliest service starts in one pass. The window lookups are
    // inlined (this loop and the backward one are most of a solve's time).
    let feasible = true;
    let prevLoc = p.vStart[v]!;
    let prevService = 0;
    let t = p.vShiftStart[v]!;
    let tDur = 0;
    let tDist = 0;
    let travel = 0;
    loc[0] = prevLoc;
    service[0] = 0;
    es[0] = t;
    cumCost[0] = 0;
    for (let k = 1; k <= n; k++) {
      const node = nodes[k - 1]!;
      const l = nodeLoc[node]!;
      const sv = nodeService[node]!;
      loc[k] = l;
      service[k] = sv;
      const arc = prevLoc * L + l;
      const d = dur[arc]!;
      tDur += d;
      tDist += dist[arc]!;
      travel += cost[arc]!;
      cumCost[k] = travel;
      const arrival = t + prevService + d;
      let start = Infinity;
      for (let w = twOffset[node]!, end = twOffset[node + 1]!; w < end; w++) {
        if (arrival <= twClose[w]!) {
          start = arrival > twOpen[w]! ? arrival : twOpen[w]!;
          break;
        }
      }
      if (start === Infinity) {
        feasible = false;
        start = arrival;
      }
      es[k] = start;
      t = start;
      prevService = sv;
      prevLoc = l;
    }
    const endLoc = p.vEnd[v]!;
    loc[last] = endLoc;
    service[last] = 0;
    const endArc = prevLoc * L + endLoc;
    tDur += dur[endArc]!;
    tDist += dist[endArc]!;
    travel += cost[endArc]!;
    cumCost[last] = travel;
    es[last] = t + prevService + dur[endArc]!;
    this.travelDuration = tDur;
    this.travelDistance = tDist;
    this.cost = travel;
    if (es[last]! > p.vShiftEnd[v]! || tDur > p.vMaxDuration[v]! || tDist > p.vMaxDistance[v]!) feasible = false;

    // Backward: latest service starts that keep the rest feasible.
    let next = p.vShiftEnd[v]!;
    ls[last] = next;
    let nextLoc = endLoc;
    for (let k = n; k >= 1; k--) {
      const node = nodes[k - 1]!;
      const l = loc[k]!;
      const limit = next - dur[l * L + nextLoc]! - service[k]!;
      let latest = -Infinity;
      for (let w = twOffset[node + 1]! - 1, first = twOffset[node]!; w >= first; w--) {
        if (limit >= twOpen[w]!) {
          latest = limit < twClose[w]! ? limit : twClose[w]!;
          break;
        }
      }
      ls[k] = latest;
      next = latest;
      nextLoc = l;
    }
    ls[0] = next - dur[loc[0]! * L + nextLoc]!;
    if (ls[0] < es[0]!) feasible = false;

    // Loads: what is on board after each position, with prefix and suffix maxima.
    const { nodeKind, nodePickup, nodeDelivery, vCapacity } = p;
    for (let d = 0; d < D; d++) {
      let onBoard = 0;
      for (let i = 0; i < n; i++) if (nodeKind[nodes[i]!] === SINGLE) onBoard += nodeDelivery[nodes[i]! * D + d]!;
      let m = onBoard;
      load[d] = onBoard;
      pmax[d] = m;
      for (let k = 1; k <= n; k++) {
        const node = nodes[k - 1]!;
        onBoard += nodePickup[node * D + d]! - nodeDelivery[node * D + d]!;
        load[k * D + d] = onBoard;
        if (onBoard > m) m = onBoard;
        pmax[k * D + d] = m;
      }
      load[last * D + d] = onBoard;
      pmax[last * D + d] = m;
      m = onBoard;
      for (let k = last; k >= 0; k--) {
        const x = load[k * D + d]!;
        if (x > m) m = x;
        smax[k * D + d] = m;
      }
      if (m > vCapacity[v * D + d]!) feasible = false;
    }
    this.feasible = feasible;
  }
}
