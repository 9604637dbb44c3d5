import { haversine } from '../geo.ts';
import { DEFAULT_GREAT_CIRCLE } from '../tracking/eta.ts';

export type LngLat = readonly [number, number];

export interface TravelMatrix {
  readonly size: number;
  /** Seconds, row-major (from × size + to), as `PlanningInstance.durations`. */
  readonly durations: Float64Array;
  /** Metres, same layout. */
  readonly distances: Float64Array;
}

export interface GreatCircleMatrixOptions {
  readonly detourFactor: number;
  readonly speedMps: number;
}

export const DEFAULT_MATRIX_OPTIONS: GreatCircleMatrixOptions = {
  detourFactor: DEFAULT_GREAT_CIRCLE.detourFactor,
  speedMps: DEFAULT_GREAT_CIRCLE.defaultSpeedMps,
};

/** One leg by the offline default (as one cell of `greatCircleMatrix`). */
export function greatCircleLeg(a: LngLat, b: LngLat, options: GreatCircleMatrixOptions = DEFAULT_MATRIX_OPTIONS): { distance: number; duration: number } {
  const distance = haversine(a, b) * options.detourFactor;
  return { distance, duration: distance / options.speedMps };
}

/**
 * The offline default travel matrix: great-circle distance × detour factor, driven at one speed
 * (the tracking ETA's defaults). It stands in for a routing provider's matrix call, which can
 * replace it without the planner noticing: both answer the same two arrays.
 */
export function greatCircleMatrix(points: readonly LngLat[], options: GreatCircleMatrixOptions = DEFAULT_MATRIX_OPTIONS): TravelMatrix {
  const size = points.length;
  const durations = new Float64Array(size * size);
  const distances = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = i + 1; j < size; j++) {
      const { distance: d, duration: t } = greatCircleLeg(points[i]!, points[j]!, options);
      distances[i * size + j] = distances[j * size + i] = d;
      durations[i * size + j] = durations[j * size + i] = t;
    }
  }
  return { size, durations, distances };
}
