import type { Change } from '../../core/order/lifecycle.ts';
import type { Order, OrderKey } from '../../core/order/types.ts';
import type { Deps } from '../deps.ts';
import type { OrderView } from '../views.ts';
import { actOnOrder } from './act-on-order.ts';
import { orderNotFound } from './order-not-found.ts';
import { saveChange, viewAfter } from './save-change.ts';

/** Conflicts tolerated before falling back to a locking transaction (only concurrent writers of one order conflict). */
const OPTIMISTIC_ATTEMPTS = 3;

/**
 * A per-order action whose decision needs the order alone (cancel, complete, disable, enable,
 * update): read the order, let the core decide, and write the change only if the order is still
 * the version that was read — two round trips and no transaction, instead of BEGIN, a locking
 * read, the write and COMMIT. A refused action has written nothing; a conflicting concurrent
 * change makes it decide again on the fresh order, so the outcome is the one the locking path
 * (`actOnOrder`) would give. Decisions that read or write other rows use `actOnOrder`.
 */
export async function changeOrder(deps: Deps, accountId: string, key: OrderKey, decide: (order: Order, now: Date) => Change): Promise<OrderView> {
  const repos = deps.store.repos;
  for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
    const now = deps.clock.now();
    const before = await repos.orders.findWithTimeline(accountId, key);
    if (!before) throw orderNotFound(key);
    const change = decide(before.order, now);
    if (await saveChange(repos, change, { expectedVersion: before.version, before: before.order })) return viewAfter(before, change);
  }
  return actOnOrder(deps, accountId, key, decide);
}
