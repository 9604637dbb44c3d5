import { DomainError } from '../../core/errors.ts';
import { orderEvents } from '../../core/order/timeline.ts';
import { isOpen, isTracking } from '../../core/order/statuses.ts';
import type { Change } from '../../core/order/lifecycle.ts';
import { assertUnlocked } from '../../core/order/lock.ts';
import type { Destination, Order, OrderKey } from '../../core/order/types.ts';
import { centroidOf } from '../../core/geo.ts';
import type { Deps } from '../deps.ts';
import { changeOrder } from './change-order.ts';

export interface OrderPatch {
  metadata?: Record<string, unknown>;
  destination?: Destination;
  scheduledAt?: Date | null;
  scheduledAfter?: Date | null;
  expectedServiceTime?: number;
  productType?: string[] | null;
  capacityUsed?: number;
  opsGroupHandle?: string | null;
}

/**
 * PATCH /orders/{h}. HyperTrack: the destination "can only be updated before tracking is
 * started"; other fields may change while the order is open; a finished order only takes metadata.
 * Metadata keys are merged, as on cancel and complete.
 */
export const updateOrder = (deps: Deps, accountId: string, key: OrderKey, patch: OrderPatch) =>
  changeOrder(deps, accountId, key, (order, now) => patchOrder(deps, order, patch, now));

/** The update rules on one loaded record, for use cases that change several records in one transaction. */
export function patchOrder(deps: Pick<Deps, 'regions'>, order: Order, patch: OrderPatch, now: Date): Change {
  assertUnlocked(order, 'update');
  const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as OrderPatch;
  const fields = Object.keys(given);
  if (!isOpen(order.status) && fields.some((f) => f !== 'metadata')) {
    throw new DomainError('invalid_transition', `Cannot update ${fields.join(', ')} of an order with status ${order.status}`, {
      status: order.status,
      action: 'update',
    });
  }
  if (patch.destination && (order.startedAt || isTracking(order.status))) {
    throw new DomainError('invalid_transition', 'The destination can only be updated before tracking is started', {
      status: order.status,
      action: 'update',
    });
  }
  const region = patch.destination ? deps.regions.lookup(...centroidOf(patch.destination.geometry).coordinates) : order.region;
  const updated = {
    ...order,
    ...given,
    metadata: patch.metadata ? { ...order.metadata, ...patch.metadata } : order.metadata,
    destination: patch.destination ?? order.destination,
    region,
    updatedAt: now,
  };
  return { order: updated, events: [orderEvents.updated(updated, now, fields)] };
}
