import type { Job, PlanningInstance, PlanSequences, Shipment, StopRef, Vehicle } from '../../src/core/planning/model.ts';
import { createRng, type Rng } from '../../src/core/planning/rng.ts';

function euclidean(points: readonly (readonly [number, number])[]): Float64Array {
  const n = points.length;
  const m = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) m[a * n + b] = Math.hypot(points[a]![0] - points[b]![0], points[a]![1] - points[b]![1]);
  return m;
}

/** A hand-sized instance on a plane: location 0 is the depot, the rest as given. */
export function planeInstance(input: {
  points: readonly (readonly [number, number])[];
  vehicles: readonly Vehicle[];
  jobs?: readonly Job[];
  shipments?: readonly Shipment[];
  minimiseVehicles?: boolean;
}): PlanningInstance {
  const m = euclidean(input.points);
  return {
    size: input.points.length,
    durations: m,
    distances: m,
    vehicles: input.vehicles,
    jobs: input.jobs ?? [],
    shipments: input.shipments ?? [],
    objective: { minimiseVehicles: input.minimiseVehicles ?? true, travel: 'distance' },
  };
}

/** Small random instances for brute force: windows, capacities, some shipments. */
export function randomSmallInstance(seed: number, jobs: number, shipments: number, vehicles: number): PlanningInstance {
  const rng: Rng = createRng(seed);
  const points: [number, number][] = [[50, 50]];
  const count = jobs + 2 * shipments;
  for (let i = 0; i < count; i++) points.push([rng.int(101), rng.int(101)]);
  const window = (): [number, number] => {
    const open = rng.int(200);
    return [open, open + 40 + rng.int(160)];
  };
  const js: Job[] = Array.from({ length: jobs }, (_, i) => ({
    id: `j${i}`,
    location: i + 1,
    service: 5,
    delivery: [1 + rng.int(4)],
    timeWindows: rng.next() < 0.7 ? [window()] : [],
  }));
  const ss: Shipment[] = Array.from({ length: shipments }, (_, i) => ({
    id: `s${i}`,
    pickup: { location: jobs + 2 * i + 1, service: 5, timeWindows: [window()] },
    delivery: { location: jobs + 2 * i + 2, service: 5 },
    amount: [1 + rng.int(4)],
  }));
  const vs: Vehicle[] = Array.from({ length: vehicles }, (_, i) => ({ id: `v${i}`, start: 0, end: 0, shift: [0, 600], capacity: [8] }));
  return planeInstance({ points, vehicles: vs, jobs: js, shipments: ss });
}

export interface Lexicographic {
  readonly unassigned: number;
  readonly vehicles: number;
  readonly distance: number;
}

export function compareCost(a: Lexicographic, b: Lexicographic): number {
  return a.unassigned - b.unassigned || a.vehicles - b.vehicles || a.distance - b.distance;
}

/**
 * Every plan of a small instance: each request goes unassigned or into any position of any route
 * (a shipment: any pickup position, any later delivery position). `visit` sees each once.
 */
export function enumeratePlans(instance: PlanningInstance, visit: (plan: PlanSequences) => void): void {
  const routes: StopRef[][] = instance.vehicles.map(() => []);
  const unassigned: { kind: 'job' | 'shipment'; id: string }[] = [];
  const requests = [
    ...instance.jobs.map((j) => ({ kind: 'job' as const, id: j.id })),
    ...instance.shipments.map((s) => ({ kind: 'shipment' as const, id: s.id })),
  ];
  const rec = (i: number) => {
    if (i === requests.length) {
      visit({ routes: routes.map((stops, v) => ({ vehicle: instance.vehicles[v]!.id, stops: stops.slice() })), unassigned: unassigned.slice() });
      return;
    }
    const req = requests[i]!;
    unassigned.push(req);
    rec(i + 1);
    unassigned.pop();
    for (const route of routes) {
      if (req.kind === 'job') {
        for (let p = 0; p <= route.length; p++) {
          route.splice(p, 0, { kind: 'job', id: req.id });
          rec(i + 1);
          route.splice(p, 1);
        }
      } else {
        for (let p = 0; p <= route.length; p++) {
          route.splice(p, 0, { kind: 'pickup', id: req.id });
          for (let q = p + 1; q <= route.length; q++) {
            route.splice(q, 0, { kind: 'delivery', id: req.id });
            rec(i + 1);
            route.splice(q, 1);
          }
          route.splice(p, 1);
        }
      }
    }
  };
  rec(0);
}
