import { greatCircleMatrix, type LngLat } from '../../src/core/tracking/eta.ts';
import type { Job, PlanningInstance, Vehicle } from '../../src/core/planning/model.ts';
import { createRng, type Rng } from '../../src/core/planning/rng.ts';

/** 30 km/h door to door, on straight lines (no detour). */
const SPEED_M_S = 30 / 3.6;

/** Points within `radiusM` of a city centre (Berlin), denser near the middle. */
export function cityPoints(rng: Rng, count: number, radiusM: number): [number, number][] {
  const centre: [number, number] = [52.52, 13.405];
  const points: [number, number][] = [centre];
  for (let i = 0; i < count; i++) {
    const r = radiusM * Math.sqrt(rng.next()) * (0.3 + 0.7 * rng.next());
    const t = 2 * Math.PI * rng.next();
    const dLat = (r * Math.cos(t)) / 111_320;
    const dLon = (r * Math.sin(t)) / (111_320 * Math.cos((centre[0] * Math.PI) / 180));
    points.push([centre[0] + dLat, centre[1] + dLon]);
  }
  return points;
}

/** The routing provider's offline matrix, straight lines at a constant speed; points are [lat, lng]. */
export function cityMatrices(points: readonly (readonly [number, number])[]): { distances: Float64Array; durations: Float64Array } {
  const lngLat = points.map((p): LngLat => [p[1], p[0]]);
  return greatCircleMatrix(lngLat, { detourFactor: 1, speedMps: SPEED_M_S });
}

/**
 * A city-scale day: `jobs` deliveries around one depot, half with a two-hour window, on
 * `vehicles` vans with an 8-hour shift; the objective is total driving time.
 */
export function cityInstance(seed: number, jobs: number, vehicles: number, capacity: number): PlanningInstance {
  const rng = createRng(seed);
  const points = cityPoints(rng, jobs, 12_000);
  const { distances, durations } = cityMatrices(points);
  const day = 8 * 3600;
  const js: Job[] = Array.from({ length: jobs }, (_, i) => {
    const open = rng.int(day - 2 * 3600);
    return {
      id: `j${i}`,
      location: i + 1,
      service: 120,
      delivery: [1 + rng.int(3)],
      timeWindows: rng.next() < 0.5 ? [[open, open + 2 * 3600]] : [],
    };
  });
  const vs: Vehicle[] = Array.from({ length: vehicles }, (_, i) => ({ id: `van${i}`, start: 0, end: 0, shift: [0, day], capacity: [capacity] }));
  return { size: points.length, distances, durations, vehicles: vs, jobs: js, shipments: [], objective: { minimiseVehicles: false, travel: 'duration' } };
}

export { createRng };
