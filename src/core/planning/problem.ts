import type { PlanningInstance, TimeWindow } from './model.ts';

/** Node kinds: a job is one node; a shipment is a pickup node followed by its delivery node. */
export const SINGLE = 0;
export const PICKUP = 1;
export const DELIVERY = 2;

/**
 * The instance flattened into typed arrays, the shape the inner insertion loop reads. Built once
 * per solve; never mutated afterwards.
 */
export interface Problem {
  readonly instance: PlanningInstance;
  /** Locations, plus a dummy one at index `size` (zero travel) if a vehicle lacks a start or end. */
  readonly locations: number;
  readonly dur: Float64Array;
  readonly dist: Float64Array;
  /** The objective's matrix (dur or dist). */
  readonly cost: Float64Array;
  readonly dims: number;
  readonly nodes: number;
  readonly nodeLoc: Int32Array;
  readonly nodeService: Float64Array;
  readonly nodeKind: Uint8Array;
  readonly nodeRequest: Int32Array;
  /** The other node of a shipment, -1 for a job. */
  readonly nodeSibling: Int32Array;
  /** Load change at the node: on board += pickup − delivery (dims per node). */
  readonly nodePickup: Float64Array;
  readonly nodeDelivery: Float64Array;
  readonly twOffset: Int32Array;
  readonly twOpen: Float64Array;
  readonly twClose: Float64Array;
  /** Latest close over the node's windows: an arrival after it fails at every window. */
  readonly nodeLastClose: Float64Array;
  readonly requests: number;
  readonly jobs: number;
  /** First node of each request (the pickup for a shipment). */
  readonly requestNode: Int32Array;
  readonly requestWeight: Float64Array;
  readonly vehicles: number;
  readonly vStart: Int32Array;
  readonly vEnd: Int32Array;
  readonly vShiftStart: Float64Array;
  readonly vShiftEnd: Float64Array;
  readonly vCapacity: Float64Array;
  readonly vMaxDuration: Float64Array;
  readonly vMaxDistance: Float64Array;
  readonly vFixed: Float64Array;
  /** Identical vehicles share a class: only one empty route per class is worth trying. */
  readonly vClass: Int32Array;
  /** compatible[v × requests + r] = 1 if vehicle v has every skill request r needs. */
  readonly compatible: Uint8Array;
  /** Cost of leaving one unit of request weight unassigned: above any vehicle and travel total. */
  readonly unassignedUnit: number;
  /** Cost of one more vehicle when minimising vehicles: above any travel total; else 0. */
  readonly vehicleWeight: number;
  /** Nearest nodes of each node by travel cost, `neighbourCount` per node. */
  readonly neighbours: Int32Array;
  readonly neighbourCount: number;
}

const OPEN: readonly TimeWindow[] = [[-Infinity, Infinity]];

/** `neighbours: false` skips the O(n² log n) neighbour lists that only ruin moves need. */
export function buildProblem(instance: PlanningInstance, options: { neighbours?: boolean } = {}): Problem {
  const { size, jobs, shipments, vehicles } = instance;
  // The dummy location (for a vehicle without a start or an end) costs a matrix copy: only
  // pay it when some vehicle needs it, so incremental calls on depot-based fleets stay cheap.
  const needsDummy = vehicles.some((v) => v.start === undefined || v.end === undefined);
  const L = needsDummy ? size + 1 : size;
  let dur = instance.durations;
  let dist = instance.distances;
  if (needsDummy) {
    dur = new Float64Array(L * L);
    dist = new Float64Array(L * L);
    for (let a = 0; a < size; a++) {
      dur.set(instance.durations.subarray(a * size, a * size + size), a * L);
      dist.set(instance.distances.subarray(a * size, a * size + size), a * L);
    }
  }
  const cost = instance.objective.travel === 'distance' ? dist : dur;
  const dims = vehicles[0]?.capacity.length ?? 1;
  const J = jobs.length;
  const S = shipments.length;
  const N = J + 2 * S;
  const R = J + S;
  const nodeLoc = new Int32Array(N);
  const nodeService = new Float64Array(N);
  const nodeKind = new Uint8Array(N);
  const nodeRequest = new Int32Array(N);
  const nodeSibling = new Int32Array(N).fill(-1);
  const nodePickup = new Float64Array(N * dims);
  const nodeDelivery = new Float64Array(N * dims);
  const windows: (readonly TimeWindow[])[] = [];
  const requestNode = new Int32Array(R);
  const requestWeight = new Float64Array(R);
  const requestSkills: (readonly string[])[] = [];
  jobs.forEach((job, j) => {
    nodeLoc[j] = job.location;
    nodeService[j] = job.service ?? 0;
    nodeKind[j] = SINGLE;
    nodeRequest[j] = j;
    for (let d = 0; d < dims; d++) {
      nodePickup[j * dims + d] = job.pickup?.[d] ?? 0;
      nodeDelivery[j * dims + d] = job.delivery?.[d] ?? 0;
    }
    windows[j] = job.timeWindows?.length ? job.timeWindows : OPEN;
    requestNode[j] = j;
    requestWeight[j] = 1 + (job.priority ?? 0);
    requestSkills[j] = job.skills ?? [];
  });
  shipments.forEach((s, i) => {
    const p = J + 2 * i;
    const q = p + 1;
    const r = J + i;
    nodeLoc[p] = s.pickup.location;
    nodeLoc[q] = s.delivery.location;
    nodeService[p] = s.pickup.service ?? 0;
    nodeService[q] = s.delivery.service ?? 0;
    nodeKind[p] = PICKUP;
    nodeKind[q] = DELIVERY;
    nodeRequest[p] = r;
    nodeRequest[q] = r;
    nodeSibling[p] = q;
    nodeSibling[q] = p;
    for (let d = 0; d < dims; d++) {
      nodePickup[p * dims + d] = s.amount[d] ?? 0;
      nodeDelivery[q * dims + d] = s.amount[d] ?? 0;
    }
    windows[p] = s.pickup.timeWindows?.length ? s.pickup.timeWindows : OPEN;
    windows[q] = s.delivery.timeWindows?.length ? s.delivery.timeWindows : OPEN;
    requestNode[r] = p;
    requestWeight[r] = 1 + (s.priority ?? 0);
    requestSkills[r] = s.skills ?? [];
  });
  const twOffset = new Int32Array(N + 1);
  for (let n = 0; n < N; n++) twOffset[n + 1] = twOffset[n]! + windows[n]!.length;
  const twOpen = new Float64Array(twOffset[N]!);
  const twClose = new Float64Array(twOffset[N]!);
  const nodeLastClose = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    windows[n]!.forEach(([open, close], k) => {
      twOpen[twOffset[n]! + k] = open;
      twClose[twOffset[n]! + k] = close;
    });
    nodeLastClose[n] = windows[n]![windows[n]!.length - 1]![1];
  }

  const V = vehicles.length;
  const vStart = new Int32Array(V);
  const vEnd = new Int32Array(V);
  const vShiftStart = new Float64Array(V);
  const vShiftEnd = new Float64Array(V);
  const vCapacity = new Float64Array(V * dims);
  const vMaxDuration = new Float64Array(V);
  const vMaxDistance = new Float64Array(V);
  const vFixed = new Float64Array(V);
  const vClass = new Int32Array(V);
  const compatible = new Uint8Array(V * R);
  const classKeys = new Map<string, number>();
  vehicles.forEach((v, i) => {
    vStart[i] = v.start ?? size;
    vEnd[i] = v.end ?? size;
    vShiftStart[i] = v.shift?.[0] ?? 0;
    vShiftEnd[i] = v.shift?.[1] ?? Infinity;
    for (let d = 0; d < dims; d++) vCapacity[i * dims + d] = v.capacity[d] ?? 0;
    vMaxDuration[i] = v.maxTravelTime ?? Infinity;
    vMaxDistance[i] = v.maxDistance ?? Infinity;
    vFixed[i] = v.fixedCost ?? 0;
    const skills = new Set(v.skills ?? []);
    for (let r = 0; r < R; r++) compatible[i * R + r] = requestSkills[r]!.every((s) => skills.has(s)) ? 1 : 0;
    const key = JSON.stringify([v.start, v.end, v.shift, v.capacity, [...skills].sort(), v.maxTravelTime, v.maxDistance, v.fixedCost]);
    if (!classKeys.has(key)) classKeys.set(key, classKeys.size);
    vClass[i] = classKeys.get(key)!;
  });

  // Upper bound on any plan's travel: (stops + vehicles) arcs at the costliest arc, plus every fixed cost.
  let maxArc = 0;
  for (let k = 0; k < cost.length; k++) if (cost[k]! > maxArc) maxArc = cost[k]!;
  let travelBound = 1 + maxArc * (N + V);
  for (let i = 0; i < V; i++) travelBound += vFixed[i]!;
  const vehicleWeight = instance.objective.minimiseVehicles ? travelBound : 0;
  const unassignedUnit = travelBound + vehicleWeight * (V + 1);

  const neighbourCount = options.neighbours === false ? 0 : Math.max(0, Math.min(N - 1, 100));
  const neighbours = new Int32Array(N * neighbourCount);
  if (neighbourCount > 0) {
    const order = new Int32Array(N);
    const key = new Float64Array(N);
    for (let n = 0; n < N; n++) {
      const from = nodeLoc[n]! * L;
      for (let m = 0; m < N; m++) {
        order[m] = m;
        key[m] = m === n ? Infinity : cost[from + nodeLoc[m]!]!;
      }
      order.sort((a, b) => key[a]! - key[b]! || a - b);
      neighbours.set(order.subarray(0, neighbourCount), n * neighbourCount);
    }
  }

  return {
    instance,
    locations: L,
    dur,
    dist,
    cost,
    dims,
    nodes: N,
    nodeLoc,
    nodeService,
    nodeKind,
    nodeRequest,
    nodeSibling,
    nodePickup,
    nodeDelivery,
    twOffset,
    twOpen,
    twClose,
    nodeLastClose,
    requests: R,
    jobs: J,
    requestNode,
    requestWeight,
    vehicles: V,
    vStart,
    vEnd,
    vShiftStart,
    vShiftEnd,
    vCapacity,
    vMaxDuration,
    vMaxDistance,
    vFixed,
    vClass,
    compatible,
    unassignedUnit,
    vehicleWeight,
    neighbours,
    neighbourCount,
  };
}

/** Earliest service start at `node` for an arrival at `t`, or Infinity if every window has closed. */
export function earliestStart(p: Problem, node: number, t: number): number {
  const end = p.twOffset[node + 1]!;
  for (let k = p.twOffset[node]!; k < end; k++) {
    if (t <= p.twClose[k]!) return t > p.twOpen[k]! ? t : p.twOpen[k]!;
  }
  return Infinity;
}

/** Latest service start at `node` no later than `t` inside a window, or -Infinity if none opens by then. */
export function latestStart(p: Problem, node: number, t: number): number {
  for (let k = p.twOffset[node + 1]! - 1; k >= p.twOffset[node]!; k--) {
    if (t >= p.twOpen[k]!) return t < p.twClose[k]! ? t : p.twClose[k]!;
  }
  return -Infinity;
}
