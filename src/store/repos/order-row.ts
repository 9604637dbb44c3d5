import type { Order, OrderStatus, OrderType, PlanMode, PlanningFailureReason, Priority, TrackMode } from '../../core/order/types.ts';
import type { ExpectedPath } from '../../core/tracking/expected-path.ts';
import type { Selectable } from 'kysely';
import type { RouteStop } from '../../core/route-stops.ts';
import type { OrdersTable } from '../schema.ts';

/** An orders row as a select returns it: every column `orderFromRow` reads (not the timeline). */
export type OrderRow = Omit<Selectable<OrdersTable>, 'timeline'>;

const revive = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const json = (v: unknown): string => JSON.stringify(v);

/** The tracking record holds Dates; JSON turns them into ISO strings that come back here. */
function reviveTracking(v: unknown): Order['tracking'] {
  const t = revive<Record<string, unknown>>(v);
  const date = (x: unknown) => (typeof x === 'string' ? new Date(x) : null);
  return {
    ...(t as unknown as Order['tracking']),
    firstFixAt: date(t.firstFixAt),
    lastFixAt: date(t.lastFixAt),
    arrivedAt: date(t.arrivedAt),
    exitedAt: date(t.exitedAt),
  };
}

export function orderFromRow(r: OrderRow): Order {
  return {
    id: r.id,
    accountId: r.account_id,
    orderHandle: r.order_handle,
    type: r.type as OrderType,
    typeIndex: r.type_index,
    fulfillmentAttempt: r.fulfillment_attempt,
    status: r.status as OrderStatus,
    statusBeforeDisable: r.status_before_disable as OrderStatus | null,
    destination: revive(r.destination),
    opsGroupHandle: r.ops_group_handle,
    trackMode: r.track_mode as TrackMode | null,
    planMode: r.plan_mode as PlanMode,
    scheduledAt: r.scheduled_at,
    scheduledAfter: r.scheduled_after,
    expectedServiceTime: r.expected_service_time,
    capacityUsed: r.capacity_used,
    priority: r.priority as Priority | null,
    productType: revive(r.product_type),
    metadata: revive(r.metadata),
    region: revive(r.region),
    shareCode: r.share_code,
    workerHandle: r.worker_handle,
    deviceId: r.device_id,
    routeHandle: r.route_handle,
    planId: r.plan_id,
    createdAt: r.created_at,
    plannedAt: r.planned_at,
    assignedAt: r.assigned_at,
    dispatchedAt: r.dispatched_at,
    startedAt: r.started_at,
    completedAt: r.completed_at,
    cancelledAt: r.cancelled_at,
    disabledAt: r.disabled_at,
    enabledAt: r.enabled_at,
    rescheduledMarkedAt: r.rescheduled_marked_at,
    lockedAt: r.locked_at,
    updatedAt: r.updated_at,
    tracking: reviveTracking(r.tracking),
    summary: revive(r.summary),
    planningFailureReason: r.planning_failure_reason as PlanningFailureReason | null,
    plannedEstimate: revive(r.planned_estimate),
    ...expectedPathOf(r.expected_path),
  };
}

/** Only an order with a planned path carries the field, so orders without one read as they were written. */
function expectedPathOf(v: unknown): Pick<Order, 'expectedPath'> {
  const e = v == null ? null : revive<{ route_handle: string; path: [number, number][] }>(v);
  return e ? { expectedPath: { routeHandle: e.route_handle, path: e.path } } : {};
}

/** The stored shape of a planned path (written by RouteRepo.setExpectedPaths). */
export const expectedPathRecord = (e: ExpectedPath | null) => (e ? { route_handle: e.routeHandle, path: e.path } : null);

/**
 * The row as plain values, JSON columns as the values themselves: the shape
 * `json_populate_record(null::orders, …)` takes, so a whole row travels as one parameter.
 */
export function orderRecord(o: Order) {
  return {
    id: o.id,
    account_id: o.accountId,
    order_handle: o.orderHandle,
    type: o.type,
    type_index: o.typeIndex,
    fulfillment_attempt: o.fulfillmentAttempt,
    status: o.status,
    status_before_disable: o.statusBeforeDisable,
    destination: o.destination as unknown,
    ops_group_handle: o.opsGroupHandle,
    track_mode: o.trackMode,
    plan_mode: o.planMode,
    scheduled_at: o.scheduledAt,
    scheduled_after: o.scheduledAfter,
    expected_service_time: o.expectedServiceTime,
    capacity_used: o.capacityUsed,
    priority: o.priority,
    product_type: o.productType as unknown,
    metadata: o.metadata as unknown,
    region: o.region as unknown,
    share_code: o.shareCode,
    worker_handle: o.workerHandle,
    device_id: o.deviceId,
    route_handle: o.routeHandle,
    plan_id: o.planId,
    created_at: o.createdAt,
    planned_at: o.plannedAt,
    assigned_at: o.assignedAt,
    dispatched_at: o.dispatchedAt,
    started_at: o.startedAt,
    completed_at: o.completedAt,
    cancelled_at: o.cancelledAt,
    disabled_at: o.disabledAt,
    enabled_at: o.enabledAt,
    rescheduled_marked_at: o.rescheduledMarkedAt,
    locked_at: o.lockedAt,
    updated_at: o.updatedAt,
    tracking: o.tracking as unknown,
    summary: o.summary as unknown,
    at_risk: Object.values(o.tracking.risks).some((r) => r !== 'green'),
    planning_failure_reason: o.planningFailureReason,
    planned_estimate: o.plannedEstimate as unknown,
  };
}

export type OrderRecord = ReturnType<typeof orderRecord>;

/** Every column the order's own fields fill (not `timeline`, which changes by appending). */
export const ORDER_COLUMNS = [
  'id',
  'account_id',
  'order_handle',
  'type',
  'type_index',
  'fulfillment_attempt',
  'status',
  'status_before_disable',
  'destination',
  'ops_group_handle',
  'track_mode',
  'plan_mode',
  'scheduled_at',
  'scheduled_after',
  'expected_service_time',
  'capacity_used',
  'priority',
  'product_type',
  'metadata',
  'region',
  'share_code',
  'worker_handle',
  'device_id',
  'route_handle',
  'plan_id',
  'created_at',
  'planned_at',
  'assigned_at',
  'dispatched_at',
  'started_at',
  'completed_at',
  'cancelled_at',
  'disabled_at',
  'enabled_at',
  'rescheduled_marked_at',
  'locked_at',
  'updated_at',
  'tracking',
  'summary',
  'at_risk',
  'planning_failure_reason',
  'planned_estimate',
] as const satisfies readonly (keyof OrderRecord)[];

// Compile-time check that ORDER_COLUMNS names every field of the record.
type Missing = Exclude<keyof OrderRecord, (typeof ORDER_COLUMNS)[number]>;
const _allColumns: Missing extends never ? true : Missing = true;
void _allColumns;

const jsonOrNull = (v: unknown): string | null => (v === null ? null : json(v));

/** The row as Kysely writes it: JSON columns as text. */
export function orderToRow(o: Order) {
  const r = orderRecord(o);
  return {
    ...r,
    destination: json(r.destination),
    product_type: jsonOrNull(r.product_type),
    metadata: json(r.metadata),
    region: jsonOrNull(r.region),
    tracking: json(r.tracking),
    summary: jsonOrNull(r.summary),
    planned_estimate: jsonOrNull(r.planned_estimate),
  };
}

/** The columns a `RouteStop` reads: a dispatch reads these of every stop on every open route. */
export const ROUTE_STOP_COLUMNS = [
  'id',
  'order_handle',
  'type',
  'type_index',
  'fulfillment_attempt',
  'status',
  'destination',
  'scheduled_at',
  'scheduled_after',
  'expected_service_time',
  'product_type',
  'rescheduled_marked_at',
  'route_handle',
] as const satisfies readonly (keyof OrderRow)[];

export function routeStopFromRow(r: Pick<OrderRow, (typeof ROUTE_STOP_COLUMNS)[number]>): RouteStop {
  return {
    id: r.id,
    orderHandle: r.order_handle,
    type: r.type as OrderType,
    typeIndex: r.type_index,
    fulfillmentAttempt: r.fulfillment_attempt,
    status: r.status as OrderStatus,
    destination: revive(r.destination),
    scheduledAt: r.scheduled_at,
    scheduledAfter: r.scheduled_after,
    expectedServiceTime: r.expected_service_time,
    productType: revive(r.product_type),
    rescheduledMarkedAt: r.rescheduled_marked_at,
    routeHandle: r.route_handle,
  };
}
