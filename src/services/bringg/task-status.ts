import { isTerminal } from '../../core/order/statuses.ts';
import type { OrderStatus } from '../../core/order/types.ts';

/** Bringg's task status numbers (reference §8). 5, 6, 8 and 9 have no core counterpart and are never derived. */
export const BRINGG_STATUS = { free: 0, assigned: 1, onTheWay: 2, checkedIn: 3, done: 4, cancelled: 7 } as const;

export interface StopState {
  status: OrderStatus;
  statusBeforeDisable: OrderStatus | null;
  /** The driver checked in at this stop's way point and has not checked out. */
  checkedIn: boolean;
}

/** A disabled stop is shown as what it was before it was disabled: Bringg has no "paused". */
const effective = (s: StopState): OrderStatus => (s.status === 'disabled' ? (s.statusBeforeDisable ?? 'unplanned') : s.status);

/**
 * The Bringg status of a task from its stops, in way point order. Finished: done if the last stop
 * was completed, else cancelled. Otherwise the most advanced open stop decides: on the way (checked
 * in when the driver is at the active way point), assigned, or new.
 */
export function bringgStatus(stops: readonly StopState[]): number {
  const statuses = stops.map(effective);
  if (statuses.every(isTerminal)) return statuses.at(-1) === 'completed' ? BRINGG_STATUS.done : BRINGG_STATUS.cancelled;
  const active = stops[statuses.findIndex((s) => !isTerminal(s))]!;
  if (statuses.includes('ongoing')) return active.checkedIn ? BRINGG_STATUS.checkedIn : BRINGG_STATUS.onTheWay;
  if (statuses.some((s) => s === 'assigned' || s === 'dispatched')) return BRINGG_STATUS.assigned;
  return BRINGG_STATUS.free;
}
