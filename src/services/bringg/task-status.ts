import { isAwaitingStart, isCompleted, isDisabled, isTerminal, isTracking } from '../../core/order/statuses.ts';
import { nextStatus } from '../../core/order/transitions.ts';
import type { OrderStatus } from '../../core/order/types.ts';

/**
 * Bringg's task status numbers (reference §8). 6 and 8 come from the driver app's accept and
 * reject (docs/driver-app.md); 5 and 9 have no core counterpart and are never derived.
 */
export const BRINGG_STATUS = { free: 0, assigned: 1, onTheWay: 2, checkedIn: 3, done: 4, accepted: 6, cancelled: 7, rejected: 8 } as const;

export interface StopState {
  status: OrderStatus;
  statusBeforeDisable: OrderStatus | null;
  /** The driver checked in at this stop's way point and has not checked out. */
  checkedIn: boolean;
  /** The worker holding the stop accepted it in the driver app. */
  accepted?: boolean;
  /** A driver rejected the stop and no worker holds it since. */
  rejected?: boolean;
}

/** A disabled stop is shown as what it was before it was disabled: Bringg has no "paused". */
const effective = (s: StopState): OrderStatus => (isDisabled(s.status) ? nextStatus(s.status, 'enable', s.statusBeforeDisable) : s.status);

/**
 * The Bringg status of a task from its stops, in way point order. Finished: done if the last stop
 * was completed, else cancelled. Otherwise the most advanced open stop decides: on the way (checked
 * in when the driver is at the active way point), assigned, or new.
 */
export function bringgStatus(stops: readonly StopState[]): number {
  const statuses = stops.map(effective);
  if (statuses.every(isTerminal)) {
    const last = statuses.at(-1);
    return last !== undefined && isCompleted(last) ? BRINGG_STATUS.done : BRINGG_STATUS.cancelled;
  }
  const active = stops[statuses.findIndex((s) => !isTerminal(s))]!;
  if (statuses.some(isTracking)) return active.checkedIn ? BRINGG_STATUS.checkedIn : BRINGG_STATUS.onTheWay;
  if (statuses.some(isAwaitingStart)) return active.accepted ? BRINGG_STATUS.accepted : BRINGG_STATUS.assigned;
  return active.rejected ? BRINGG_STATUS.rejected : BRINGG_STATUS.free;
}
