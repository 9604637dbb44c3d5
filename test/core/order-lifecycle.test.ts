import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { point } from '../../src/core/geo.ts';
import {
  assignOrder,
  cancelOrder,
  completeOrder,
  createOrder,
  disableOrder,
  dispatchOrder,
  enableOrder,
  type NewOrder,
  planOrder,
  type RoutePlacement,
  rescheduleOrder,
  startOrder,
  type WorkerRef,
} from '../../src/core/order/lifecycle.ts';
import type { Order, OrderStatus } from '../../src/core/order/types.ts';

// Timestamps and handles from seeds 000/002, so the events can be compared with the seed timelines.
const T = {
  created: new Date('2023-10-25T17:54:42.233Z'),
  planned: new Date('2023-10-25T18:08:44.659Z'),
  assigned: new Date('2023-10-25T18:08:44.892Z'),
  dispatched: new Date('2023-10-25T18:09:00.000Z'),
  started: new Date('2023-10-26T01:28:21.925Z'),
  disabled: new Date('2023-10-26T01:32:43.721Z'),
  enabled: new Date('2023-10-26T01:35:00.000Z'),
  cancelled: new Date('2023-10-26T01:37:03.650Z'),
  completed: new Date('2023-10-26T01:39:45.503Z'),
};
const ROUTE: RoutePlacement = { routeHandle: '812a1ea5-8c1e-407a-ba24-6cc46d783fef', planId: 'plan-1' };
const WORKER: WorkerRef = { workerHandle: 'James', deviceId: 'DEVICE-1' };
const DESTINATION = point(-121.8871193, 37.390611);

const newOrder = (over: Partial<NewOrder> = {}): NewOrder => ({
  orderHandle: 'order-1',
  type: 'pick',
  typeIndex: 0,
  destination: { geometry: DESTINATION, address: '1 Main St, San Jose, CA', radius: 50 },
  scheduledAt: new Date('2023-10-26T02:00:00.000Z'),
  scheduledAfter: null,
  expectedServiceTime: 120,
  capacityUsed: 1,
  priority: null,
  productType: null,
  metadata: { customerID: '12654' },
  opsGroupHandle: null,
  trackMode: 'on_time',
  planMode: 'manual',
  region: null,
  ...over,
});
const identity = { id: 'id-1', accountId: 'acct-1', shareCode: 'share-1', fulfillmentAttempt: 0 };

const created = (): Order => createOrder(newOrder(), identity, T.created).order;
const planned = (): Order => planOrder(created(), ROUTE, T.planned).order;
const assigned = (): Order => assignOrder(planned(), WORKER, ROUTE, T.assigned).order;
const ongoing = (): Order => startOrder(assigned(), T.started).order;

/** An order in `status`, reached through the lifecycle functions. */
function orderIn(status: OrderStatus): Order {
  switch (status) {
    case 'unplanned':
      return created();
    case 'planned':
      return planned();
    case 'assigned':
      return assigned();
    case 'dispatched':
      return dispatchOrder(assigned(), T.dispatched).order;
    case 'ongoing':
      return ongoing();
    case 'disabled':
      return disableOrder(ongoing(), T.disabled).order;
    case 'completed':
      return completeOrder(ongoing(), T.completed).order;
    case 'cancelled':
      return cancelOrder(ongoing(), T.cancelled).order;
  }
}

describe('createOrder', () => {
  it('opens an unplanned order with one order_created event', () => {
    const { order, events } = createOrder(newOrder(), identity, T.created);
    expect(order).toMatchObject({
      id: 'id-1',
      accountId: 'acct-1',
      shareCode: 'share-1',
      fulfillmentAttempt: 0,
      status: 'unplanned',
      statusBeforeDisable: null,
      createdAt: T.created,
      updatedAt: T.created,
      workerHandle: null,
      routeHandle: null,
      summary: null,
    });
    expect(events).toEqual([
      {
        type: 'order_created',
        recordedAt: T.created,
        data: { order_handle: 'order-1', metadata: { customerID: '12654' } },
      },
    ]);
  });
});

describe('lifecycle steps', () => {
  it('planOrder places the order on the route', () => {
    const { order, events } = planOrder(created(), ROUTE, T.planned);
    expect(order).toMatchObject({
      status: 'planned',
      plannedAt: T.planned,
      routeHandle: ROUTE.routeHandle,
      planId: 'plan-1',
      updatedAt: T.planned,
    });
    expect(events).toEqual([
      {
        type: 'order_planned',
        recordedAt: T.planned,
        data: { order_handle: 'order-1', route_handle: ROUTE.routeHandle, fulfillment_attempt: 0 },
      },
    ]);
  });

  it('assignOrder sets the worker and emits driver_handle', () => {
    const { order, events } = assignOrder(planned(), WORKER, ROUTE, T.assigned);
    expect(order).toMatchObject({
      status: 'assigned',
      assignedAt: T.assigned,
      workerHandle: 'James',
      deviceId: 'DEVICE-1',
      routeHandle: ROUTE.routeHandle,
      planId: 'plan-1',
    });
    expect(events).toEqual([
      {
        type: 'order_assigned',
        recordedAt: T.assigned,
        data: { order_handle: 'order-1', driver_handle: 'James', fulfillment_attempt: 0 },
      },
    ]);
  });

  it('assignOrder copies only the placement and worker fields of its arguments', () => {
    // Real callers pass whole route/worker records; their own metadata and status must not leak.
    const route = { ...ROUTE, metadata: { route: true }, status: 'completed', id: 'route-id' };
    const worker = { ...WORKER, metadata: { worker: true }, status: 'inactive', name: 'James B' };
    const before = planned();
    const { order } = assignOrder(before, worker, route, T.assigned);
    expect(order.metadata).toEqual({ customerID: '12654' });
    expect(order.status).toBe('assigned');
    expect(order.id).toBe('id-1');
    expect(order).not.toHaveProperty('name');
    expect(Object.keys(order).sort()).toEqual(Object.keys(before).sort());
  });

  it('dispatchOrder sets dispatchedAt', () => {
    const { order, events } = dispatchOrder(assigned(), T.dispatched);
    expect(order).toMatchObject({ status: 'dispatched', dispatchedAt: T.dispatched });
    expect(events.map((e) => e.type)).toEqual(['order_dispatched']);
  });

  it('startOrder sets startedAt and emits order_type', () => {
    const { order, events } = startOrder(assigned(), T.started);
    expect(order).toMatchObject({ status: 'ongoing', startedAt: T.started });
    expect(events).toEqual([
      {
        type: 'order_started',
        recordedAt: T.started,
        data: {
          order_handle: 'order-1',
          route_handle: ROUTE.routeHandle,
          order_type: 'pick',
          fulfillment_attempt: 0,
        },
      },
    ]);
  });

  it('disableOrder remembers the status it parks', () => {
    const { order, events } = disableOrder(ongoing(), T.disabled);
    expect(order).toMatchObject({
      status: 'disabled',
      disabledAt: T.disabled,
      statusBeforeDisable: 'ongoing',
    });
    expect(events).toEqual([
      {
        type: 'order_disabled',
        recordedAt: T.disabled,
        data: { order_handle: 'order-1', route_handle: ROUTE.routeHandle, fulfillment_attempt: 0 },
      },
    ]);
  });

  it('cancelOrder of a disabled order (seed 000) sets cancelledAt and merges metadata', () => {
    const disabled = disableOrder(ongoing(), T.disabled).order;
    const { order, events } = cancelOrder(disabled, T.cancelled, { reason: 'customer_absent' });
    expect(order).toMatchObject({
      status: 'cancelled',
      cancelledAt: T.cancelled,
      completedAt: null,
      statusBeforeDisable: null,
      metadata: { customerID: '12654', reason: 'customer_absent' },
    });
    expect(order.summary).not.toBeNull();
    expect(events).toEqual([
      {
        type: 'order_cancelled',
        recordedAt: T.cancelled,
        data: { order_handle: 'order-1', route_handle: ROUTE.routeHandle, fulfillment_attempt: 0 },
      },
    ]);
  });

  it('completeOrder sets completedAt and emits order_type without fulfillment_attempt', () => {
    const { order, events } = completeOrder(ongoing(), T.completed);
    expect(order).toMatchObject({ status: 'completed', completedAt: T.completed, cancelledAt: null });
    expect(events).toEqual([
      {
        type: 'order_completed',
        recordedAt: T.completed,
        data: { order_handle: 'order-1', route_handle: ROUTE.routeHandle, order_type: 'pick' },
      },
    ]);
  });
});

describe('disable and enable', () => {
  it.each(['unplanned', 'planned', 'assigned', 'dispatched', 'ongoing'] as const)('enable after disable returns to %s', (status) => {
    const disabled = disableOrder(orderIn(status), T.disabled).order;
    const { order, events } = enableOrder(disabled, T.enabled);
    expect(order.status).toBe(status);
    expect(order.statusBeforeDisable).toBeNull();
    expect(order.enabledAt).toEqual(T.enabled);
    expect(events.map((e) => e.type)).toEqual(['order_enabled']);
  });
});

describe('forbidden actions', () => {
  const cases: [string, OrderStatus, (o: Order) => unknown][] = [
    ['plan', 'ongoing', (o) => planOrder(o, ROUTE, T.completed)],
    ['assign', 'completed', (o) => assignOrder(o, WORKER, ROUTE, T.completed)],
    ['dispatch', 'planned', (o) => dispatchOrder(o, T.completed)],
    ['start', 'disabled', (o) => startOrder(o, T.completed)],
    ['complete', 'cancelled', (o) => completeOrder(o, T.completed, { late: true })],
    ['cancel', 'completed', (o) => cancelOrder(o, T.completed, { late: true })],
    ['disable', 'disabled', (o) => disableOrder(o, T.completed)],
    ['enable', 'ongoing', (o) => enableOrder(o, T.completed)],
  ];

  it.each(cases)('%s from %s throws and leaves the order untouched', (_action, status, act) => {
    const order = orderIn(status);
    const before = structuredClone(order);
    let caught: unknown;
    try {
      act(order);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe('invalid_transition');
    expect(order).toEqual(before);
  });
});

describe('rescheduleOrder', () => {
  const next = { scheduledAt: new Date('2023-10-27T10:00:00.000Z'), scheduledAfter: null };
  const nextIdentity = { id: 'id-2', shareCode: 'share-2' };
  const at = new Date('2023-10-26T02:00:00.000Z');

  it('cancels an ongoing attempt and opens the next one unplanned', () => {
    const o = ongoing();
    const { previous, next: opened } = rescheduleOrder(o, next, nextIdentity, at);

    expect(previous.order).toMatchObject({
      id: 'id-1',
      status: 'cancelled',
      cancelledAt: at,
      rescheduledMarkedAt: at,
      fulfillmentAttempt: 0,
    });
    expect(previous.events.map((e) => e.type)).toEqual(['order_cancelled', 'order_rescheduled']);
    expect(previous.events[1]?.data).toEqual({
      order_handle: 'order-1',
      fulfillment_attempt: 0,
      next_fulfillment_attempt: 1,
      scheduled_at: '2023-10-27T10:00:00.000Z',
    });

    expect(opened.order).toMatchObject({
      id: 'id-2',
      accountId: 'acct-1',
      shareCode: 'share-2',
      orderHandle: 'order-1',
      type: 'pick',
      typeIndex: 0,
      fulfillmentAttempt: 1,
      status: 'unplanned',
      scheduledAt: next.scheduledAt,
      workerHandle: null,
      routeHandle: null,
      startedAt: null,
      rescheduledMarkedAt: null,
      summary: null,
    });
    expect(opened.order.destination).toEqual(o.destination);
    expect(opened.order.metadata).toEqual(o.metadata);
    expect(opened.events.map((e) => e.type)).toEqual(['order_created']);
  });

  it('keeps a completed attempt completed', () => {
    const done = orderIn('completed');
    const { previous, next: opened } = rescheduleOrder(done, next, nextIdentity, at);
    expect(previous.order).toMatchObject({
      status: 'completed',
      completedAt: T.completed,
      cancelledAt: null,
      rescheduledMarkedAt: at,
    });
    expect(previous.order.summary).toEqual(done.summary);
    expect(previous.events.map((e) => e.type)).toEqual(['order_rescheduled']);
    expect(opened.order).toMatchObject({ status: 'unplanned', fulfillmentAttempt: 1 });
  });
});

describe('completion summary', () => {
  it('has no deviation without an end location and no risk when all green', () => {
    const { order } = completeOrder(ongoing(), T.completed);
    expect(order.summary).toMatchObject({
      deviationFromDestination: null,
      riskStatus: false,
      atDestination: false,
    });
  });

  it('measures the deviation from the last position in metres (seed 002: 2254 m)', () => {
    const o = ongoing();
    o.tracking.endLocation = point(-121.877246, 37.371916);
    const { order } = completeOrder(o, T.completed);
    const deviation = order.summary?.deviationFromDestination;
    expect(deviation).toBeTypeOf('number');
    expect(Math.abs((deviation as number) - 2254)).toBeLessThanOrEqual(5);
    expect(order.summary?.riskStatus).toBe(false);
  });

  it('reports a risk when any key is not green (seed 002: moving_too_slow yellow)', () => {
    const o = ongoing();
    o.tracking.risks.moving_too_slow = 'yellow';
    expect(completeOrder(o, T.completed).order.summary?.riskStatus).toBe(true);
  });
});
