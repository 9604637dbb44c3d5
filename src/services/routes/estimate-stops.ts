import { type EstimatedStop, estimateRoute, type RouteEstimate, stopLocation } from '../../core/route-stops.ts';
import type { LngLat } from '../../core/tracking/eta.ts';
import type { Deps } from '../deps.ts';
import { loadWorker } from '../workers/load-worker.ts';

export interface EstimateInput {
  /** The proposed stops, in the order they would be served. */
  stops: Omit<EstimatedStop, 'id'>[];
  /** The worker whose home the route would start from. */
  workerHandle?: string;
}

/**
 * GET /orders/estimate: the route estimate (`start_by`, distance, duration, path) of driving the
 * proposed stops in the given order from now, on the routing provider's matrix, from the worker's
 * home when one is named and has it. Nothing is read but the worker, nothing is written.
 */
export async function estimateStops(deps: Deps, accountId: string, input: EstimateInput): Promise<RouteEstimate> {
  const now = deps.clock.now();
  const worker = input.workerHandle ? await loadWorker(deps.store.repos, accountId, input.workerHandle) : null;
  const start: LngLat | undefined = worker?.home?.coordinates;
  const stops: EstimatedStop[] = input.stops.map((s, i) => ({ ...s, id: String(i) }));
  const matrix = await deps.routing.matrix([...(start ? [start] : []), ...stops.map(stopLocation)]);
  // At least one stop is required by the route's schema, so there is always an estimate.
  return estimateRoute(stops, now, { ...(start ? { start } : {}), matrix })!;
}
