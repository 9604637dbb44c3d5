import { isUnplanned } from './order/statuses.ts';
import type { Order, PlanningFailureReason } from './order/types.ts';
import { insertIntoPlan } from './planning/incremental.ts';
import type { PlanningInstance, PlanSequences, RouteSequence, StopRef } from './planning/model.ts';
import { type RouteInstance, routeInstance, routePoints } from './route-planning.ts';
import { type RouteStop, type StopParts, splitStops, stopLocation, storedSequence } from './route-stops.ts';
import type { LngLat, TravelMatrix } from './tracking/eta.ts';
import { isAvailable, type Worker, workerCapacity } from './worker.ts';
import { type ShiftOptions, type ShiftWindow, shiftWindowAt } from './worker-shift.ts';

/** A worker and the route new work joins: its not-yet-started route (stops in sequence), or none. */
/** What dispatch reads of a worker: its own row (its devices and tracking state play no part). */
export type DispatchWorker = Omit<Worker, 'deviceIds' | 'isTracking'>;

export interface DispatchCandidate {
  worker: DispatchWorker;
  route: { routeHandle: string; version: number; stops: readonly RouteStop[] } | null;
}

/** Why a worker cannot take the orders, before or after trying the insertion. */
export type ExclusionReason = Exclude<PlanningFailureReason, 'no_workers'>;

/**
 * How far a worker got, for the order's one `planning_failure_reason` when none fits: the reason
 * of the worker closest to taking it (an available worker on shift with the skill says more than
 * one off shift).
 */
const STAGE: Record<ExclusionReason, number> = {
  worker_unavailable: 0,
  off_shift: 1,
  missing_skill: 2,
  capacity: 3,
  time_window: 4,
  no_room: 5,
};

export interface Screened {
  candidate: DispatchCandidate;
  shift: ShiftWindow;
  parts: StopParts<RouteStop>;
  /** The matrix points the insertion needs (`routePoints`), for the caller's routing provider. */
  points: LngLat[];
}

export interface Fit {
  workerHandle: string;
  candidate: DispatchCandidate;
  /** Travel seconds and metres the orders add to the worker's route (home to home when it has one). */
  addedDuration: number;
  addedDistance: number;
  /** The route's whole stored sequence with the orders in place (order ids). */
  stopSequence: string[];
  /** Where the first new stop sits in that sequence (0-based). */
  index: number;
  /** Where the worker comes from to the first new stop: the stop before it, else the start. */
  startLocation: LngLat | null;
}

export interface Excluded {
  workerHandle: string;
  reason: ExclusionReason;
}

/** A deadline already past, or a window that closes before it opens: no worker can serve it. */
export const hasImpossibleWindow = (o: Order, now: Date): boolean =>
  o.scheduledAt !== null && (o.scheduledAt <= now || (o.scheduledAfter !== null && o.scheduledAfter > o.scheduledAt));

const handlesOf = (orders: readonly RouteStop[]) => new Set(orders.map((o) => `${o.orderHandle}\u0000${o.fulfillmentAttempt}`));

/**
 * The checks that need neither the route nor travel: availability, the shift the worker is in now
 * (on-demand work starts now), every `product_type` of the orders among the worker's
 * `product_types`, and a window that can still be met at all.
 */
export function screenWorker(w: DispatchWorker, adding: readonly Order[], now: Date, opts: ShiftOptions = {}): { shift: ShiftWindow } | Excluded {
  const out = (reason: ExclusionReason): Excluded => ({ workerHandle: w.workerHandle, reason });
  if (!isAvailable(w)) return out('worker_unavailable');
  const shift = shiftWindowAt(w, now, { ...opts, opsGroupHandle: adding[0]?.opsGroupHandle ?? null });
  if (!shift) return out('off_shift');
  const skills = new Set(w.productTypes);
  if (adding.some((o) => (o.productType ?? []).some((s) => !skills.has(s)))) return out('missing_skill');
  if (adding.some((o) => hasImpossibleWindow(o, now))) return out('time_window');
  return { shift };
}

/** Room on the worker's route (`profile.capacity`, in orders: a handle's pick and drop count once), and the matrix points. */
export function screenRoute(c: DispatchCandidate, shift: ShiftWindow, adding: readonly Order[]): Screened | Excluded {
  const w = c.worker;
  const parts = splitStops(c.route?.stops ?? []);
  const capacity = workerCapacity(w);
  if (capacity !== null && handlesOf([...parts.ongoing, ...parts.open]).size + handlesOf(adding).size > capacity) {
    return { workerHandle: w.workerHandle, reason: 'capacity' };
  }
  return { candidate: c, shift, parts, points: routePoints<RouteStop>(parts, adding, w.home?.coordinates ?? null) };
}

/** Travel of one route sequence on the instance's matrices (start and end included). */
function travelOf(instance: PlanningInstance, route: RouteSequence | undefined): { duration: number; distance: number } {
  const v = instance.vehicles[0]!;
  const locationOf = (ref: StopRef): number => {
    if (ref.kind === 'job') return instance.jobs.find((j) => j.id === ref.id)!.location;
    const s = instance.shipments.find((x) => x.id === ref.id)!;
    return ref.kind === 'pickup' ? s.pickup.location : s.delivery.location;
  };
  const path = [...(v.start !== undefined ? [v.start] : []), ...(route?.stops ?? []).map(locationOf)];
  if (path.length > 0 && v.end !== undefined) path.push(v.end);
  let duration = 0;
  let distance = 0;
  for (let i = 1; i < path.length; i++) {
    const k = path[i - 1]! * instance.size + path[i]!;
    duration += instance.durations[k]!;
    distance += instance.distances[k]!;
  }
  return { duration, distance };
}

/**
 * Inserts the orders into the screened worker's route with the planner's incremental insert
 * (cheapest feasible place for driving time, nothing already placed moves; the shift bounds the
 * route, home to home when the worker has one). Null when no place meets every window.
 */
export function fitCandidate(s: Screened, adding: readonly Order[], now: Date, matrix: TravelMatrix): Fit | null {
  const w = s.candidate.worker;
  const ri: RouteInstance<RouteStop> = routeInstance<RouteStop>(w.workerHandle, s.parts, adding, now, () => matrix, {
    home: w.home?.coordinates ?? null,
    shift: s.shift,
    skills: w.productTypes,
  });
  let plan: PlanSequences = { routes: ri.plan.routes, unassigned: ri.plan.unassigned };
  for (const ref of ri.plan.unassigned) {
    const r = insertIntoPlan(ri.instance, plan, ref);
    if (!r.inserted) return null;
    plan = { routes: r.plan.routes, unassigned: plan.unassigned.filter((u) => u !== ref) };
  }
  const before = travelOf(ri.instance, ri.plan.routes[0]);
  const after = travelOf(ri.instance, plan.routes[0]);
  const served = (plan.routes[0]?.stops ?? []).map(ri.orderOf);
  const open = served.slice(s.parts.ongoing.length);
  const stopSequence = storedSequence(s.parts, open);
  const addingIds = new Set(adding.map((o) => o.id));
  const at = served.findIndex((o) => addingIds.has(o.id));
  const previous = at > 0 ? stopLocation(served[at - 1]!) : (s.points[0] ?? null);
  const hasStart = ri.instance.vehicles[0]!.start !== undefined;
  return {
    workerHandle: w.workerHandle,
    candidate: s.candidate,
    addedDuration: Math.round(after.duration - before.duration),
    addedDistance: Math.round(after.distance - before.distance),
    stopSequence,
    index: s.parts.completed.length + at,
    startLocation: at > 0 || hasStart ? previous : null,
  };
}

/** Cheapest first: added driving time, then added distance, then the worker handle (a stable order). */
export const rankFits = (fits: readonly Fit[]): Fit[] =>
  [...fits].sort(
    (a, b) =>
      a.addedDuration - b.addedDuration ||
      a.addedDistance - b.addedDistance ||
      (a.workerHandle < b.workerHandle ? -1 : a.workerHandle > b.workerHandle ? 1 : 0),
  );

/** The one reason the orders stay unplanned: that of the worker that came closest, `no_workers` without any. */
export function failureReason(excluded: readonly Excluded[]): PlanningFailureReason {
  let best: ExclusionReason | null = null;
  for (const e of excluded) if (best === null || STAGE[e.reason] > STAGE[best]) best = e.reason;
  return best ?? 'no_workers';
}

/** Whether every record is still waiting for a worker (dispatch re-checks this under its locks). */
export const allUnplanned = (orders: readonly Order[]): boolean => orders.every((o) => isUnplanned(o.status) && o.rescheduledMarkedAt === null);
