import { isTerminal } from '../../core/order/statuses.ts';
import type { Order } from '../../core/order/types.ts';
import type { TaskView } from './task-records.ts';
import type { BringgCustomer, BringgWayPoint } from '../../store/repos/bringg.repo.ts';
import { TASK_DETAIL_FIELDS } from './task-fields.ts';
import { bringgStatus } from './task-status.ts';

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
    eta: null,
    etl: null,
    has_to_leave_by: null,
    etos: stop.expectedServiceTime,
    start_time: iso(stop.startedAt),
    start_lat: stop.tracking.startLocation?.coordinates[1] ?? null,
    start_lng: stop.tracking.startLocation?.coordinates[0] ?? null,
    checkin_time: iso(wp.checkinTime ?? stop.tracking.arrivedAt),
    checkin_lat: wp.checkinLat,
    checkin_lng: wp.checkinLng,
    checkout_time: iso(wp.checkoutTime ?? (stop.status === 'completed' ? finishedAt : null)),
    checkout_lat: wp.checkoutLat,
    checkout_lng: wp.checkoutLng,
    automatically_checked_in: wp.automaticallyCheckedIn,
    automatically_checked_out: wp.automaticallyCheckedOut,
    done: isTerminal(stop.status),
    late: false,
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

/** The Bringg task object of seed 001 and reference §7, from the task's stops. */
export function renderTask(v: TaskView): Record<string, unknown> {
  const { task, stops, wayPoints } = v;
  const first = stops[0]!;
  const last = stops.at(-1)!;
  const status = bringgStatus(
    stops.map((o, i) => ({
      status: o.status,
      statusBeforeDisable: o.statusBeforeDisable,
      checkedIn: !!wayPoints[i]!.checkinTime && !wayPoints[i]!.checkoutTime,
    })),
  );
  const finished = stops.every((o) => isTerminal(o.status));
  const active = stops.findIndex((o) => !isTerminal(o.status));
  const endedTime = finished ? maxDate(stops.map((o) => o.completedAt ?? o.cancelledAt)) : null;
  const [firstLng, firstLat] = coords(first);
  const [lastLng, lastLat] = coords(last);
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
    late: false,
    late_reason: null,
    invalidated: false,
    planning_done: stops.some((o) => o.routeHandle !== null),
    planning_published: false,
    preparation_status: null,
    failed_delivery_attempts: 0,
    automatically_assigned: false,
    automatically_started: task.automaticallyStarted,
    automatically_ended: task.automaticallyEnded,
    automatically_cancelled: task.automaticallyCancelled,
    created_at: iso(task.createdAt),
    updated_at: iso(maxDate([task.updatedAt, ...stops.map((o) => o.updatedAt)])),
    scheduled_at: iso(last.scheduledAt),
    // Bringg: "If orders are auto-acknowledged, then this time is set upon creation" — Dropline's are.
    acknowledged_at: iso(task.createdAt),
    accept_time: null,
    last_assigned_time: iso(maxDate(stops.map((o) => o.assignedAt))),
    started_time: iso(minDate(stops.map((o) => o.startedAt))),
    ended_time: iso(endedTime),
    cancelled_at: status === 7 ? iso(maxDate(stops.map((o) => o.cancelledAt))) : null,
    last_ready_to_execute_at: iso(task.createdAt),
    delete_at: null,
    preparation_start_time_planned: null,
    preparation_start_time_actual: null,
    preparation_end_time_planned: null,
    preparation_end_time_actual: null,
    preparation_ready_for_pickup_time_planned: null,
    preparation_ready_for_pickup_time_actual: null,
    preparation_picked_up_time_actual: null,
    preparation_acknowledge_time_actual: null,
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
    group_uuid: null,
    group_leader_id: null,
    linked_task_id: null,
    parent_task_id: null,
    run_id: null,
    run_uuid: null,
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
    shared_locations: [],
    scans: [],
    task_cancellation_reason: task.details.task_cancellation_reason ?? null,
  };
}
