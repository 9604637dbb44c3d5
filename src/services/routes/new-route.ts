import { DomainError } from '../../core/errors.ts';
import type { PlanMode, TrackMode } from '../../core/order/types.ts';
import type { Route, RouteStatus } from '../../core/route.ts';
import { currentDevice, type Worker } from '../../core/worker.ts';
import type { Repos } from '../../store/store.ts';
import type { Deps } from '../deps.ts';
import { newRouteValues, routeEvents } from '../webhooks/streams.ts';

export interface NewRouteInput {
  routeHandle?: string | null;
  workerHandle: string | null;
  deviceId: string | null;
  status: RouteStatus;
  trackMode: TrackMode | null;
  planMode: PlanMode;
  opsGroupHandle: string | null;
  metadata?: Record<string, unknown> | null;
}

/** A caller-chosen route handle that is already taken. */
export const duplicateRoute = (routeHandle: string) => new DomainError('duplicate_resource', 'System already has a route with this ID', { routeHandle });

/** Creates a route (and its route webhooks, in the caller's transaction); the handle is the caller's when given (HyperTrack `route.route_handle`). */
export async function newRoute(deps: Deps, repos: Repos, accountId: string, input: NewRouteInput, now: Date): Promise<Route> {
  const route = await routeToCreate(deps, repos, accountId, input, now);
  await repos.routes.insert(route);
  await repos.webhookOutbox.enqueue(routeEvents(route, newRouteValues(route), now));
  return route;
}

/**
 * The route `newRoute` would insert, not yet written, so that a caller can write it in the same
 * statement as its first order. A caller-chosen handle already taken is refused here; two
 * concurrent creations of it meet the primary key.
 */
export async function routeToCreate(deps: Deps, repos: Repos, accountId: string, input: NewRouteInput, now: Date): Promise<Route> {
  const routeHandle = input.routeHandle ?? deps.ids.uuid();
  if (input.routeHandle && (await repos.routes.find(accountId, routeHandle))) throw duplicateRoute(routeHandle);
  return {
    accountId,
    routeHandle,
    planId: deps.ids.uuid(),
    status: input.status,
    version: 1,
    workerHandle: input.workerHandle,
    deviceId: input.deviceId,
    opsGroupHandle: input.opsGroupHandle,
    trackMode: input.trackMode,
    planMode: input.planMode,
    metadata: input.metadata ?? {},
    createdAt: now,
    plannedAt: now,
    assignedAt: input.workerHandle ? now : null,
    startedAt: input.status === 'tracking' ? now : null,
    completedAt: null,
    updatedAt: now,
    stopSequence: [],
  };
}

/**
 * The route `routeToCreate` makes when stops are handed to a worker who has no open route: assigned,
 * not yet tracked, on the worker's current device, in the stops' plan mode and ops group (else the worker's).
 */
export function assignedRouteToCreate(
  deps: Deps,
  repos: Repos,
  accountId: string,
  worker: Worker,
  stops: { planMode: PlanMode; opsGroupHandle?: string | null },
  now: Date,
): Promise<Route> {
  return routeToCreate(
    deps,
    repos,
    accountId,
    {
      workerHandle: worker.workerHandle,
      deviceId: currentDevice(worker),
      status: 'assigned',
      trackMode: null,
      planMode: stops.planMode,
      opsGroupHandle: stops.opsGroupHandle ?? worker.opsGroupHandle,
    },
    now,
  );
}
