import { DomainError } from '../errors.ts';
import { isOpen, isWorkable } from './statuses.ts';
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
  plan: { unplanned: 'planned', planned: 'planned' },
  // Reassigning an ongoing order hands it over without stopping its tracking.
  assign: { unplanned: 'assigned', planned: 'assigned', assigned: 'assigned', dispatched: 'assigned', ongoing: 'ongoing' },
  dispatch: { assigned: 'dispatched' },
  start: { assigned: 'ongoing', dispatched: 'ongoing' },
  complete: from((s) => isOpen(s), 'completed'),
  cancel: from((s) => isOpen(s), 'cancelled'),
  disable: from(isWorkable, 'disabled'),
  enable: { disabled: 'previous' },
  // A new attempt is opened beside this one. HyperTrack: an unfinished attempt is cancelled and
  // recreated; a finished one (e.g. a failed delivery) is kept as it was.
  reschedule: { ...from(isOpen, 'cancelled'), completed: 'same', cancelled: 'same' },
  // Taken off its route (POST /orders/routes/{h}/remove) before it started: back to the pool.
  unplan: { planned: 'unplanned', assigned: 'unplanned', dispatched: 'unplanned' },
};

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
  if (target === 'previous') return before ?? 'unplanned';
  return target;
}
