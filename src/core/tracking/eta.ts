import { haversine } from '../geo.ts';
import { straightLegs } from './expected-path.ts';
import { type Fix, inTimeOrder } from './fix.ts';

/** A position as GeoJSON orders it: [longitude, latitude]. */
export type LngLat = [number, number];

/** What a router says about getting from A to B. */
export interface RouteEstimate {
  /** Metres along the route. */
  distance: number;
  /** Seconds to drive it. */
  duration: number;
  /** The route's shape as [lng, lat] vertices, when the router knows the roads. */
  polyline?: [number, number][];
}

export interface RouteHints {
  /** The device's recently observed moving speed (m/s), see `learnedSpeed`; null when unknown. */
  speedMps: number | null;
}

/**
 * What ETAs are estimated with while fixes are folded into orders and risks swept: synchronous
 * and in-process, because it runs while the orders' rows are locked (ingest's transaction, the
 * sweep's claimed batch). No network request can be awaited there; a road router's answers would
 * reach it through a cache filled outside any transaction (docs/risks-and-eta.md).
 */
export interface EtaEstimator {
  estimate(from: LngLat, to: LngLat, hints: RouteHints): RouteEstimate;
}

/**
 * The seam between the core and whatever knows the roads. Async so that an HTTP router
 * (OSRM `/route/v1`, Valhalla `/route`) can implement it outside the core without changing it;
 * see docs/risks-and-eta.md for a sketch.
 */
export interface RoutingProvider {
  route(from: LngLat, to: LngLat, hints: RouteHints): Promise<RouteEstimate>;
  /** Every point to every point (OSRM `/table`, Valhalla `/sources_to_targets`): what plans are made on. */
  matrix(points: readonly LngLat[]): Promise<TravelMatrix>;
  /**
   * How the way through `waypoints`, in order, is driven: one polyline per leg, `legs[i]` from
   * waypoint i to waypoint i + 1 (OSRM `/route` with `steps`, Valhalla `legs[].shape`). What an
   * order's expected path on its route is drawn with (expected-path.ts).
   */
  path(waypoints: readonly LngLat[]): Promise<LngLat[][]>;
}

/** n × n, row-major (`from × size + to`): metres and seconds, the planner's `PlanningInstance` matrices. */
export interface TravelMatrix {
  size: number;
  distances: Float64Array;
  durations: Float64Array;
}

/**
 * The great-circle matrix: each leg's haversine length × `detourFactor`, driven at `speedMps`.
 * Symmetric with a zero diagonal, so each pair is computed once.
 */
export function greatCircleMatrix(points: readonly LngLat[], o: { detourFactor: number; speedMps: number }): TravelMatrix {
  const size = points.length;
  const distances = new Float64Array(size * size);
  const durations = new Float64Array(size * size);
  for (let a = 0; a < size; a++) {
    for (let b = a + 1; b < size; b++) {
      const d = haversine(points[a]!, points[b]!) * o.detourFactor;
      const s = d / o.speedMps;
      distances[a * size + b] = d;
      distances[b * size + a] = d;
      durations[a * size + b] = s;
      durations[b * size + a] = s;
    }
  }
  return { size, distances, durations };
}

export interface GreatCircleOptions {
  /** Road distance ÷ straight-line distance; 1.3 is a common urban circuity figure. */
  detourFactor: number;
  /** Learned speeds are clamped to [minSpeedMps, maxSpeedMps]. */
  minSpeedMps: number;
  maxSpeedMps: number;
  /** Used when nothing was learned: 8 m/s ≈ 29 km/h, urban driving with stops. */
  defaultSpeedMps: number;
}

export const DEFAULT_GREAT_CIRCLE: GreatCircleOptions = {
  detourFactor: 1.3,
  minSpeedMps: 2,
  maxSpeedMps: 25,
  defaultSpeedMps: 8,
};

/**
 * The offline default: the great-circle distance stretched by a detour factor, at the device's
 * learned speed kept within sane bounds (a walking courier's 1 m/s would give absurd ETAs for a
 * car stuck at a light; a 40 m/s GPS glitch would promise the impossible). Its `route` gives no
 * polyline; its `path` draws a route's legs as straight segments between the stops.
 */
export class GreatCircleProvider implements RoutingProvider, EtaEstimator {
  readonly options: GreatCircleOptions;

  constructor(options: Partial<GreatCircleOptions> = {}) {
    const o = { ...DEFAULT_GREAT_CIRCLE, ...options };
    if (!(o.detourFactor >= 1)) throw new RangeError('detourFactor must be at least 1');
    if (!(o.minSpeedMps > 0 && o.minSpeedMps <= o.maxSpeedMps)) {
      throw new RangeError('speed bounds must satisfy 0 < minSpeedMps <= maxSpeedMps');
    }
    if (!(o.defaultSpeedMps >= o.minSpeedMps && o.defaultSpeedMps <= o.maxSpeedMps)) {
      throw new RangeError('defaultSpeedMps must lie within the speed bounds');
    }
    this.options = o;
  }

  /** The speed the estimate will use for a hint, after bounding. */
  speedFor(hints: RouteHints): number {
    const { minSpeedMps, maxSpeedMps, defaultSpeedMps } = this.options;
    const s = hints.speedMps;
    if (s === null || !Number.isFinite(s)) return defaultSpeedMps;
    return Math.min(maxSpeedMps, Math.max(minSpeedMps, s));
  }

  estimate(from: LngLat, to: LngLat, hints: RouteHints): RouteEstimate {
    const distance = haversine(from, to) * this.options.detourFactor;
    return { distance, duration: distance / this.speedFor(hints) };
  }

  async route(from: LngLat, to: LngLat, hints: RouteHints): Promise<RouteEstimate> {
    return this.estimate(from, to, hints);
  }

  /** A plan has no device to learn a speed from: every leg runs at `defaultSpeedMps`. */
  async matrix(points: readonly LngLat[]): Promise<TravelMatrix> {
    return greatCircleMatrix(points, { detourFactor: this.options.detourFactor, speedMps: this.options.defaultSpeedMps });
  }

  /** Knowing no roads, it draws each leg as the straight segment between its waypoints. */
  async path(waypoints: readonly LngLat[]): Promise<LngLat[][]> {
    return straightLegs(waypoints);
  }
}

export interface LearnedSpeedOptions {
  /** Only fixes this recent count: traffic and mode of travel change. */
  windowSeconds: number;
  /** Samples below this are a stopped or parked device, not its travelling speed. */
  minMovingMps: number;
  /** Fewer moving samples than this say nothing reliable. */
  minSamples: number;
}

export const DEFAULT_LEARNED_SPEED: LearnedSpeedOptions = { windowSeconds: 600, minMovingMps: 1, minSamples: 3 };

/**
 * The device's recent moving speed (m/s): the median of one sample per fix in the window, the
 * fix's reported speed when it has one, else distance ÷ time from the fix before it. A move no
 * larger than the two fixes' accuracies is jitter and counts as standing still. Stationary
 * samples are left out (we want how fast it goes when it goes; stops are what the detour factor
 * and bounds absorb), and the median shrugs off a single wild fix. Null when too few samples.
 */
export function learnedSpeed(fixes: readonly Fix[], now: Date, opts: LearnedSpeedOptions = DEFAULT_LEARNED_SPEED): number | null {
  const since = now.getTime() - opts.windowSeconds * 1000;
  // Windows come in time order; only a caller's unordered list pays for a sort.
  const ordered = inTimeOrder(fixes) ? fixes : [...fixes].sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
  const samples: number[] = [];
  let before: Fix | undefined;
  for (const f of ordered) {
    if (f.recordedAt.getTime() < since) continue;
    const s = sampleSpeed(f, before);
    if (s !== null && s >= opts.minMovingMps) samples.push(s);
    before = f;
  }
  if (samples.length < opts.minSamples) return null;
  return median(samples);
}

function sampleSpeed(f: Fix, before: Fix | undefined): number | null {
  if (f.speed !== null && Number.isFinite(f.speed) && f.speed >= 0) return f.speed;
  if (!before) return null;
  const seconds = (f.recordedAt.getTime() - before.recordedAt.getTime()) / 1000;
  if (seconds <= 0) return null;
  const metres = haversine([before.lng, before.lat], [f.lng, f.lat]);
  if (metres <= (f.accuracy ?? 0) + (before.accuracy ?? 0)) return 0;
  return metres / seconds;
}

function median(xs: number[]): number {
  // A typed array sorts numerically without a comparator call per step.
  const s = Float64Array.from(xs).sort();
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** An order's ETA as the APIs show it (`estimate.arrive_at`, `distance` m, `duration` s). */
export interface Estimate {
  arriveAt: Date;
  distance: number;
  duration: number;
}

/** Turns a route from `now` into an arrival; metres and seconds are whole, as the wire has them. */
export function estimateArrival(route: RouteEstimate, now: Date): Estimate {
  const distance = Math.max(0, Math.round(route.distance));
  const duration = Math.max(0, Math.round(route.duration));
  return { arriveAt: new Date(now.getTime() + duration * 1000), distance, duration };
}
