import { ORDER_STATUSES, type OrderStatus } from './types.ts';

/*
 * Named status sets; every rule about "which orders can…" reads one of these, and the transition
 * table (transitions.ts) is built from them, so each set is written down once. The arrays that
 * SQL renders keep the order of the partial indexes' predicates (migrations 001 and 003).
 */

/** Completed or cancelled: nothing more happens to this attempt. */
export const TERMINAL_STATUSES: readonly OrderStatus[] = ['completed', 'cancelled'];
/** Not finished: everything but the terminal statuses. */
export const OPEN_STATUSES: readonly OrderStatus[] = ORDER_STATUSES.filter((s) => !TERMINAL_STATUSES.includes(s));
/** No worker holds the order yet: planning still applies. */
export const UNASSIGNED_STATUSES: readonly OrderStatus[] = ['unplanned', 'planned'];
/** The device's locations count toward the order. */
export const TRACKING_STATUSES: readonly OrderStatus[] = ['ongoing'];
/** The device's fixes are read for the order: it is tracking, or dispatched and started by its first fix. */
export const TRACKED_STATUSES: readonly OrderStatus[] = ['ongoing', 'dispatched'];
/** Parked: open, but neither planned, assigned nor tracked until it is enabled. */
const DISABLED_STATUSES: readonly OrderStatus[] = ['disabled'];
/** Open and not parked. */
export const WORKABLE_STATUSES: readonly OrderStatus[] = OPEN_STATUSES.filter((s) => !DISABLED_STATUSES.includes(s));
/** A worker holds the order and it is not finished. */
export const WITH_WORKER_STATUSES: readonly OrderStatus[] = WORKABLE_STATUSES.filter((s) => !UNASSIGNED_STATUSES.includes(s));
/** A worker holds the order and it has not started tracking. */
export const AWAITING_START_STATUSES: readonly OrderStatus[] = WITH_WORKER_STATUSES.filter((s) => !TRACKING_STATUSES.includes(s));

const has = (set: readonly OrderStatus[]) => {
  const members: ReadonlySet<OrderStatus> = new Set(set);
  return (s: OrderStatus): boolean => members.has(s);
};

/** Completed or cancelled: nothing more happens to this attempt. */
export const isTerminal = has(TERMINAL_STATUSES);
/** Not finished: at most one such attempt exists per (handle, type, type_index). */
export const isOpen = has(OPEN_STATUSES);
/** Not finished and not parked: planning, assignment and tracking apply. */
export const isWorkable = has(WORKABLE_STATUSES);
/** Disabled: parked until it is enabled, when it returns to the status it had. */
export const isDisabled = has(DISABLED_STATUSES);
/** Unplanned or planned: no worker holds it yet. */
export const isUnassigned = has(UNASSIGNED_STATUSES);
/** Assigned, dispatched or ongoing: a worker holds it and it is not finished. */
export const isWithWorker = has(WITH_WORKER_STATUSES);
/** Assigned or dispatched: a worker holds it and it has not started. */
export const isAwaitingStart = has(AWAITING_START_STATUSES);
/** The device's locations count toward this order. */
export const isTracking = has(TRACKING_STATUSES);
/** The device's fixes are read for this order: tracking, or dispatched and started by the first fix. */
export const isTracked = has(TRACKED_STATUSES);
/** Dispatched: the worker's first fix starts it. */
export const isDispatched = (s: OrderStatus): boolean => isTracked(s) && !isTracking(s);
/** Finished by completion (a failed delivery may be either; metadata tells). */
export const isCompleted = (s: OrderStatus): boolean => s === 'completed';
/** Finished by cancellation. */
export const isCancelled = (s: OrderStatus): boolean => s === 'cancelled';
/** Unplanned: in the pool, on no route; the only status an order may be added to a route in. */
export const isUnplanned = (s: OrderStatus): boolean => isUnassigned(s) && !isOnRoute(s);
/** On a route (planned, or held by a worker) and not started: it has a planned arrival, not a live ETA. */
export const isOnRouteNotStarted = (s: OrderStatus): boolean => isOnRoute(s) && !isTracking(s);
/** Planned onto a route or held by a worker, not finished nor parked. */
const isOnRoute = (s: OrderStatus): boolean => s === 'planned' || isWithWorker(s);
