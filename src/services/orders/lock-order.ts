import { lockOrder, unlockOrder } from '../../core/order/lock.ts';
import type { Change } from '../../core/order/lifecycle.ts';
import type { Order, OrderKey } from '../../core/order/types.ts';
import type { Deps } from '../deps.ts';
import type { OrderView } from '../views.ts';
import { orderNotFound } from './order-not-found.ts';
import { saveChange, viewOf } from './save-change.ts';

/**
 * A lock is about the customer's order, so it covers every current record of the handle (all its
 * stops) that the key's qualifiers match; the addressed record is returned.
 */
async function setLock(deps: Deps, accountId: string, key: OrderKey, decide: (o: Order, now: Date) => Change): Promise<OrderView> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const addressed = await repos.orders.find(accountId, key, { forUpdate: true });
    if (!addressed) throw orderNotFound(key);
    const records = (await repos.orders.listByHandle(accountId, key.orderHandle, { forUpdate: true })).filter(
      (o) => !o.rescheduledMarkedAt && (key.type === undefined || o.type === key.type) && (key.typeIndex === undefined || o.typeIndex === key.typeIndex),
    );
    let result = addressed;
    for (const o of records) {
      const change = decide(o, now);
      await saveChange(repos, change);
      if (o.id === addressed.id) result = change.order;
    }
    return viewOf(repos, result);
  });
}

export const lock = (deps: Deps, accountId: string, key: OrderKey) => setLock(deps, accountId, key, lockOrder);
export const unlock = (deps: Deps, accountId: string, key: OrderKey) => setLock(deps, accountId, key, unlockOrder);
