import { DomainError } from './errors.ts';
import type { PlanMode, TrackMode } from './order/types.ts';

export const ROUTE_STATUSES = ['planned', 'assigned', 'tracking', 'completed'] as const;
export type RouteStatus = (typeof ROUTE_STATUSES)[number];

export interface Route {
  accountId: string;
  routeHandle: string;
  planId: string;
  status: RouteStatus;
  /** Bumped on every change; mutating calls may pass the version they read (optimistic lock). */
  version: number;
  workerHandle: string | null;
  deviceId: string | null;
  opsGroupHandle: string | null;
  trackMode: TrackMode | null;
  planMode: PlanMode;
  metadata: Record<string, unknown>;
  createdAt: Date;
  plannedAt: Date | null;
  assignedAt: Date | null;
  startedAt: Date | null;
  completedAt: Date | null;
  updatedAt: Date;
  /**
   * Order ids in serving order, as the route operations last set it. Orders on the route that it
   * does not list follow the listed ones (see `sequenceStops`).
   */
  stopSequence: string[];
}

export const isRouteOpen = (r: Route): boolean => r.status !== 'completed';

/** HyperTrack: completing or reassigning a completed route is refused ("Route already completed"). */
export function assertRouteOpen(r: Route): void {
  if (!isRouteOpen(r)) {
    throw new DomainError('route_completed', 'Route with the given ID is already completed', { routeHandle: r.routeHandle });
  }
}
