import { DomainError } from '../errors.ts';
import { isAwaitingStart, isOpen, isUnassigned, isWorkable } from './statuses.ts';
import type { OrderEventType } from './timeline.ts';
import { ORDER_STATUSES, type OrderStatus } from './types.ts';

export const ORDER_ACTIONS = ['plan', 'assign', 'dispatch', 'start', 'complete', 'cancel', 'disable', 'enable', 'reschedule', 'unplan'] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

/** `previous` means "the status held before the order was disabled". */
type Target = OrderStatus | 'previous' | 'same';

const from = (pred: (s: OrderStatus) => boolean, to: Target): Partial<Record<OrderStatus, Target>> =>
  Object.fromEntries(ORDER_STATUSES.filter(pred).map((s) => [s, to]));

/**
 * The one transition table of the order state machine. A (status, action) pair that is not
 * listed is forbidden. Sources: HyperTrack reference §4 and the seeds (seed 000 cancels a
 * disabled order; seed 002 completes an order that never reached its destination).
 */
export const TRANSITIONS: Record<OrderAction, Partial<Record<OrderStatus, Target>>> = {
  plan: from(isUnassigned, 'planned'),
  // Reassigning an ongoing order hands it over without stopping its tracking.
  assign: { unplanned: 'assigned', planned: 'assigned', assigned: 'assigned', dispatched: 'assigned', ongoing: 'ongoing' },
  dispatch: { assigned: 'dispatched' },
  start: from(isAwaitingStart, 'ongoing'),
  complete: from(isOpen, 'completed'),
  cancel: from(isOpen, 'cancelled'),
  disable: from(isWorkable, 'disabled'),
  enable: { disabled: 'previous' },
  // A new attempt is opened beside this one. HyperTrack: an unfinished attempt is cancelled and
  // recreated; a finished one (e.g. a failed delivery) is kept as it was.
  reschedule: { ...from(isOpen, 'cancelled'), completed: 'same', cancelled: 'same' },
  // Taken off its route (POST /orders/routes/{h}/remove) before it started: back to the pool.
  unplan: { planned: 'unplanned', assigned: 'unplanned', dispatched: 'unplanned' },
};

/** A new order's status (`createOrder`). */
export const INITIAL_STATUS: OrderStatus = 'unplanned';

/** The timeline event each action records (lifecycle.ts); null for one that records none. */
export const ACTION_EVENTS: Record<OrderAction, OrderEventType | null> = {
  plan: 'order_planned',
  assign: 'order_assigned',
  dispatch: 'order_dispatched',
  start: 'order_started',
  complete: 'order_completed',
  cancel: 'order_cancelled',
  disable: 'order_disabled',
  enable: 'order_enabled',
  reschedule: 'order_rescheduled',
  // HyperTrack shows no order event for an order taken off its route; the route webhook says it.
  unplan: null,
};

/**
 * The one status `action` leads to from every status it changes; null when that depends on the
 * order (`previous`, `same`). A row's entries that leave the status as it was do not count.
 */
function statusMadeBy(action: OrderAction): OrderStatus | null {
  const made = new Set(Object.entries(TRANSITIONS[action]).flatMap(([from, to]) => (to === from ? [] : [to])));
  const [only] = made;
  return made.size === 1 && only !== 'previous' && only !== 'same' && only !== undefined ? only : null;
}

const STATUS_AFTER_EVENT: ReadonlyMap<string, OrderStatus> = new Map([
  ['order_created', INITIAL_STATUS],
  ...ORDER_ACTIONS.flatMap((a): [string, OrderStatus][] => {
    const made = statusMadeBy(a);
    const event = ACTION_EVENTS[a];
    return made && event ? [[event, made]] : [];
  }),
]);

/**
 * The status an order has right after a timeline event of this type, when the event's transition
 * decides it alone; undefined for other events (their status is the order's, or depends on it).
 */
export const statusAfterEvent = (type: string): OrderStatus | undefined => STATUS_AFTER_EVENT.get(type);

export const canApply = (status: OrderStatus, action: OrderAction): boolean => TRANSITIONS[action][status] !== undefined;

/**
 * The status after `action`, or a DomainError naming the current status when the table forbids
 * it. `before` is the status saved when the order was disabled.
 */
export function nextStatus(status: OrderStatus, action: OrderAction, before: OrderStatus | null = null): OrderStatus {
  const target = TRANSITIONS[action][status];
  if (target === undefined) {
    throw new DomainError('invalid_transition', `Cannot ${action} an order with status ${status}`, {
      status,
      action,
    });
  }
  if (target === 'same') return status;
  if (target === 'previous') return before ?? INITIAL_STATUS;
  return target;
}
