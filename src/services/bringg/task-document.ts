import { FAIL_REASONS, isFailReason } from '../../core/driver/fail-reasons.ts';
import { arrivedAt, DRIVER_KEYS, driverMark, isAcceptedBy } from '../../core/driver/stop-state.ts';
import { isCancelled, isCompleted, isTerminal, isUnassigned } from '../../core/order/statuses.ts';
import { planRunRouteOf } from '../../core/plan-run.ts';
import type { CancelOrigin, Order } from '../../core/order/types.ts';
import type { TaskView } from './task-records.ts';
import type { BringgCustomer, BringgWayPoint } from '../../store/repos/bringg.repo.ts';
import { NO_PREPARATION_TIMES, NO_TASK_LINKS, TASK_DETAIL_FIELDS } from './task-fields.ts';
import { BRINGG_STATUS, bringgStatus } from './task-status.ts';

// Bringg serialises every known key with explicit nulls, times as ISO-8601 with milliseconds and Z
// (reference §7). The key set is seed 001's output parameters plus the reference's task groups.

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
const maxDate = (ds: (Date | null)[]): Date | null => ds.reduce<Date | null>((m, d) => (d && (!m || d > m) ? d : m), null);
const minDate = (ds: (Date | null)[]): Date | null => ds.reduce<Date | null>((m, d) => (d && (!m || d < m) ? d : m), null);
const coords = (o: Order): [number, number] => {
  const g = o.destination.geometry;
  return (g.type === 'Point' ? g.coordinates : g.coordinates[0]![0]!) as [number, number];
};

const WAY_POINT_PASSTHROUGH = [
  'address_second_line',
  'location_name',
  'name',
  'company_name',
  'address_type',
  'zipcode',
  'city',
  'state',
  'borough',
  'street',
  'house_number',
  'district',
  'neighborhood',
  'phone',
  'email',
  'note',
  'contacts',
  'silent',
  'find_me',
  'allow_editing_inventory',
  'must_approve_inventory',
  'allow_scanning_inventory',
  'allow_editing_payment',
  'allow_editing_original_quantity',
  'allow_automatic_set_coordinates',
  'allow_sending_sms',
  'allow_sending_email',
  'extras',
] as const;

const DEFAULT_FLAGS: Record<string, unknown> = { allow_editing_inventory: true, silent: false, find_me: false, contacts: [] };

export function renderCustomer(c: BringgCustomer | null): Record<string, unknown> | null {
  if (!c) return null;
  return { ...c.details, id: c.customerId, external_id: c.externalId, created_at: iso(c.createdAt), updated_at: iso(c.updatedAt) };
}

/**
 * Bringg's `late`: "the driver has not arrived at a destination ... on or before the scheduled
 * times". Dropline's verdict on that is the core's `delayed_from_scheduled_at` risk at red: the
 * (expected or actual) arrival lies past scheduled_at beyond the account's tolerance. Yellow only
 * means the margin is gone, not that the driver is late. The risk freezes at arrival and when
 * the stop finishes, so a stop reached late stays late.
 */
export const isLate = (stop: Order): boolean => stop.tracking.risks.delayed_from_scheduled_at === 'red';

const addSeconds = (iso: string | Date, s: number): string => new Date(new Date(iso).getTime() + s * 1000).toISOString();

/**
 * `eta` is the engine's estimated arrival while the stop is open and not yet reached (the engine
 * keeps no estimate otherwise: null, as Bringg leaves it when it has none). `etl`, the estimated
 * time of leaving, is the arrival (expected, or the check-in while the driver is on site) plus the
 * stop's expected service time, which is Bringg's `etos` (time on site). Once left, both are null:
 * checkin_time and checkout_time say what happened.
 */
export function estimatedTimes(stop: Order, wp: Pick<BringgWayPoint, 'checkinTime' | 'checkoutTime'>): { eta: string | null; etl: string | null } {
  if (isTerminal(stop.status) || wp.checkoutTime) return { eta: null, etl: null };
  const t = stop.tracking;
  // On site: checked in through the API (Bringg's checkin) or seen inside the geofence.
  const onSiteSince = wp.checkinTime ?? (t.arrivedAt && t.insideDestination ? t.arrivedAt : null);
  if (onSiteSince) return { eta: null, etl: addSeconds(onSiteSince, stop.expectedServiceTime) };
  const eta = t.estimate?.arriveAt ?? null;
  return { eta, etl: eta ? addSeconds(eta, stop.expectedServiceTime) : null };
}

/** Bringg's automatically_cancelled codes (seed 001) for each way an order is cancelled in Dropline. */
const CANCEL_CODES: Record<CancelOrigin, number> = {
  // 4: "updated via the Cancel Order API request", whichever dialect's cancel API it was.
  request: 4,
  // 7: "updated using the Bringg platform": Dropline's dashboard is the platform's UI.
  dashboard: 7,
  // 9: "updated from Run End": a route is Bringg's run; completing it cancels what is still open.
  route_completed: 9,
};

/**
 * How the task was cancelled: cancel_task's own record first, else how the core cancelled the
 * last way point's stop (the one whose end is the task's). Null while the task is not cancelled.
 */
export function cancelCode(v: TaskView, status: number): number | null {
  if (status !== BRINGG_STATUS.cancelled) return null;
  if (v.task.automaticallyCancelled !== null) return v.task.automaticallyCancelled;
  const by = v.stops.at(-1)!.summary?.cancelledBy;
  return by ? CANCEL_CODES[by] : null;
}

/**
 * Bringg's shared_locations: "URLs, tokens, and identifying data related to the customer
 * experience for a waypoint" (seed 001). Each way point's stop has a share code whose public
 * tracking page is the customer experience; the object's keys are Dropline's reading (OURS).
 */
export function sharedLocations(v: TaskView, publicUrl: string): Record<string, unknown>[] {
  return v.wayPoints.map((wp, i) => {
    const stop = v.stops[i]!;
    return {
      task_id: wp.taskId,
      way_point_id: wp.wayPointId,
      customer_id: v.customer?.customerId ?? null,
      token: stop.shareCode,
      url: `${publicUrl}/t/${stop.shareCode}`,
      expired: isTerminal(stop.status),
      created_at: iso(stop.createdAt),
    };
  });
}

export function renderWayPoint(v: TaskView, wp: BringgWayPoint, stop: Order): Record<string, unknown> {
  const [lng, lat] = coords(stop);
  const d = wp.details;
  const passthrough = Object.fromEntries(WAY_POINT_PASSTHROUGH.map((k) => [k, d[k] ?? DEFAULT_FLAGS[k] ?? null]));
  // A stop finished without an explicit checkout (native complete, end_task) shows its finish time.
  const finishedAt = stop.completedAt ?? stop.cancelledAt;
  return {
    id: wp.wayPointId,
    task_id: wp.taskId,
    position: wp.position,
    merchant_id: v.merchantId,
    address: stop.destination.address ?? null,
    lat,
    lng,
    ...passthrough,
    address_type: d.address_type ?? null,
    scheduled_at: iso(stop.scheduledAt),
    no_earlier_than: iso(stop.scheduledAfter),
    no_later_than: iso(stop.scheduledAt),
    ...estimatedTimes(stop, wp),
    has_to_leave_by: null,
    etos: stop.expectedServiceTime,
    start_time: iso(stop.startedAt),
    start_lat: stop.tracking.startLocation?.coordinates[1] ?? null,
    start_lng: stop.tracking.startLocation?.coordinates[0] ?? null,
    checkin_time: wp.checkinTime ? iso(wp.checkinTime) : arrivedAt(stop),
    checkin_lat: wp.checkinLat,
    checkin_lng: wp.checkinLng,
    checkout_time: iso(wp.checkoutTime ?? (isCompleted(stop.status) ? finishedAt : null)),
    checkout_lat: wp.checkoutLat,
    checkout_lng: wp.checkoutLng,
    automatically_checked_in: wp.automaticallyCheckedIn,
    automatically_checked_out: wp.automaticallyCheckedOut,
    done: isTerminal(stop.status),
    late: isLate(stop),
    late_reason: null,
    asap: d.asap ?? null,
    pickup_dropoff_option: stop.type === 'pick' ? 0 : 1,
    masked_phone_number: null,
    phone_available: typeof d.phone === 'string',
    customer_id: v.customer?.customerId ?? null,
    customer: renderCustomer(v.customer),
    distance_traveled_client: null,
    distance_traveled_server: stop.tracking.distance / 1000,
    estimated_distance: null,
    estimated_time: null,
    rating: null,
    created_at: iso(stop.createdAt),
    updated_at: iso(stop.updatedAt),
    delete_at: null,
  };
}

/** A stop the driver could not deliver, as Bringg's reason record (reason ids: docs/driver-app.md). */
function driverCancellation(failed: Order[]): Record<string, unknown> | null {
  const o = failed.at(-1);
  const reason = o?.metadata[DRIVER_KEYS.failureReason];
  if (!o || !isFailReason(reason)) return null;
  return { reason_to_cancel_task_id: FAIL_REASONS[reason].bringg, other_text: driverMark(o, DRIVER_KEYS.failureNotes)?.slice(0, 255) ?? null };
}

/** The Bringg task object of seed 001 and reference §7, from the task's stops. */
export function renderTask(v: TaskView, publicUrl: string): Record<string, unknown> {
  const { task, stops, wayPoints } = v;
  const first = stops[0]!;
  const last = stops.at(-1)!;
  const status = bringgStatus(
    stops.map((o, i) => ({
      status: o.status,
      statusBeforeDisable: o.statusBeforeDisable,
      checkedIn: !!wayPoints[i]!.checkinTime && !wayPoints[i]!.checkoutTime,
      accepted: isAcceptedBy(o, o.workerHandle),
      rejected: isUnassigned(o.status) && driverMark(o, DRIVER_KEYS.rejectedBy) !== null,
    })),
  );
  const driverFailures = stops.filter((o) => isCancelled(o.status) && isFailReason(o.metadata[DRIVER_KEYS.failureReason]));
  const finished = stops.every((o) => isTerminal(o.status));
  const active = stops.findIndex((o) => !isTerminal(o.status));
  const endedTime = finished ? maxDate(stops.map((o) => o.completedAt ?? o.cancelledAt)) : null;
  const [firstLng, firstLat] = coords(first);
  const [lastLng, lastLat] = coords(last);
  // A route a plan run made is the task's run; `planning_done` means planned by one, not merely routed by hand.
  const run = stops.map(planRunRouteOf).find((r) => r !== null) ?? null;
  const details = Object.fromEntries(TASK_DETAIL_FIELDS.map((k) => [k, task.details[k] ?? null]));
  return {
    id: task.taskId,
    uuid: task.uuid,
    external_id: task.externalId,
    merchant_id: v.merchantId,
    priority: task.taskId,
    ...details,
    ready_to_execute: task.details.ready_to_execute ?? true,
    team_ids: task.details.team_ids ?? [],
    customer_id: v.customer?.customerId ?? null,
    customer: renderCustomer(v.customer),
    user_id: v.driver?.userId ?? null,
    external_user_id: v.driver?.workerHandle ?? null,
    dispatcher_id: null,
    status,
    active_way_point_id: active >= 0 ? wayPoints[active]!.wayPointId : null,
    late: stops.some(isLate),
    late_reason: null,
    invalidated: false,
    planning_done: run !== null,
    // Published: the planned run was handed to a driver.
    planning_published: run !== null && stops.some((o) => o.assignedAt !== null),
    preparation_status: null,
    failed_delivery_attempts: driverFailures.length,
    automatically_assigned: false,
    automatically_started: task.automaticallyStarted,
    automatically_ended: task.automaticallyEnded,
    automatically_cancelled: cancelCode(v, status),
    created_at: iso(task.createdAt),
    updated_at: iso(maxDate([task.updatedAt, ...stops.map((o) => o.updatedAt)])),
    scheduled_at: iso(last.scheduledAt),
    // Bringg: "If orders are auto-acknowledged, then this time is set upon creation" — Dropline's are.
    acknowledged_at: iso(task.createdAt),
    accept_time: stops.map((o) => (isAcceptedBy(o, o.workerHandle) ? driverMark(o, DRIVER_KEYS.acceptedAt) : null)).find((t) => t) ?? null,
    last_assigned_time: iso(maxDate(stops.map((o) => o.assignedAt))),
    started_time: iso(minDate(stops.map((o) => o.startedAt))),
    ended_time: iso(endedTime),
    cancelled_at: status === 7 ? iso(maxDate(stops.map((o) => o.cancelledAt))) : null,
    last_ready_to_execute_at: iso(task.createdAt),
    delete_at: null,
    ...NO_PREPARATION_TIMES,
    lat: firstLat,
    lng: firstLng,
    address: first.destination.address ?? null,
    start_lat: first.tracking.startLocation?.coordinates[1] ?? null,
    start_lng: first.tracking.startLocation?.coordinates[0] ?? null,
    cancellation_lat: null,
    cancellation_lng: null,
    last_way_point_lat: lastLat,
    last_way_point_lng: lastLng,
    distance_traveled: stops.reduce((s, o) => s + o.tracking.distance, 0) / 1000,
    distance_automatically_set: 0,
    planned_distance_from_prev_task: null,
    tip_driver_enabled: false,
    driver_payments: [],
    ...NO_TASK_LINKS,
    run_id: run?.runId ?? null,
    run_uuid: run?.routeHandle ?? null,
    shift_id: null,
    recurrent_task_template_id: null,
    fleet_id: null,
    fleet: null,
    fleet_delivery_external_id: null,
    task_fleet_mapping: { shared_extras: { external_carrier_tracking_url: null } },
    extras: first.metadata,
    way_points: wayPoints.map((wp, i) => renderWayPoint(v, wp, stops[i]!)),
    task_inventories: task.details.task_inventories ?? [],
    task_notes: task.details.task_notes ?? [],
    shared_locations: sharedLocations(v, publicUrl),
    scans: [],
    task_cancellation_reason: task.details.task_cancellation_reason ?? driverCancellation(driverFailures),
  };
}
