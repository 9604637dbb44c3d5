import type { Order, PlannedEstimate, PlanningFailureReason, Priority } from '../order/types.ts';
import { stopLocation } from '../route-stops.ts';
import type { LngLat, TravelMatrix } from '../tracking/eta.ts';
import type { Worker } from '../worker.ts';
import { type CheckReport, checkSolution } from './check-solution.ts';
import { buildFleet, type ExclusionReason, type FleetVehicle } from './fleet.ts';
import type { Job, PlanningInstance, PlanSequences, Shipment, StopRef, TimeWindow, UnassignedRef, Vehicle } from './model.ts';

/**
 * A plan run's orders and workers as a planner instance, and the solved plan read back as routes
 * of orders. Time 0 is `now`: no stop is planned in the past, and a shift already under way only
 * offers what is left of it.
 */
export interface OrderPlanOptions {
  /** The planning date, a local date in each worker's time zone (YYYY-MM-DD). */
  date: string;
  now: Date;
  opsGroupHandle: string | null;
  /** Orders per route for a worker whose profile names no capacity; unbounded when omitted. */
  defaultCapacity?: number;
}

/** One thing to place: a single stop, or a pick and a drop of one handle as one shipment. */
export interface PlanRequest {
  ref: UnassignedRef;
  /** The order, or the pick then the drop. */
  orders: Order[];
  skills: string[];
  /** No departure from now on can meet the window (a deadline past, or closing before it opens). */
  impossibleWindow: boolean;
}

export interface PreparedPlan {
  /** The positions the matrix must cover, in index order (worker homes, then the stops). */
  points: LngLat[];
  workers: readonly Worker[];
  fleet: FleetVehicle[];
  excluded: Map<string, ExclusionReason>;
  requests: PlanRequest[];
  /** Requests that go to the solver (the impossible windows do not). */
  solvable: PlanRequest[];
  jobs: Job[];
  shipments: Shipment[];
  now: Date;
}

const PRIORITY_WEIGHT: Record<Priority, number> = { low: 0, medium: 1, high: 2 };
const priorityOf = (o: Order) => (o.priority ? PRIORITY_WEIGHT[o.priority] : 0);
const secondsSince = (now: Date, d: Date) => (d.getTime() - now.getTime()) / 1000;

/** The stop's window in seconds since now; null when it cannot be met from now on. */
function windowOf(o: Order, now: Date): TimeWindow[] | undefined | null {
  if (!o.scheduledAt && !o.scheduledAfter) return undefined;
  const open = o.scheduledAfter ? Math.max(0, secondsSince(now, o.scheduledAfter)) : 0;
  const close = o.scheduledAt ? secondsSince(now, o.scheduledAt) : Number.POSITIVE_INFINITY;
  return close < open ? null : [[open, close]];
}

const handleKey = (o: Order) => `${o.orderHandle}\u0000${o.fulfillmentAttempt}`;

/**
 * The instance's parts before the matrix is known. A pick and a drop of one handle and attempt,
 * each the only one of its type, are one shipment (same worker, pick first); every other order is
 * a job. Each stop takes one unit of the worker's capacity (`profile.capacity` counts orders).
 */
export function prepareOrderPlan(orders: readonly Order[], workers: readonly Worker[], o: OrderPlanOptions): PreparedPlan {
  const points: LngLat[] = [];
  const locate = (p: LngLat) => points.push(p) - 1;
  const built = buildFleet(workers, { date: o.date, origin: o.now, locate, opsGroupHandle: o.opsGroupHandle, defaultCapacity: o.defaultCapacity });
  const excluded = new Map(built.excluded.map((e) => [e.workerHandle, e.reason]));
  // A shift over before now offers nothing; one under way offers what is left of it.
  const fleet: FleetVehicle[] = [];
  for (const v of built.vehicles) {
    const [open, close] = v.vehicle.shift!;
    if (close <= 0) continue;
    fleet.push({ ...v, vehicle: { ...v.vehicle, shift: [Math.max(0, open), close] } });
  }
  for (const w of workers) {
    if (!excluded.has(w.workerHandle) && !fleet.some((v) => v.workerHandle === w.workerHandle)) excluded.set(w.workerHandle, 'off_shift');
  }

  const byHandle = new Map<string, Order[]>();
  for (const x of orders) byHandle.set(handleKey(x), [...(byHandle.get(handleKey(x)) ?? []), x]);
  const requests: PlanRequest[] = [];
  const solvable: PlanRequest[] = [];
  const jobs: Job[] = [];
  const shipments: Shipment[] = [];
  const paired = new Set<string>();
  for (const group of byHandle.values()) {
    const picks = group.filter((x) => x.type === 'pick');
    const drops = group.filter((x) => x.type === 'drop');
    if (picks.length !== 1 || drops.length !== 1) continue;
    const [p, d] = [picks[0]!, drops[0]!];
    const pw = windowOf(p, o.now);
    const dw = windowOf(d, o.now);
    const skills = [...new Set([...(p.productType ?? []), ...(d.productType ?? [])])];
    const request: PlanRequest = { ref: { kind: 'shipment', id: `${p.id}>${d.id}` }, orders: [p, d], skills, impossibleWindow: pw === null || dw === null };
    requests.push(request);
    paired.add(p.id).add(d.id);
    if (request.impossibleWindow) continue;
    solvable.push(request);
    shipments.push({
      id: request.ref.id,
      pickup: { location: locate(stopLocation(p)), service: p.expectedServiceTime, ...(pw ? { timeWindows: pw } : {}) },
      delivery: { location: locate(stopLocation(d)), service: d.expectedServiceTime, ...(dw ? { timeWindows: dw } : {}) },
      amount: [1],
      skills,
      priority: Math.max(priorityOf(p), priorityOf(d)),
    });
  }
  for (const x of orders) {
    if (paired.has(x.id)) continue;
    const w = windowOf(x, o.now);
    const request: PlanRequest = { ref: { kind: 'job', id: x.id }, orders: [x], skills: x.productType ?? [], impossibleWindow: w === null };
    requests.push(request);
    if (request.impossibleWindow) continue;
    solvable.push(request);
    jobs.push({
      id: x.id,
      location: locate(stopLocation(x)),
      service: x.expectedServiceTime,
      ...(w ? { timeWindows: w } : {}),
      ...(x.type === 'pick' ? { pickup: [1] } : { delivery: [1] }),
      skills: request.skills,
      priority: priorityOf(x),
    });
  }
  return { points, workers, fleet, excluded, requests, solvable, jobs, shipments, now: o.now };
}

/** The instance, with the matrix the routing provider gave for `prepared.points`. */
export function orderPlanInstance(prepared: PreparedPlan, matrix: TravelMatrix): PlanningInstance {
  return {
    size: matrix.size,
    durations: matrix.durations,
    distances: matrix.distances,
    vehicles: prepared.fleet.map((v) => v.vehicle),
    jobs: prepared.jobs,
    shipments: prepared.shipments,
    // Every order placed first; then the least driving time.
    objective: { minimiseVehicles: false, travel: 'duration' },
  };
}

/** A stop of a planned route: its order and the plan's arrival there. */
export interface PlannedOrderStop {
  order: Order;
  estimate: PlannedEstimate;
}

export interface PlannedOrderRoute {
  vehicleId: string;
  workerHandle: string;
  stops: PlannedOrderStop[];
  /** Planned departure from the start and arrival at the end; metres and seconds of travel. */
  departure: Date;
  arrival: Date;
  distance: number;
  duration: number;
}

export interface UnplannedOrder {
  order: Order;
  reason: PlanningFailureReason;
}

export interface OrderPlanOutcome {
  routes: PlannedOrderRoute[];
  unplanned: UnplannedOrder[];
  /** The checker's verdict on the routes as they are returned. */
  check: CheckReport;
  /** The sequences the verdict is about (what the routes are made of). */
  sequences: PlanSequences;
}

const atSecond = (now: Date, s: number) => new Date(now.getTime() + Math.round(s * 1000));

function requestIndex(prepared: PreparedPlan): Map<string, PlanRequest> {
  return new Map(prepared.requests.map((r) => [`${r.ref.kind}:${r.ref.id}`, r]));
}

function orderOfStop(requests: Map<string, PlanRequest>, ref: StopRef): Order {
  if (ref.kind === 'job') return requests.get(`job:${ref.id}`)!.orders[0]!;
  const r = requests.get(`shipment:${ref.id}`)!;
  return ref.kind === 'pickup' ? r.orders[0]! : r.orders[1]!;
}

/**
 * The solved plan as routes of orders (empty routes left out), minus the requests in `drop`
 * (orders that changed while the solver ran: they stay as they are now), with each left-out
 * request's reason, and the checker's verdict on exactly what is returned.
 */
export function readOrderPlan(
  prepared: PreparedPlan,
  instance: PlanningInstance,
  plan: PlanSequences,
  drop: ReadonlySet<string> = new Set(),
): OrderPlanOutcome {
  const requests = requestIndex(prepared);
  const fleetOf = new Map(prepared.fleet.map((v) => [v.vehicle.id, v]));
  const n = instance.size;
  const keyOf = (ref: StopRef) => (ref.kind === 'job' ? `job:${ref.id}` : `shipment:${ref.id}`);
  const routes: PlannedOrderRoute[] = [];
  const placed = new Set<string>();
  const sequences: PlanSequences['routes'][number][] = [];
  const loads = new Map<string, number>();
  for (const r of plan.routes) {
    const kept = r.stops.filter((s) => !drop.has(keyOf(s)));
    if (kept.length === 0) continue;
    const fv = fleetOf.get(r.vehicle)!;
    // With stops dropped the route is driven again from its start: arrivals only get earlier
    // under the triangle inequality, and the checker below says whether they did.
    const stops: PlannedOrderStop[] = [];
    let time = fv.vehicle.shift?.[0] ?? 0;
    let previous = fv.vehicle.start;
    let distance = 0;
    let duration = 0;
    let departure: number | null = null;
    for (const s of kept) {
      const order = orderOfStop(requests, s);
      const location = instance.jobs.find((j) => j.id === s.id && s.kind === 'job')?.location ?? shipmentLocation(instance, s);
      const legDuration = previous === undefined ? 0 : instance.durations[previous * n + location]!;
      const legDistance = previous === undefined ? 0 : instance.distances[previous * n + location]!;
      const window = windowsOf(instance, s)?.find(([, close]) => time + legDuration <= close + 1e-6);
      // Leave as late as the window allows: waiting happens before departure, not at the door.
      const leave = Math.max(time, (window?.[0] ?? 0) - legDuration);
      departure ??= leave;
      const arrive = leave + legDuration;
      stops.push({
        order,
        estimate: {
          arriveAt: atSecond(prepared.now, arrive).toISOString(),
          startBy: atSecond(prepared.now, leave).toISOString(),
          distance: Math.round(legDistance),
          duration: Math.round(legDuration),
        },
      });
      distance += legDistance;
      duration += legDuration;
      time = arrive + order.expectedServiceTime;
      previous = location;
      placed.add(keyOf(s));
    }
    const back = previous !== undefined && fv.vehicle.end !== undefined ? previous * n + fv.vehicle.end : -1;
    if (back >= 0) {
      distance += instance.distances[back]!;
      duration += instance.durations[back]!;
      time += instance.durations[back]!;
    }
    routes.push({
      vehicleId: r.vehicle,
      workerHandle: fv.workerHandle,
      stops,
      departure: atSecond(prepared.now, departure ?? 0),
      arrival: atSecond(prepared.now, time),
      distance: Math.round(distance),
      duration: Math.round(duration),
    });
    sequences.push({ vehicle: r.vehicle, stops: kept });
    loads.set(r.vehicle, new Set(kept.map(keyOf)).size);
  }
  const unassigned = prepared.solvable.filter((r) => !placed.has(`${r.ref.kind}:${r.ref.id}`)).map((r) => r.ref);
  const result: PlanSequences = { routes: sequences, unassigned };
  const check = checkSolution(instance, result);
  const unplanned: UnplannedOrder[] = [];
  for (const r of prepared.requests) {
    const key = `${r.ref.kind}:${r.ref.id}`;
    if (placed.has(key) || drop.has(key)) continue;
    const reason = failureReason(prepared, instance, r, loads);
    for (const order of r.orders) unplanned.push({ order, reason });
  }
  return { routes, unplanned, check, sequences: result };
}

function shipmentLocation(instance: PlanningInstance, ref: StopRef): number {
  const s = instance.shipments.find((x) => x.id === ref.id)!;
  return ref.kind === 'pickup' ? s.pickup.location : s.delivery.location;
}

function windowsOf(instance: PlanningInstance, ref: StopRef): readonly TimeWindow[] | undefined {
  if (ref.kind === 'job') return instance.jobs.find((j) => j.id === ref.id)?.timeWindows;
  const s = instance.shipments.find((x) => x.id === ref.id)!;
  return ref.kind === 'pickup' ? s.pickup.timeWindows : s.delivery.timeWindows;
}

/** The request alone on the vehicle, checked by the checker on a two-part instance (same matrix). */
export function fitsAlone(instance: PlanningInstance, vehicle: Vehicle, ref: UnassignedRef): boolean {
  const job = ref.kind === 'job' ? instance.jobs.find((j) => j.id === ref.id) : undefined;
  const shipment = ref.kind === 'shipment' ? instance.shipments.find((s) => s.id === ref.id) : undefined;
  if (!job && !shipment) return false;
  const sub: PlanningInstance = { ...instance, vehicles: [vehicle], jobs: job ? [job] : [], shipments: shipment ? [shipment] : [] };
  const stops: StopRef[] = job
    ? [{ kind: 'job', id: ref.id }]
    : [
        { kind: 'pickup', id: ref.id },
        { kind: 'delivery', id: ref.id },
      ];
  return checkSolution(sub, { routes: [{ vehicle: vehicle.id, stops }], unassigned: [] }).feasible;
}

const hasSkills = (w: Worker, skills: readonly string[]) => skills.every((s) => w.productTypes.includes(s));

/**
 * Why a request was left out, from the most basic cause on: no worker in the run; no worker with
 * its skills; no such worker working (unavailable, or no shift that date); no shift of one that can
 * serve it alone within its window (`time_window`); every shift that could was full by capacity
 * (`capacity`) or by time with the other stops (`no_room`).
 */
function failureReason(prepared: PreparedPlan, instance: PlanningInstance, r: PlanRequest, loads: ReadonlyMap<string, number>): PlanningFailureReason {
  if (prepared.workers.length === 0) return 'no_workers';
  const skilled = prepared.workers.filter((w) => hasSkills(w, r.skills));
  if (skilled.length === 0) return 'missing_skill';
  const handles = new Set(skilled.map((w) => w.workerHandle));
  const vehicles = prepared.fleet.filter((v) => handles.has(v.workerHandle));
  if (vehicles.length === 0) return skilled.some((w) => prepared.excluded.get(w.workerHandle) === 'off_shift') ? 'off_shift' : 'worker_unavailable';
  if (r.impossibleWindow) return 'time_window';
  const room = vehicles.filter((v) => (v.vehicle.capacity[0] ?? 0) >= 1);
  if (room.length === 0) return 'capacity';
  const fitting = room.filter((v) => fitsAlone(instance, v.vehicle, r.ref));
  if (fitting.length === 0) return 'time_window';
  return fitting.every((v) => (loads.get(v.vehicle.id) ?? 0) + 1 > (v.vehicle.capacity[0] ?? 0)) ? 'capacity' : 'no_room';
}

/** How many of the solver's requests could be served at all: alone on some vehicle, by the checker. */
export function placeableRequests(prepared: PreparedPlan, instance: PlanningInstance): PlanRequest[] {
  return prepared.solvable.filter((r) => prepared.fleet.some((v) => fitsAlone(instance, v.vehicle, r.ref)));
}
