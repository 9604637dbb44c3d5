import { emptyInsertion, type Insertion } from './insertion.ts';
import type { Problem } from './problem.ts';
import { Route } from './route.ts';

/** A frozen copy of a solution's sequences: what "best so far" keeps. */
export interface Snapshot {
  readonly routes: readonly Int32Array[];
  readonly unassigned: readonly number[];
  readonly cost: number;
}

/**
 * The search state: one route per vehicle, the unassigned requests, and an undo log so that a
 * rejected ruin-and-recreate move restores only the routes it touched.
 */
export class Solution {
  readonly routes: Route[];
  /** Route index of each request, -1 if unassigned. */
  readonly requestRoute: Int32Array;
  unassigned: number[] = [];
  /** Vehicles the search may put requests on (fleet minimisation switches some off). */
  readonly usable: Uint8Array;
  /** Requests the search leaves where they are (re-optimising one route ignores the others). */
  readonly frozen: Uint8Array;
  private readonly touched: Uint8Array;
  private readonly touchedList: number[] = [];
  private readonly backup: Int32Array[];
  private readonly backupLen: Int32Array;
  private backupUnassigned: number[] = [];
  private logging = false;
  /** Buffers the insertion search reuses, so its inner loop allocates nothing (per solution, not per module). */
  readonly scratch: { insertion: Insertion; routeMarks: Int32Array; stamp: number; requestKeys: Float64Array };

  constructor(readonly problem: Problem) {
    const V = problem.vehicles;
    this.routes = Array.from({ length: V }, (_, v) => new Route(problem, v));
    this.requestRoute = new Int32Array(problem.requests).fill(-1);
    for (let r = 0; r < problem.requests; r++) this.unassigned.push(r);
    this.usable = new Uint8Array(V).fill(1);
    this.frozen = new Uint8Array(problem.requests);
    this.touched = new Uint8Array(V);
    this.backup = Array.from({ length: V }, () => new Int32Array(0));
    this.backupLen = new Int32Array(V);
    this.scratch = { insertion: emptyInsertion(), routeMarks: new Int32Array(V), stamp: 0, requestKeys: new Float64Array(problem.requests) };
  }

  /** Starts recording changes so that `rollback()` can undo them. */
  begin(): void {
    this.logging = true;
    this.backupUnassigned = this.unassigned.slice();
  }

  commit(): void {
    for (const r of this.touchedList) this.touched[r] = 0;
    this.touchedList.length = 0;
    this.logging = false;
  }

  rollback(): void {
    for (const u of this.unassigned) this.requestRoute[u] = -1;
    this.unassigned = this.backupUnassigned;
    for (const u of this.unassigned) this.requestRoute[u] = -1;
    for (const r of this.touchedList) {
      const route = this.routes[r]!;
      route.setNodes(this.backup[r]!, this.backupLen[r]!);
      this.indexRoute(r);
      this.touched[r] = 0;
    }
    this.touchedList.length = 0;
    this.logging = false;
  }

  /** Marks route r as changing in this move, saving its sequence the first time. */
  touch(r: number): void {
    if (!this.logging || this.touched[r]) return;
    this.touched[r] = 1;
    this.touchedList.push(r);
    const route = this.routes[r]!;
    if (this.backup[r]!.length < route.len) this.backup[r] = new Int32Array(route.nodes.length);
    this.backup[r]!.set(route.nodes.subarray(0, route.len));
    this.backupLen[r] = route.len;
  }

  private indexRoute(r: number): void {
    const route = this.routes[r]!;
    for (let i = 0; i < route.len; i++) this.requestRoute[this.problem.nodeRequest[route.nodes[i]!]!] = r;
  }

  /** Applies an insertion found by `bestInsertionInRoute` and drops r from the unassigned list. */
  insert(r: number, ins: Insertion): void {
    const p = this.problem;
    const route = this.routes[ins.route]!;
    this.touch(ins.route);
    const first = p.requestNode[r]!;
    const sibling = p.nodeSibling[first]!;
    if (sibling >= 0) route.insertRaw(ins.q, sibling);
    route.insertRaw(ins.p, first);
    route.update();
    this.requestRoute[r] = ins.route;
    const i = this.unassigned.indexOf(r);
    if (i >= 0) {
      this.unassigned[i] = this.unassigned[this.unassigned.length - 1]!;
      this.unassigned.pop();
    }
  }

  /** Removes requests from their routes (movable stops only); routes are updated once at the end. */
  remove(requests: readonly number[]): void {
    const p = this.problem;
    const dirty: number[] = [];
    for (const r of requests) {
      const ri = this.requestRoute[r]!;
      if (ri < 0) continue;
      const route = this.routes[ri]!;
      this.touch(ri);
      const first = p.requestNode[r]!;
      const sibling = p.nodeSibling[first]!;
      const i = route.indexOf(first);
      route.removeRaw(i);
      if (sibling >= 0) route.removeRaw(route.indexOf(sibling));
      this.requestRoute[r] = -1;
      this.unassigned.push(r);
      if (!dirty.includes(ri)) dirty.push(ri);
    }
    for (const ri of dirty) this.routes[ri]!.update();
  }

  vehiclesUsed(): number {
    let n = 0;
    for (const r of this.routes) if (r.len > 0) n++;
    return n;
  }

  unassignedWeight(): number {
    let w = 0;
    for (const r of this.unassigned) w += this.problem.requestWeight[r]!;
    return w;
  }

  travelCost(): number {
    let c = 0;
    for (const r of this.routes) if (r.len > 0) c += r.cost + this.problem.vFixed[r.vehicle]!;
    return c;
  }

  /** The hierarchical objective as one number: the weights keep the levels apart. */
  cost(): number {
    const p = this.problem;
    return this.unassignedWeight() * p.unassignedUnit + this.vehiclesUsed() * p.vehicleWeight + this.travelCost();
  }

  snapshot(): Snapshot {
    return {
      routes: this.routes.map((r) => r.nodes.slice(0, r.len)),
      unassigned: this.unassigned.slice(),
      cost: this.cost(),
    };
  }

  restore(s: Snapshot): void {
    this.routes.forEach((route, r) => {
      route.setNodes(s.routes[r]!, s.routes[r]!.length);
    });
    this.requestRoute.fill(-1);
    for (let r = 0; r < this.routes.length; r++) this.indexRoute(r);
    this.unassigned = s.unassigned.slice();
  }
}
