import type { PlanningInstance, PlanSequences, StopKind, TimeWindow } from './model.ts';

export type ViolationKind =
  | 'unknown_vehicle'
  | 'vehicle_reused'
  | 'unknown_stop'
  | 'duplicate_stop'
  | 'missing_request'
  | 'wrongly_unassigned'
  | 'split_shipment'
  | 'precedence'
  | 'time_window'
  | 'shift_end'
  | 'capacity'
  | 'skills'
  | 'max_travel_time'
  | 'max_distance';

export interface Violation {
  readonly kind: ViolationKind;
  readonly vehicle?: string;
  readonly stop?: number;
  readonly message: string;
}

export interface CheckedTotals {
  readonly vehicles: number;
  readonly distance: number;
  readonly duration: number;
  readonly unassigned: number;
}

export interface CheckReport {
  readonly feasible: boolean;
  readonly violations: readonly Violation[];
  readonly totals: CheckedTotals;
}

interface StopData {
  readonly request: string;
  readonly location: number;
  readonly service: number;
  readonly windows: readonly TimeWindow[] | undefined;
  /** Change of the on-board load at this stop. */
  readonly change: readonly number[];
  /** Loaded at the vehicle's start for this stop. */
  readonly initial: readonly number[];
  readonly skills: readonly string[];
}

const EPS = 1e-6;

/**
 * Recomputes every route from the instance alone — arrivals, waits, loads, precedence, windows,
 * shift, skills, travel limits — and lists every violation it meets (not just the first). It
 * deliberately shares no code with the solver's incremental route data.
 */
export function checkSolution(instance: PlanningInstance, plan: PlanSequences): CheckReport {
  const violations: Violation[] = [];
  const dims = instance.vehicles[0]?.capacity.length ?? 1;
  const zero = new Array<number>(dims).fill(0);
  const vec = (v: readonly number[] | undefined, sign = 1) => zero.map((_, d) => sign * (v?.[d] ?? 0));
  const stops = new Map<string, StopData>();
  instance.jobs.forEach((j) => {
    const pick = vec(j.pickup);
    const drop = vec(j.delivery);
    stops.set(`job:${j.id}`, {
      request: `job:${j.id}`,
      location: j.location,
      service: j.service ?? 0,
      windows: j.timeWindows,
      change: pick.map((x, d) => x - drop[d]!),
      initial: drop,
      skills: j.skills ?? [],
    });
  });
  instance.shipments.forEach((s) => {
    const base = { request: `shipment:${s.id}`, initial: zero, skills: s.skills ?? [] };
    stops.set(`pickup:${s.id}`, { ...base, location: s.pickup.location, service: s.pickup.service ?? 0, windows: s.pickup.timeWindows, change: vec(s.amount) });
    stops.set(`delivery:${s.id}`, {
      ...base,
      location: s.delivery.location,
      service: s.delivery.service ?? 0,
      windows: s.delivery.timeWindows,
      change: vec(s.amount, -1),
    });
  });
  const vehicles = new Map(instance.vehicles.map((v) => [v.id, v]));
  const n = instance.size;
  const seenStops = new Map<string, string>();
  const seenVehicles = new Set<string>();
  const shipmentRoute = new Map<string, { pickup?: [string, number]; delivery?: [string, number] }>();
  let distance = 0;
  let duration = 0;
  let used = 0;

  for (const route of plan.routes) {
    const vehicle = vehicles.get(route.vehicle);
    const at = (stop: number | undefined, kind: ViolationKind, message: string) =>
      violations.push({ kind, vehicle: route.vehicle, ...(stop === undefined ? {} : { stop }), message });
    if (!vehicle) {
      at(undefined, 'unknown_vehicle', `vehicle ${route.vehicle} is not in the instance`);
      continue;
    }
    if (seenVehicles.has(vehicle.id)) at(undefined, 'vehicle_reused', `vehicle ${vehicle.id} has two routes`);
    seenVehicles.add(vehicle.id);
    if (route.stops.length === 0) continue;
    used++;
    const skills = new Set(vehicle.skills ?? []);
    const known: { ref: { kind: StopKind; id: string }; data: StopData; index: number }[] = [];
    route.stops.forEach((ref, index) => {
      const key = `${ref.kind}:${ref.id}`;
      const data = stops.get(key);
      if (!data) {
        at(index, 'unknown_stop', `${key} is not in the instance`);
        return;
      }
      if (seenStops.has(key)) at(index, 'duplicate_stop', `${key} already served by ${seenStops.get(key)}`);
      seenStops.set(key, vehicle.id);
      known.push({ ref, data, index });
    });

    let load = zero.slice();
    for (const k of known) for (let d = 0; d < dims; d++) load[d]! += k.data.initial[d]!;
    const cap = vehicle.capacity;
    const checkLoad = (index: number | undefined) => {
      for (let d = 0; d < dims; d++) {
        if (load[d]! > (cap[d] ?? 0) + EPS) at(index, 'capacity', `load ${load[d]} > capacity ${cap[d] ?? 0} in dimension ${d}`);
      }
    };
    checkLoad(undefined);
    let time = vehicle.shift?.[0] ?? 0;
    let previous = vehicle.start;
    let travelTime = 0;
    let travelDistance = 0;
    const leg = (from: number | undefined, to: number | undefined) => {
      if (from === undefined || to === undefined) return;
      travelTime += instance.durations[from * n + to]!;
      travelDistance += instance.distances[from * n + to]!;
      time += instance.durations[from * n + to]!;
    };
    for (const k of known) {
      leg(previous, k.data.location);
      const windows = k.data.windows?.length ? k.data.windows : [[-Infinity, Infinity] as const];
      const open = windows.find(([, close]) => time <= close + EPS);
      if (!open) {
        at(k.index, 'time_window', `${k.ref.kind} ${k.ref.id}: arrival ${time.toFixed(3)} after every window`);
      } else {
        time = Math.max(time, open[0]);
      }
      time += k.data.service;
      load = load.map((x, d) => x + k.data.change[d]!);
      checkLoad(k.index);
      if (k.data.skills.some((s) => !skills.has(s))) at(k.index, 'skills', `${k.ref.kind} ${k.ref.id} needs skills ${k.data.skills.join(',')}`);
      if (k.ref.kind !== 'job') {
        const entry = shipmentRoute.get(k.ref.id) ?? {};
        entry[k.ref.kind] = [vehicle.id, k.index];
        shipmentRoute.set(k.ref.id, entry);
      }
      previous = k.data.location;
    }
    leg(previous, vehicle.end);
    const shiftEnd = vehicle.shift?.[1] ?? Infinity;
    if (time > shiftEnd + EPS) at(undefined, 'shift_end', `arrival at the end ${time.toFixed(3)} after the shift ends ${shiftEnd}`);
    if (vehicle.maxTravelTime !== undefined && travelTime > vehicle.maxTravelTime + EPS)
      at(undefined, 'max_travel_time', `travel time ${travelTime} > ${vehicle.maxTravelTime}`);
    if (vehicle.maxDistance !== undefined && travelDistance > vehicle.maxDistance + EPS)
      at(undefined, 'max_distance', `distance ${travelDistance} > ${vehicle.maxDistance}`);
    distance += travelDistance;
    duration += travelTime;
  }

  for (const [id, entry] of shipmentRoute) {
    if (!entry.pickup || !entry.delivery || entry.pickup[0] !== entry.delivery[0]) {
      violations.push({ kind: 'split_shipment', message: `shipment ${id}: pickup and delivery not on one route` });
    } else if (entry.pickup[1] > entry.delivery[1]) {
      violations.push({ kind: 'precedence', vehicle: entry.pickup[0], stop: entry.delivery[1], message: `shipment ${id}: delivery before pickup` });
    }
  }
  const listed = new Set(plan.unassigned.map((u) => `${u.kind}:${u.id}`));
  const requests = [
    ...instance.jobs.map((j) => ({ key: `job:${j.id}`, served: seenStops.has(`job:${j.id}`) })),
    ...instance.shipments.map((s) => ({ key: `shipment:${s.id}`, served: seenStops.has(`pickup:${s.id}`) || seenStops.has(`delivery:${s.id}`) })),
  ];
  for (const r of requests) {
    if (!r.served && !listed.has(r.key)) violations.push({ kind: 'missing_request', message: `${r.key} neither routed nor listed unassigned` });
    if (r.served && listed.has(r.key)) violations.push({ kind: 'wrongly_unassigned', message: `${r.key} routed and listed unassigned` });
  }
  return {
    feasible: violations.length === 0,
    violations,
    totals: { vehicles: used, distance, duration, unassigned: requests.filter((r) => !r.served).length },
  };
}
