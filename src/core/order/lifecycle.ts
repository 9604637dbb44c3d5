import { closeActivity } from '../tracking/activity.ts';
import { DEFAULT_ODOMETER } from '../tracking/odometer.ts';
import { assertUnlocked } from './lock.ts';
import { isOpen } from './statuses.ts';
import { summarize } from './summary.ts';
import { orderEvents, type TimelineEvent } from './timeline.ts';
import { INITIAL_STATUS, nextStatus, type OrderAction } from './transitions.ts';
import {
  type CancelOrigin,
  type Destination,
  emptyTracking,
  type Order,
  type OrderType,
  type PlanMode,
  type Priority,
  type Region,
  type TrackMode,
} from './types.ts';

/** An order change and the timeline events it records, saved together by a service. */
export interface Change {
  order: Order;
  events: TimelineEvent[];
}

export interface NewOrder {
  orderHandle: string;
  type: OrderType;
  typeIndex: number;
  destination: Destination;
  scheduledAt: Date | null;
  scheduledAfter: Date | null;
  expectedServiceTime: number;
  capacityUsed: number;
  priority: Priority | null;
  productType: string[] | null;
  metadata: Record<string, unknown>;
  opsGroupHandle: string | null;
  trackMode: TrackMode | null;
  planMode: PlanMode;
  region: Region | null;
}

export interface Identity {
  id: string;
  accountId: string;
  shareCode: string;
  fulfillmentAttempt: number;
}

export interface RoutePlacement {
  routeHandle: string;
  planId: string;
}

export interface WorkerRef {
  workerHandle: string;
  deviceId: string | null;
}

export function createOrder(input: NewOrder, identity: Identity, now: Date): Change {
  const order: Order = {
    ...input,
    ...identity,
    status: INITIAL_STATUS,
    statusBeforeDisable: null,
    workerHandle: null,
    deviceId: null,
    routeHandle: null,
    planId: null,
    createdAt: now,
    plannedAt: null,
    assignedAt: null,
    dispatchedAt: null,
    startedAt: null,
    completedAt: null,
    cancelledAt: null,
    disabledAt: null,
    enabledAt: null,
    rescheduledMarkedAt: null,
    lockedAt: null,
    updatedAt: now,
    tracking: emptyTracking(),
    summary: null,
    planningFailureReason: null,
    plannedEstimate: null,
  };
  return { order, events: [orderEvents.created(order)] };
}

const step = (o: Order, action: OrderAction, now: Date, patch: Partial<Order>): Order => ({
  ...o,
  ...patch,
  status: nextStatus(o.status, action, o.statusBeforeDisable),
  updatedAt: now,
});

export function planOrder(o: Order, route: RoutePlacement, now: Date, plannedEstimate: Order['plannedEstimate'] = null): Change {
  const order = step(o, 'plan', now, { routeHandle: route.routeHandle, planId: route.planId, plannedAt: now, planningFailureReason: null, plannedEstimate });
  return { order, events: [orderEvents.planned(order, now)] };
}

export function assignOrder(o: Order, worker: WorkerRef, route: RoutePlacement, now: Date): Change {
  const order = step(o, 'assign', now, {
    workerHandle: worker.workerHandle,
    deviceId: worker.deviceId,
    routeHandle: route.routeHandle,
    planId: route.planId,
    assignedAt: now,
    planningFailureReason: null,
  });
  return { order, events: [orderEvents.assigned(order, now)] };
}

/**
 * Takes a not-yet-started order off its route and its worker. HyperTrack records no timeline
 * event for it (the route's `updated` webhook announces the change).
 */
export function unplanOrder(o: Order, now: Date): Change {
  const order = step(o, 'unplan', now, {
    routeHandle: null,
    planId: null,
    workerHandle: null,
    deviceId: null,
    plannedAt: null,
    assignedAt: null,
    dispatchedAt: null,
    plannedEstimate: null,
  });
  return { order, events: [] };
}

export function dispatchOrder(o: Order, now: Date): Change {
  const order = step(o, 'dispatch', now, { dispatchedAt: now });
  return { order, events: [orderEvents.dispatched(order, now)] };
}

export function startOrder(o: Order, now: Date): Change {
  const order = step(o, 'start', now, { startedAt: now });
  return { order, events: [orderEvents.started(order, now)] };
}

/**
 * A finished order's open driver-activity segment ends at its last fix (seed 002: the stop's
 * `driver_activity_ended` precedes `order_completed`); the segment is then closed for good.
 */
function finishActivity(o: Order): { tracking: Order['tracking']; events: TimelineEvent[] } {
  const t = o.tracking;
  if (!t.activity) return { tracking: t, events: [] };
  const last = t.lastFixAt && t.endLocation ? { at: t.lastFixAt, pos: t.endLocation.coordinates } : null;
  const events = closeActivity(t.activity, t.odometer, last, DEFAULT_ODOMETER);
  return { tracking: { ...t, activity: null }, events };
}

const mergeMetadata = (o: Order, metadata: Record<string, unknown> | undefined) => (metadata ? { ...o.metadata, ...metadata } : o.metadata);

export function completeOrder(o: Order, now: Date, metadata?: Record<string, unknown>): Change {
  const activity = finishActivity(o);
  const order = step(o, 'complete', now, {
    tracking: activity.tracking,
    completedAt: now,
    metadata: mergeMetadata(o, metadata),
    summary: summarize(o, now),
    statusBeforeDisable: null,
  });
  return { order, events: [...activity.events, orderEvents.completed(order, now)] };
}

/** `by` defaults to a client's cancel request, the common case; dashboards and route completion say so. */
export function cancelOrder(o: Order, now: Date, metadata?: Record<string, unknown>, by: CancelOrigin = 'request'): Change {
  assertUnlocked(o, 'cancel');
  const activity = finishActivity(o);
  const order = step(o, 'cancel', now, {
    tracking: activity.tracking,
    cancelledAt: now,
    metadata: mergeMetadata(o, metadata),
    summary: { ...summarize(o, now), cancelledBy: by },
    statusBeforeDisable: null,
  });
  return { order, events: [...activity.events, orderEvents.cancelled(order, now)] };
}

export function disableOrder(o: Order, now: Date): Change {
  const order = step(o, 'disable', now, { disabledAt: now, statusBeforeDisable: o.status });
  return { order, events: [orderEvents.disabled(order, now)] };
}

export function enableOrder(o: Order, now: Date): Change {
  const order = { ...step(o, 'enable', now, { enabledAt: now }), statusBeforeDisable: null };
  return { order, events: [orderEvents.enabled(order, now)] };
}

export interface RescheduleInput {
  scheduledAt: Date;
  scheduledAfter: Date | null;
}

/**
 * Opens the next fulfillment attempt, unplanned, with a fresh share code and empty tracking,
 * carrying the order's details forward. The old attempt is marked rescheduled; if it was still
 * open it is cancelled (HyperTrack: "cancel and recreate a new order ... in an unplanned state").
 */
export function rescheduleOrder(
  o: Order,
  input: RescheduleInput,
  identity: Omit<Identity, 'fulfillmentAttempt' | 'accountId'>,
  now: Date,
): { previous: Change; next: Change } {
  assertUnlocked(o, 'update');
  const wasOpen = isOpen(o.status);
  const activity = wasOpen ? finishActivity(o) : { tracking: o.tracking, events: [] };
  const old = step(o, 'reschedule', now, {
    rescheduledMarkedAt: now,
    ...(wasOpen ? { tracking: activity.tracking, cancelledAt: now, summary: summarize(o, now), statusBeforeDisable: null } : {}),
  });
  const created = createOrder(
    {
      orderHandle: o.orderHandle,
      type: o.type,
      typeIndex: o.typeIndex,
      destination: o.destination,
      scheduledAt: input.scheduledAt,
      scheduledAfter: input.scheduledAfter,
      expectedServiceTime: o.expectedServiceTime,
      capacityUsed: o.capacityUsed,
      priority: o.priority,
      productType: o.productType,
      metadata: o.metadata,
      opsGroupHandle: o.opsGroupHandle,
      trackMode: o.trackMode,
      planMode: o.planMode,
      region: o.region,
    },
    { ...identity, accountId: o.accountId, fulfillmentAttempt: o.fulfillmentAttempt + 1 },
    now,
  );
  return {
    previous: {
      order: old,
      events: [...activity.events, ...(wasOpen ? [orderEvents.cancelled(old, now)] : []), orderEvents.rescheduled(old, now, created.order)],
    },
    next: created,
  };
}
