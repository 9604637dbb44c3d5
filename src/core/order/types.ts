import type { GeoGeometry, GeoPoint } from '../geo.ts';
import type { ActivitySegment } from '../tracking/activity.ts';
import type { ExpectedPath } from '../tracking/expected-path.ts';
import type { Odometer } from '../tracking/odometer.ts';

export const ORDER_STATUSES = ['unplanned', 'planned', 'assigned', 'dispatched', 'ongoing', 'completed', 'cancelled', 'disabled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_TYPES = ['pick', 'drop'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

export const TRACK_MODES = ['pre_shift', 'on_shift', 'full_shift', 'on_time', 'flex'] as const;
export type TrackMode = (typeof TRACK_MODES)[number];

export const PLAN_MODES = ['manual', 'scheduled', 'on_demand', 'pool'] as const;
export type PlanMode = (typeof PLAN_MODES)[number];

export const PRIORITIES = ['low', 'medium', 'high'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const RISK_KEYS = [
  'moving_away_from_destination',
  'is_offline',
  'delayed_from_scheduled_at',
  'deviating_from_expected_route',
  'moving_too_slow',
  'in_outage',
  'delayed_from_initial_eta',
  'in_low_battery',
] as const;
export type RiskKey = (typeof RISK_KEYS)[number];
export type RiskLevel = 'green' | 'yellow' | 'red';
export type Risks = Record<RiskKey, RiskLevel>;

export const allGreen = (): Risks => Object.fromEntries(RISK_KEYS.map((k) => [k, 'green'])) as Risks;

export interface Destination {
  geometry: GeoGeometry;
  address?: string;
  /** Geofence radius in metres; polygons carry their own boundary. */
  radius?: number;
}

export interface Region {
  country: string;
  state?: string;
  city?: string;
}

/** A recorded fix in an order's track: [lng, lat, altitude, recorded_at ISO]. */
export type TrackPoint = [number, number, number | null, string];

/** What live tracking has measured for an order so far (filled by the tracking engine). */
export interface OrderTracking {
  distance: number;
  /** Instant of the first fix tracked for this order, the start of `duration`. */
  firstFixAt: Date | null;
  lastFixAt: Date | null;
  startLocation: GeoPoint | null;
  endLocation: GeoPoint | null;
  visitedDestination: boolean;
  insideDestination: boolean;
  arrivedAt: Date | null;
  exitedAt: Date | null;
  trackedServiceTime: number;
  /** The jitter-robust distance state (see odometer.ts); absent before the first fix. */
  odometer?: Odometer;
  /** The open stop or drive segment (see activity.ts); absent before the first fix. */
  activity?: ActivitySegment | null;
  /** The current ETA while the order is unfinished (see tracking/eta.ts). */
  estimate?: { arriveAt: string; distance: number; duration: number } | null;
  /** The first ETA given for the order, kept for `delayed_from_initial_eta`. */
  initialEta?: string | null;
  /** Which ETA notifications were already sent (see tracking/eta-events.ts). */
  etaNotified?: { lastEta: string | null; delayed: boolean; minutesAway: boolean };
  /** Seconds of the span between fixes that count as covered (gaps are capped). */
  coveredSeconds: number;
  fixCount: number;
  risks: Risks;
}

export const emptyTracking = (): OrderTracking => ({
  distance: 0,
  firstFixAt: null,
  lastFixAt: null,
  startLocation: null,
  endLocation: null,
  visitedDestination: false,
  insideDestination: false,
  arrivedAt: null,
  exitedAt: null,
  trackedServiceTime: 0,
  coveredSeconds: 0,
  fixCount: 0,
  risks: allGreen(),
});

/**
 * Who or what cancelled an order: a client's cancel request (any dialect's API), a dispatcher in
 * the dashboard, or Dropline itself when a route was completed with the order still open.
 */
export const CANCEL_ORIGINS = ['request', 'dashboard', 'route_completed'] as const;
export type CancelOrigin = (typeof CANCEL_ORIGINS)[number];

/** Measured when an order finishes, frozen with it. */
export interface CompletionSummary {
  atDestination: boolean;
  deviationFromDestination: number | null;
  trackingRate: number;
  riskStatus: boolean;
  /** Set on cancellation only; absent on orders cancelled before it was recorded. */
  cancelledBy?: CancelOrigin;
}

export interface Order {
  id: string;
  accountId: string;
  orderHandle: string;
  type: OrderType;
  typeIndex: number;
  fulfillmentAttempt: number;
  status: OrderStatus;
  /** The status an order returns to when a disabled order is enabled. */
  statusBeforeDisable: OrderStatus | null;
  destination: Destination;
  opsGroupHandle: string | null;
  trackMode: TrackMode | null;
  planMode: PlanMode;
  scheduledAt: Date | null;
  scheduledAfter: Date | null;
  expectedServiceTime: number;
  capacityUsed: number;
  priority: Priority | null;
  productType: string[] | null;
  metadata: Record<string, unknown>;
  region: Region | null;
  shareCode: string;
  workerHandle: string | null;
  deviceId: string | null;
  routeHandle: string | null;
  planId: string | null;
  createdAt: Date;
  plannedAt: Date | null;
  assignedAt: Date | null;
  dispatchedAt: Date | null;
  startedAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  disabledAt: Date | null;
  enabledAt: Date | null;
  rescheduledMarkedAt: Date | null;
  /** Set while a dispatcher has locked the order: update and cancel are refused (see lock.ts). */
  lockedAt: Date | null;
  updatedAt: Date;
  tracking: OrderTracking;
  summary: CompletionSummary | null;
  /** Why the last plan run that was asked to place the order left it unplanned (docs/planning.md). */
  planningFailureReason: PlanningFailureReason | null;
  /** The plan's arrival at this stop, while the order is on the route that plan made. */
  plannedEstimate: PlannedEstimate | null;
  /**
   * The path planned for it on its route (see expected-path.ts), read with the order but written
   * only when the route changes; absent = none planned.
   */
  expectedPath?: ExpectedPath | null;
}

/**
 * Why a plan run left an order unplanned (HyperTrack names the field, not its values; ours are
 * listed in docs/planning.md "Failure reasons").
 */
export const PLANNING_FAILURE_REASONS = ['no_workers', 'worker_unavailable', 'off_shift', 'missing_skill', 'time_window', 'capacity', 'no_room'] as const;
export type PlanningFailureReason = (typeof PLANNING_FAILURE_REASONS)[number];

/**
 * What a plan run decided for a stop: its arrival, the leg before it (metres, seconds), when to
 * leave for it, and the integer id of the route it is on (Bringg's `run_id`).
 */
export interface PlannedEstimate {
  arriveAt: string;
  startBy: string;
  distance: number;
  duration: number;
  runId?: number;
}

/** The four coordinates that address one order record (HyperTrack reference §2). */
export interface OrderKey {
  orderHandle: string;
  type?: OrderType;
  typeIndex?: number;
  fulfillmentAttempt?: number;
}
