import type { Excluded, Fit } from '../../core/dispatch.ts';
import { DomainError } from '../../core/errors.ts';
import { isOpen, isTracking } from '../../core/order/statuses.ts';
import type { Order, OrderKey } from '../../core/order/types.ts';
import type { Deps } from '../deps.ts';
import { orderNotFound } from '../orders/order-not-found.ts';
import { findCandidates } from './find-candidates.ts';

export interface CandidateWorkersInput {
  limit: number;
  /** Leave out the worker the order is assigned to now. */
  skipAlreadyAssignedWorker: boolean;
  /** Answer for an ongoing order too (HyperTrack: otherwise ongoing orders are rejected). */
  allowOngoingOrder: boolean;
  /** Only workers whose profile contains this object. */
  profile?: Record<string, unknown>;
}

export interface CandidateWorkers {
  order: Order;
  fits: Fit[];
  excluded: Excluded[];
}

/**
 * GET /orders/{h}/candidate_workers: the workers who could take the order now, cheapest first by
 * the driving time they would add (the same screening and incremental insert as on-demand
 * dispatch, nothing written), and the others with their reasons. A pick and its drop are weighed
 * together; an order on a route is weighed without itself on its current route.
 */
export async function candidateWorkers(deps: Deps, accountId: string, key: OrderKey, input: CandidateWorkersInput): Promise<CandidateWorkers> {
  const now = deps.clock.now();
  const repos = deps.store.repos;
  const order = await repos.orders.find(accountId, key);
  if (!order) throw orderNotFound(key);
  if (!isOpen(order.status)) {
    throw new DomainError('invalid_transition', `Order ${order.orderHandle} is ${order.status}: a finished order takes no worker`, { status: order.status });
  }
  if (isTracking(order.status) && !input.allowOngoingOrder) {
    throw new DomainError('invalid_transition', `Order ${order.orderHandle} is ${order.status}: pass allow_ongoing_order=true to weigh it`, {
      status: order.status,
    });
  }
  // The handle's other live stop of the same attempt travels with it (a pick and its drop).
  const records = (await repos.orders.listByHandle(accountId, order.orderHandle)).filter(
    (o) => o.fulfillmentAttempt === order.fulfillmentAttempt && o.rescheduledMarkedAt === null && isOpen(o.status),
  );
  const adding = records.some((o) => o.id === order.id) ? records : [order];
  const set = await findCandidates(deps, accountId, adding, now, { profile: input.profile });
  const skip = input.skipAlreadyAssignedWorker ? order.workerHandle : null;
  return {
    order,
    fits: set.fits.filter((f) => f.workerHandle !== skip).slice(0, input.limit),
    excluded: set.excluded.filter((e) => e.workerHandle !== skip),
  };
}
