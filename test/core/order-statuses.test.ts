import { describe, expect, it } from 'vitest';
import { point } from '../../src/core/geo.ts';
import {
  assignOrder,
  type Change,
  cancelOrder,
  completeOrder,
  createOrder,
  disableOrder,
  dispatchOrder,
  enableOrder,
  planOrder,
  rescheduleOrder,
  startOrder,
  unplanOrder,
} from '../../src/core/order/lifecycle.ts';
import {
  isAwaitingStart,
  isCancelled,
  isCompleted,
  isDisabled,
  isDispatched,
  isOpen,
  isTerminal,
  isTracked,
  isTracking,
  isOnRouteNotStarted,
  isUnassigned,
  isUnplanned,
  isWithWorker,
  isWorkable,
  OPEN_STATUSES,
  TERMINAL_STATUSES,
  TRACKED_STATUSES,
  TRACKING_STATUSES,
  WITH_WORKER_STATUSES,
} from '../../src/core/order/statuses.ts';
import {
  ACTION_EVENTS,
  canApply,
  INITIAL_STATUS,
  nextStatus,
  ORDER_ACTIONS,
  type OrderAction,
  statusAfterEvent,
  TRANSITIONS,
} from '../../src/core/order/transitions.ts';
import { ORDER_STATUSES, type Order, type OrderStatus } from '../../src/core/order/types.ts';
import { newOrderDraft } from '../helpers/new-order.ts';

const all = (pred: (s: OrderStatus) => boolean) => ORDER_STATUSES.filter(pred);

/** The statuses `action` can lead to from `s`; 'previous' may be any status a disabled order held. */
function targets(s: OrderStatus, action: OrderAction): OrderStatus[] {
  const t = TRANSITIONS[action][s];
  if (t === undefined) return [];
  if (t === 'same') return [s];
  if (t === 'previous') return all((p) => canApply(p, 'disable'));
  return [t];
}

/** Statuses `s` can move to (other than itself) in one action. */
const moves = (s: OrderStatus) => ORDER_ACTIONS.flatMap((a) => targets(s, a)).filter((t) => t !== s);

describe('order status sets against the transition table', () => {
  it('only an unplanned order can be planned from nothing, and the orders on a route not yet started are those assign and unplan both apply to', () => {
    for (const s of ORDER_STATUSES) {
      // `plan` applies to unplanned and planned orders; only unplanned is on no route.
      expect({ s, unplanned: isUnplanned(s) }).toEqual({ s, unplanned: canApply(s, 'plan') && !canApply(s, 'unplan') });
      expect({ s, waiting: isOnRouteNotStarted(s) }).toEqual({ s, waiting: canApply(s, 'unplan') });
    }
  });

  it('a terminal status has no transition that changes it; every open status has one', () => {
    for (const s of ORDER_STATUSES) {
      expect({ s, moves: moves(s).length > 0 }).toEqual({ s, moves: isOpen(s) });
      expect(isTerminal(s)).toBe(!isOpen(s));
    }
    expect([...TERMINAL_STATUSES].sort()).toEqual(['cancelled', 'completed']);
  });

  it('from every open status a terminal status is reachable, and from no terminal one an open status', () => {
    for (const s of ORDER_STATUSES) {
      const seen = new Set<OrderStatus>([s]);
      const queue = [s];
      while (queue.length) {
        for (const t of moves(queue.shift()!)) {
          if (seen.has(t)) continue;
          seen.add(t);
          queue.push(t);
        }
      }
      const reached = [...seen].filter((t) => t !== s);
      if (isOpen(s)) expect(reached.some(isTerminal)).toBe(true);
      else expect(reached).toEqual([]);
    }
  });

  it('workable statuses are the ones that can be disabled; disabled is the open status that is not workable and the only one enable applies to', () => {
    expect(all(isWorkable)).toEqual(all((s) => canApply(s, 'disable')));
    expect(all(isDisabled)).toEqual(all((s) => isOpen(s) && !isWorkable(s)));
    expect(all(isDisabled)).toEqual(all((s) => canApply(s, 'enable')));
    expect(all(isDisabled)).toEqual(['disabled']);
  });

  it('unassigned statuses are the ones planning applies to, and assignment takes each of them to a worker', () => {
    expect(all(isUnassigned)).toEqual(all((s) => canApply(s, 'plan')));
    for (const s of all(isUnassigned)) expect(isWithWorker(nextStatus(s, 'assign'))).toBe(true);
  });

  it('with a worker: exactly the statuses assign, dispatch and start lead to', () => {
    const led = new Set((['assign', 'dispatch', 'start'] as const).flatMap((a) => ORDER_STATUSES.flatMap((s) => targets(s, a))));
    expect(all(isWithWorker)).toEqual(all((s) => led.has(s)));
    expect(all(isWithWorker)).toEqual(all((s) => isWorkable(s) && !isUnassigned(s)));
  });

  it('awaiting start are the statuses start applies to; tracking is what start leads to', () => {
    expect(all(isAwaitingStart)).toEqual(all((s) => canApply(s, 'start')));
    expect(all(isTracking)).toEqual([...new Set(ORDER_STATUSES.flatMap((s) => targets(s, 'start')))]);
    for (const s of all(isTracking)) expect(canApply(s, 'start')).toBe(false);
  });

  it('tracked: tracking, or dispatched (only start moves it on toward tracking)', () => {
    expect(all(isDispatched)).toEqual(all((s) => canApply(s, 'start') && !canApply(s, 'dispatch')));
    expect(all(isTracked)).toEqual(all((s) => isTracking(s) || isDispatched(s)));
    expect(all(isDispatched)).toEqual(['dispatched']);
  });

  it('completed and cancelled are what complete and cancel lead to', () => {
    expect(all(isCompleted)).toEqual([...new Set(ORDER_STATUSES.flatMap((s) => targets(s, 'complete')))]);
    expect(all(isCancelled)).toEqual([...new Set(ORDER_STATUSES.flatMap((s) => targets(s, 'cancel')))]);
  });

  it('the exported arrays hold the same members as their predicates, in the order the partial indexes name them', () => {
    expect(OPEN_STATUSES).toEqual(all(isOpen));
    expect([...WITH_WORKER_STATUSES].sort()).toEqual(all(isWithWorker).sort());
    expect(TRACKING_STATUSES).toEqual(all(isTracking));
    // migration 003: orders_by_device_tracked ... where status in ('ongoing', 'dispatched')
    expect(TRACKED_STATUSES).toEqual(['ongoing', 'dispatched']);
    expect(TERMINAL_STATUSES).toEqual(['completed', 'cancelled']);
  });
});

const AT = new Date('2023-10-26T01:00:00.000Z');
const ROUTE = { routeHandle: 'route-1', planId: 'plan-1' };
const WORKER = { workerHandle: 'James', deviceId: 'DEVICE-1' };
const created = (): Change =>
  createOrder(
    newOrderDraft('order-1', {
      destination: { geometry: point(-121.88, 37.39), address: '1 Main St', radius: 50 },
      expectedServiceTime: 120,
      metadata: {},
      trackMode: 'on_time',
    }),
    { id: 'id-1', accountId: 'acct-1', shareCode: 'share-1', fulfillmentAttempt: 0 },
    AT,
  );

/** An order in `status`, reached through the lifecycle functions. */
function orderIn(status: OrderStatus): Order {
  const unplanned = created().order;
  const assigned = assignOrder(unplanned, WORKER, ROUTE, AT).order;
  const ongoing = startOrder(assigned, AT).order;
  const by: Record<OrderStatus, () => Order> = {
    unplanned: () => unplanned,
    planned: () => planOrder(unplanned, ROUTE, AT).order,
    assigned: () => assigned,
    dispatched: () => dispatchOrder(assigned, AT).order,
    ongoing: () => ongoing,
    completed: () => completeOrder(ongoing, AT).order,
    cancelled: () => cancelOrder(ongoing, AT).order,
    disabled: () => disableOrder(ongoing, AT).order,
  };
  return by[status]();
}

const ACTIONS: Record<OrderAction, (o: Order) => Change> = {
  plan: (o) => planOrder(o, ROUTE, AT),
  assign: (o) => assignOrder(o, WORKER, ROUTE, AT),
  dispatch: (o) => dispatchOrder(o, AT),
  start: (o) => startOrder(o, AT),
  complete: (o) => completeOrder(o, AT),
  cancel: (o) => cancelOrder(o, AT),
  disable: (o) => disableOrder(o, AT),
  enable: (o) => enableOrder(o, AT),
  reschedule: (o) => rescheduleOrder(o, { scheduledAt: AT, scheduledAfter: null }, { id: 'id-2', shareCode: 'share-2' }, AT).previous,
  unplan: (o) => unplanOrder(o, AT),
};

describe('the status after each timeline event, derived from the transition table', () => {
  it('names the status of the unambiguous transitions and nothing else', () => {
    const derived = Object.fromEntries(
      ['order_created', ...Object.values(ACTION_EVENTS).filter((e) => e !== null), 'order_updated'].map((t) => [t, statusAfterEvent(t) ?? null]),
    );
    expect(derived).toEqual({
      order_created: INITIAL_STATUS,
      order_planned: 'planned',
      order_assigned: 'assigned',
      order_dispatched: 'dispatched',
      order_started: 'ongoing',
      order_completed: 'completed',
      order_cancelled: 'cancelled',
      order_disabled: 'disabled',
      // Depend on the order: the status held before disabling; a finished attempt keeps its own.
      order_enabled: null,
      order_rescheduled: null,
      order_updated: null,
    });
    expect(created().order.status).toBe(INITIAL_STATUS);
  });

  it('every lifecycle step records its action event, and the event status is the status the step made', () => {
    for (const s of ORDER_STATUSES) {
      for (const a of ORDER_ACTIONS) {
        if (!canApply(s, a)) continue;
        const before = orderIn(s);
        const change = ACTIONS[a](before);
        const event = ACTION_EVENTS[a];
        expect({ s, a, event: change.events.at(-1)?.type ?? null }).toEqual({ s, a, event });
        if (event === null) continue;
        const after = statusAfterEvent(event);
        // A step that leaves the status as it was (reassigning an ongoing order) is not what the event names.
        if (after !== undefined && change.order.status !== before.status) expect({ s, a, after }).toEqual({ s, a, after: change.order.status });
      }
    }
  });
});
