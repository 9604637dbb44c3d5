import { earliestStart, latestStart, type Problem, SINGLE } from './problem.ts';

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
    loc[0] = p.vStart[v]!;
    service[0] = 0;
    for (let i = 0; i < n; i++) {
      loc[i + 1] = p.nodeLoc[nodes[i]!]!;
      service[i + 1] = p.nodeService[nodes[i]!]!;
    }
    loc[last] = p.vEnd[v]!;
    service[last] = 0;
    let feasible = true;
    es[0] = p.vShiftStart[v]!;
    cumCost[0] = 0;
    let tDur = 0;
    let tDist = 0;
    for (let k = 1; k <= last; k++) {
      const arc = loc[k - 1]! * L + loc[k]!;
      tDur += p.dur[arc]!;
      tDist += p.dist[arc]!;
      cumCost[k] = cumCost[k - 1]! + p.cost[arc]!;
      const arrival = es[k - 1]! + service[k - 1]! + p.dur[arc]!;
      if (k === last) {
        es[k] = arrival;
      } else {
        const s = earliestStart(p, nodes[k - 1]!, arrival);
        if (s === Infinity) feasible = false;
        es[k] = s === Infinity ? arrival : s;
      }
    }
    this.travelDuration = tDur;
    this.travelDistance = tDist;
    this.cost = cumCost[last]!;
    if (es[last]! > p.vShiftEnd[v]! || tDur > p.vMaxDuration[v]! || tDist > p.vMaxDistance[v]!) feasible = false;
    ls[last] = p.vShiftEnd[v]!;
    for (let k = n; k >= 1; k--) {
      const t = ls[k + 1]! - p.dur[loc[k]! * L + loc[k + 1]!]! - service[k]!;
      ls[k] = latestStart(p, nodes[k - 1]!, t);
    }
    ls[0] = ls[1]! - p.dur[loc[0]! * L + loc[1]!]!;
    if (ls[0] < es[0]) feasible = false;

    for (let d = 0; d < D; d++) {
      let start = 0;
      for (let i = 0; i < n; i++) if (p.nodeKind[nodes[i]!] === SINGLE) start += p.nodeDelivery[nodes[i]! * D + d]!;
      load[d] = start;
      for (let k = 1; k <= n; k++) {
        const node = nodes[k - 1]!;
        load[k * D + d] = load[(k - 1) * D + d]! + p.nodePickup[node * D + d]! - p.nodeDelivery[node * D + d]!;
      }
      load[last * D + d] = load[n * D + d]!;
      let m = -Infinity;
      for (let k = 0; k <= last; k++) {
        m = Math.max(m, load[k * D + d]!);
        pmax[k * D + d] = m;
      }
      m = -Infinity;
      for (let k = last; k >= 0; k--) {
        m = Math.max(m, load[k * D + d]!);
        smax[k * D + d] = m;
      }
      if (m > p.vCapacity[v * D + d]!) feasible = false;
    }
    this.feasible = feasible;
  }
}
