import { isCancelled, isCompleted, isOnRouteNotStarted, isTracked, isUnplanned } from '../../core/order/statuses.ts';
import { type OrderTask, taskWire } from '../../core/order/task.ts';
import type { TimelineEvent } from '../../core/order/timeline.ts';
import { actualServiceTime, trackedDuration } from '../../core/order/measures.ts';
import { trackingRate } from '../../core/order/summary.ts';
import { type Order, RISK_KEYS, type TrackPoint } from '../../core/order/types.ts';
import type { Route } from '../../core/route.ts';
import type { RouteEstimate } from '../../core/route-stops.ts';
import type { ShiftEntry, Worker } from '../../core/worker.ts';
import { currentDevice, isAvailable } from '../../core/worker.ts';
import type { OrderView, RouteView } from '../../services/views.ts';

export interface RenderContext {
  publicUrl: string;
  now: Date;
  /** The order's recorded track, when the caller loaded it. */
  polyline?: TrackPoint[];
  /** The order's checklist tasks, when the caller loaded them. */
  tasks?: OrderTask[];
}

type Json = Record<string, unknown>;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);

/** Sets `key` only when there is a value: the seeds omit keys that do not apply. */
function put(o: Json, key: string, value: unknown): void {
  if (value !== undefined && value !== null) o[key] = value;
}

export const shareUrl = (publicUrl: string, code: string) => `${publicUrl}/t/${code}`;

export function renderEvent(e: TimelineEvent): Json {
  return { type: e.type, recorded_at: e.recordedAt.toISOString(), ...e.data };
}

/**
 * The HyperTrack order object, keys in the seeds' order (seeds 000 and 002). Live-tracking keys
 * appear once tracking has begun; completion keys only on the finished attempt they describe.
 */
export function renderOrder(o: Order, ctx: RenderContext, timeline?: TimelineEvent[]): Json {
  const t = o.tracking;
  const out: Json = {
    order_handle: o.orderHandle,
    fulfillment_attempt: o.fulfillmentAttempt,
    status: o.status,
    destination: renderDestination(o),
  };
  put(out, 'ops_group_handle', o.opsGroupHandle);
  put(out, 'track_mode', o.trackMode);
  out.plan_mode = o.planMode;
  const atRisk = Object.values(t.risks).some((r) => r !== 'green');
  // A finished order reports its verdict either way; an open one only while a risk is raised.
  if (isCompleted(o.status)) out.risk_status = o.summary?.riskStatus ?? atRisk;
  else if (atRisk) out.risk_status = true;
  out.risks = Object.fromEntries(RISK_KEYS.map((k) => [k, t.risks[k]]));
  put(out, 'scheduled_at', iso(o.scheduledAt));
  put(out, 'scheduled_after', iso(o.scheduledAfter));
  put(out, 'started_at', iso(o.startedAt));
  out.type = o.type;
  out.type_index = o.typeIndex;
  out.expected_service_time = o.expectedServiceTime;
  out.actual_service_time = actualServiceTime(o, ctx.now);
  out.tracked_service_time = t.trackedServiceTime;
  out.capacity_used = o.capacityUsed;
  put(out, 'priority', o.priority);
  put(out, 'product_type', o.productType);
  out.metadata = o.metadata;
  put(out, 'region', o.region);
  out.share_url = shareUrl(ctx.publicUrl, o.shareCode);
  put(out, 'cancelled_at', iso(o.cancelledAt));
  put(out, 'completed_at', iso(o.completedAt));
  put(out, 'disabled_at', iso(o.disabledAt));
  put(out, 'enabled_at', iso(o.enabledAt));
  put(out, 'rescheduled_marked_at', iso(o.rescheduledMarkedAt));
  put(out, 'device_id', o.deviceId);
  put(out, 'worker_handle', o.workerHandle);
  out.created_at = o.createdAt.toISOString();
  put(out, 'assigned_at', iso(o.assignedAt));
  put(out, 'route_handle', o.routeHandle);
  put(out, 'planned_at', iso(o.plannedAt));
  put(out, 'plan_id', o.planId);
  // Only while the order waits in the pool: once planned (by a run or by hand) the reason is moot.
  if (o.planningFailureReason && isUnplanned(o.status)) out.planning_failure_reason = o.planningFailureReason;
  if (o.startedAt || t.fixCount > 0) {
    out.distance = Math.round(t.distance);
    out.duration = trackedDuration(o, ctx.now);
  }
  // Frozen at completion (seed 002); live while tracking goes on. Seed 000's cancelled order has none.
  if (isCompleted(o.status)) out.tracking_rate = o.summary?.trackingRate ?? 0;
  else if (!isCancelled(o.status) && (o.startedAt || t.fixCount > 0)) out.tracking_rate = trackingRate(o, ctx.now);
  if (o.startedAt || t.fixCount > 0) {
    out.polyline = { type: 'LineString', coordinates: ctx.polyline ?? [] };
  }
  put(out, 'start_location', t.startLocation);
  put(out, 'end_location', t.endLocation);
  // HyperTrack: `estimate` is present on unfinished orders only.
  if (t.estimate && isTracked(o.status)) {
    out.estimate = { arrive_at: t.estimate.arriveAt, distance: t.estimate.distance, duration: t.estimate.duration };
  } else if (o.plannedEstimate && isOnRouteNotStarted(o.status)) {
    // The plan run's arrival and the leg before it (docs/planning.md "Plan runs").
    const p = o.plannedEstimate;
    out.estimate = { start_by: p.startBy, arrive_at: p.arriveAt, distance: p.distance, duration: p.duration };
  }
  put(out, 'arrived_at', iso(t.arrivedAt));
  put(out, 'exited_at', iso(t.exitedAt));
  out.visited_destination = t.visitedDestination;
  if (isCompleted(o.status)) {
    out.completed_at_destination = o.summary?.atDestination ?? false;
    put(out, 'deviation_from_destination', o.summary?.deviationFromDestination);
  }
  if (o.cancelledAt) out.cancelled_at_destination = o.summary?.atDestination ?? false;
  if (o.fulfillmentAttempt > 0) {
    out.previous_fulfillments = Array.from({ length: o.fulfillmentAttempt }, (_, i) => ({
      order_handle: o.orderHandle,
      fulfillment_attempt: i,
    }));
  }
  // Like the seeds' other optional keys, `tasks` is left out while the order has none.
  if (ctx.tasks?.length) out.tasks = ctx.tasks.map(taskWire);
  if (timeline) out.timeline = timeline.map(renderEvent);
  return out;
}

function renderDestination(o: Order): Json {
  const d: Json = { geometry: o.destination.geometry };
  put(d, 'address', o.destination.address);
  if (o.destination.geometry.type === 'Point') d.radius = o.destination.radius ?? 100;
  return d;
}

export const renderOrderView = (v: OrderView, ctx: RenderContext) => renderOrder(v.order, { ...ctx, polyline: v.polyline, tasks: v.tasks }, v.timeline);

/** An order inside a route or a list (HyperTrack's order list shape: no timeline, with embed_url). */
export const renderListedOrder = (o: Order, ctx: RenderContext): Json => ({
  ...renderOrder(o, ctx),
  embed_url: `${shareUrl(ctx.publicUrl, o.shareCode)}?embed=true`,
});

/** A stop not yet under way shows its planned arrival from the route's sequence (an ongoing one keeps its live ETA). */
function withPlannedArrival(out: Json, o: Order, arrivals: Map<string, Date>): Json {
  const at = arrivals.get(o.id);
  if (at && out.estimate === undefined && isOnRouteNotStarted(o.status)) {
    out.estimate = { arrive_at: at.toISOString() };
  }
  return out;
}

const lineString = (points: readonly (readonly [number, number])[]) => ({ type: 'LineString', coordinates: points.map((p) => [p[0], p[1]]) });
const pointOf = (p: readonly [number, number]) => ({ type: 'Point', coordinates: [p[0], p[1]] });

export function renderRoute(v: RouteView, ctx: RenderContext): Json {
  const r: Route = v.route;
  const e = v.plan?.estimate ?? null;
  const arrivals = new Map((e?.stops ?? []).map((s) => [s.orderId, s.arriveAt]));
  const out: Json = {
    route_handle: r.routeHandle,
    status: r.status,
    version: r.version,
    created_at: r.createdAt.toISOString(),
    embed_url: `${ctx.publicUrl}/app/routes/${encodeURIComponent(r.routeHandle)}`,
    orders: v.orders.map((o) => withPlannedArrival(renderListedOrder(o, ctx), o, arrivals)),
    ops_group_handle: r.opsGroupHandle ?? 'default',
  };
  put(out, 'track_mode', r.trackMode);
  out.plan_mode = r.planMode;
  put(out, 'started_at', iso(r.startedAt));
  put(out, 'assigned_at', iso(r.assignedAt));
  put(out, 'planned_at', iso(r.plannedAt));
  put(out, 'completed_at', iso(r.completedAt));
  put(out, 'device_id', r.deviceId);
  put(out, 'worker_handle', r.workerHandle);
  out.metadata = r.metadata;
  out.plan_id = r.planId;
  // Planned from the stop sequence (docs/native-api.md "Route sequence"), not tracked.
  if (v.plan) {
    out.distance = v.plan.distance;
    out.duration = v.plan.duration;
  }
  if (e) out.estimate = renderEstimate(e);
  return out;
}

/** HyperTrack's route `estimate` (reference §10): a route's, or GET /orders/estimate's whole answer. */
export const renderEstimate = (e: RouteEstimate): Json => ({
  start_by: e.startBy.toISOString(),
  distance: e.distance,
  duration: e.duration,
  polyline: lineString(e.polyline),
  start_location: pointOf(e.startLocation),
  end_location: pointOf(e.endLocation),
});

const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** DriverRecurringSchedule / DriverDateSchedule, times as HH:mm whichever way they were sent. */
const renderShift = (e: ShiftEntry): Json => ({
  ...(e.date !== undefined ? { date: e.date } : { day_of_week: e.dayOfWeek }),
  start_time: hhmm(e.startMinute),
  end_time: hhmm(e.endMinute),
  ops_group_handle: e.opsGroupHandle,
  priority: null,
});

/** `schedule: false` leaves the schedule out (GET /workers `include_schedule=false`). */
export function renderWorker(w: Worker, opts: { schedule?: boolean } = {}): Json {
  const out: Json = {
    worker_handle: w.workerHandle,
    name: w.name,
    ops_group_handle: w.opsGroupHandle ?? 'default',
    product_types: w.productTypes,
    device_id: currentDevice(w),
    devices: w.deviceIds.map((device_id) => ({ device_id })),
    profile: w.profile,
    home: w.home ? { address: w.home.address, geometry: { type: 'Point', coordinates: w.home.coordinates } } : null,
    ...(opts.schedule === false ? {} : { schedule: w.schedule.map(renderShift) }),
    unavailable_on: w.unavailableOn,
    timezone: w.timezone,
    // A deleted worker takes no work, whatever it last said.
    work_status: { available: isAvailable(w), tracking: w.isTracking },
    created_at: w.createdAt.toISOString(),
    deleted: w.deletedAt !== null,
  };
  put(out, 'deleted_at', iso(w.deletedAt));
  return out;
}
