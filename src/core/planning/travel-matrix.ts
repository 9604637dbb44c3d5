import { haversine } from '../geo.ts';
import { DEFAULT_GREAT_CIRCLE, type LngLat } from '../tracking/eta.ts';

export type { LngLat, TravelMatrix } from '../tracking/eta.ts';

export interface GreatCircleMatrixOptions {
  readonly detourFactor: number;
  readonly speedMps: number;
}

/** The offline default's figures for plans: the tracking ETA's detour factor at its default speed. */
export const DEFAULT_MATRIX_OPTIONS: GreatCircleMatrixOptions = {
  detourFactor: DEFAULT_GREAT_CIRCLE.detourFactor,
  speedMps: DEFAULT_GREAT_CIRCLE.defaultSpeedMps,
};

/** One leg by the offline default (one cell of eta.ts's `greatCircleMatrix`). */
export function greatCircleLeg(a: LngLat, b: LngLat, options: GreatCircleMatrixOptions = DEFAULT_MATRIX_OPTIONS): { distance: number; duration: number } {
  const distance = haversine(a, b) * options.detourFactor;
  return { distance, duration: distance / options.speedMps };
}
