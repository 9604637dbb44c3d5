import type { Order } from './order/types.ts';
import { checkSolution } from './planning/check-solution.ts';
import { insertIntoPlan, reoptimiseRoute } from './planning/incremental.ts';
import type { Job, PlanningInstance, PlanSequences, RouteSequence, Shipment, StopRef, TimeWindow, UnassignedRef } from './planning/model.ts';
import { DEFAULT_MATRIX_OPTIONS } from './planning/travel-matrix.ts';
import { greatCircleMatrix, type LngLat, type TravelMatrix } from './tracking/eta.ts';
import { type RouteStop, type StopParts, stopLocation } from './route-stops.ts';

/**
 * One route's stops as a planner instance. The clock starts at `now` (second 0). The worker starts
 * where the last completed stop was (else at the first stop); ongoing stops are the started
 * prefix; open stops are free to move. A pick and a drop of one handle that are both open become
 * a shipment, so no sequence serves the drop first.
 */
export interface RouteInstance<T extends RouteStop = Order> {
  readonly instance: PlanningInstance;
  readonly plan: PlanSequences;
  readonly vehicle: string;
  /** The order(s) behind each stop reference. */
  readonly orderOf: (ref: StopRef) => T;
  readonly refOf: (o: T) => UnassignedRef;
}

const seconds = (d: Date, now: Date) => (d.getTime() - now.getTime()) / 1000;

/**
 * A stop's window in planner seconds. A deadline already past is dropped: the stop is late
 * whatever the sequence, and a window nobody can meet would make every sequence "infeasible".
 */
function windowOf(o: RouteStop, now: Date): TimeWindow[] | undefined {
  if (!o.scheduledAt && !o.scheduledAfter) return undefined;
  const open = o.scheduledAfter ? Math.max(0, seconds(o.scheduledAfter, now)) : 0;
  const close = o.scheduledAt ? seconds(o.scheduledAt, now) : Number.POSITIVE_INFINITY;
  return close < open ? undefined : [[open, close]];
}

/** The worker behind a route's vehicle, when known: where it starts and ends, its shift, its skills. */
export interface RouteVehicle {
  /** The worker's home: the start when no stop is served yet, and the end. */
  home?: LngLat | null;
  /** Departure no earlier and return no later than these instants (read against `now`). */
  shift?: { start: Date; end: Date } | null;
  skills?: readonly string[];
}

/**
 * The matrix points of `routeInstance`, in its order: the start (the last served stop, else the
 * home), the ongoing, open and new stops, then the home as the end when it is not the start. A
 * caller with an asynchronous routing provider computes the matrix of these first.
 */
export function routePoints<T extends RouteStop>(
  parts: Pick<StopParts<T>, 'completed' | 'ongoing' | 'open'>,
  adding: readonly T[],
  home?: LngLat | null,
): LngLat[] {
  const last = parts.completed.at(-1);
  const start = last ? stopLocation(last) : (home ?? null);
  const stops = [...parts.ongoing, ...parts.open, ...adding].map(stopLocation);
  return [...(start ? [start] : []), ...stops, ...(home && last ? [home] : [])];
}

export function routeInstance<T extends RouteStop = Order>(
  vehicle: string,
  parts: Pick<StopParts<T>, 'completed' | 'ongoing' | 'open'>,
  adding: readonly T[],
  now: Date,
  matrix: (points: readonly LngLat[]) => TravelMatrix = (points) => greatCircleMatrix(points, DEFAULT_MATRIX_OPTIONS),
  worker: RouteVehicle = {},
): RouteInstance<T> {
  const last = parts.completed.at(-1);
  const movable = [...parts.open, ...adding];
  const all = [...parts.ongoing, ...movable];
  const home = worker.home ?? null;
  const points = routePoints(parts, adding, home);
  const offset = last || home ? 1 : 0;
  const index = new Map(all.map((o, i) => [o.id, i + offset]));
  const end = home ? (last ? points.length - 1 : 0) : undefined;
  // Skills are matched only against a known worker's: the route operations' vehicle has none.
  const skillsOf = (o: T) => (worker.skills && o.productType?.length ? { skills: o.productType } : {});

  // Pair an open pick with an open drop of the same handle and attempt when each is the only one.
  const byHandle = new Map<string, T[]>();
  for (const o of movable) {
    const k = `${o.orderHandle}\u0000${o.fulfillmentAttempt}`;
    byHandle.set(k, [...(byHandle.get(k) ?? []), o]);
  }
  const shipmentOf = new Map<string, Shipment>();
  const shipments: Shipment[] = [];
  for (const group of byHandle.values()) {
    const picks = group.filter((o) => o.type === 'pick');
    const drops = group.filter((o) => o.type === 'drop');
    if (picks.length !== 1 || drops.length !== 1) continue;
    const [p, d] = [picks[0]!, drops[0]!];
    const s: Shipment = {
      id: `${p.id}>${d.id}`,
      pickup: { location: index.get(p.id)!, service: p.expectedServiceTime, timeWindows: windowOf(p, now) },
      delivery: { location: index.get(d.id)!, service: d.expectedServiceTime, timeWindows: windowOf(d, now) },
      amount: [0],
      ...skillsOf(p),
    };
    shipments.push(s);
    shipmentOf.set(p.id, s);
    shipmentOf.set(d.id, s);
  }
  const jobs: Job[] = all
    .filter((o) => !shipmentOf.has(o.id))
    .map((o) => ({ id: o.id, location: index.get(o.id)!, service: o.expectedServiceTime, timeWindows: windowOf(o, now), ...skillsOf(o) }));

  const m = matrix(points);
  const instance: PlanningInstance = {
    size: m.size,
    durations: m.durations,
    distances: m.distances,
    vehicles: [
      {
        id: vehicle,
        capacity: [0],
        ...(offset ? { start: 0 } : {}),
        ...(end !== undefined ? { end } : {}),
        ...(worker.shift ? { shift: [Math.max(0, seconds(worker.shift.start, now)), seconds(worker.shift.end, now)] as const } : {}),
        ...(worker.skills ? { skills: worker.skills } : {}),
      },
    ],
    jobs,
    shipments,
    objective: { minimiseVehicles: false, travel: 'duration' },
  };
  const byId = new Map(all.map((o) => [o.id, o]));
  const refOf = (o: T): UnassignedRef => {
    const s = shipmentOf.get(o.id);
    return s ? { kind: 'shipment', id: s.id } : { kind: 'job', id: o.id };
  };
  const stopRef = (o: T): StopRef => {
    const s = shipmentOf.get(o.id);
    if (!s) return { kind: 'job', id: o.id };
    return { kind: o.type === 'pick' ? 'pickup' : 'delivery', id: s.id };
  };
  const orderOf = (ref: StopRef): T => {
    if (ref.kind === 'job') return byId.get(ref.id)!;
    const [p, d] = ref.id.split('>');
    return byId.get(ref.kind === 'pickup' ? p! : d!)!;
  };
  const addingIds = new Set(adding.map((o) => o.id));
  const seen = new Set<string>();
  const unassigned: UnassignedRef[] = [];
  for (const o of adding) {
    const r = refOf(o);
    // A shipment whose other half is already on the route cannot be half-placed: both go in together.
    const key = `${r.kind}:${r.id}`;
    if (!seen.has(key)) unassigned.push(r);
    seen.add(key);
  }
  const route: RouteSequence = {
    vehicle,
    stops: all.filter((o) => !addingIds.has(o.id) && !(shipmentOf.has(o.id) && adding.some((a) => shipmentOf.get(a.id) === shipmentOf.get(o.id)))).map(stopRef),
    started: parts.ongoing.length,
  };
  return { instance, plan: { routes: [route], unassigned }, vehicle, orderOf, refOf };
}

/** The open stops in the order of the plan's route (its started prefix left out). */
function openOrder(ri: RouteInstance, plan: PlanSequences, ongoing: number): Order[] {
  const route = plan.routes.find((r) => r.vehicle === ri.vehicle);
  return (route?.stops ?? []).slice(ongoing).map(ri.orderOf);
}

export interface SequenceResult {
  /** The open stops in their new order. */
  open: Order[];
  /** Whether the checker accepts the route as sequenced (every window, precedence). */
  feasible: boolean;
}

/** Re-sequences the open stops for the least driving time; the started ones keep their places. */
export function optimiseStops(parts: Pick<StopParts, 'completed' | 'ongoing' | 'open'>, now: Date, seed: number): SequenceResult {
  if (parts.open.length < 2) return { open: parts.open, feasible: true };
  const ri = routeInstance('route', parts, [], now);
  const plan = reoptimiseRoute(ri.instance, ri.plan, ri.vehicle, { seed, maxIterations: 2000 });
  return { open: openOrder(ri, plan, parts.ongoing.length), feasible: checkSolution(ri.instance, plan).feasible };
}

/**
 * Inserts each new stop, in the order given, at its cheapest feasible place after the started
 * prefix (the planner's incremental insert; nothing already placed moves). A stop that fits
 * nowhere within its window goes to the end, so the route is still served as asked.
 */
export function insertStops(parts: Pick<StopParts, 'completed' | 'ongoing' | 'open'>, adding: readonly Order[], now: Date): SequenceResult {
  const ri = routeInstance('route', parts, adding, now);
  let plan: PlanSequences = { routes: ri.plan.routes, unassigned: [] };
  const late: UnassignedRef[] = [];
  for (const ref of ri.plan.unassigned) {
    const withRef: PlanSequences = { routes: plan.routes, unassigned: [...late, ref] };
    const r = insertIntoPlan(ri.instance, withRef, ref);
    if (r.inserted) plan = { routes: r.plan.routes, unassigned: [] };
    else late.push(ref);
  }
  const open = openOrder(ri, plan, parts.ongoing.length);
  const placed = new Set(open.map((o) => o.id));
  const rest = adding.filter((o) => !placed.has(o.id));
  return { open: [...open, ...rest], feasible: rest.length === 0 && checkSolution(ri.instance, plan).feasible };
}
