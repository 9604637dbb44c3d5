import type { Change } from '../../core/order/lifecycle.ts';
import type { Order, OrderKey } from '../../core/order/types.ts';
import type { Repos } from '../../store/store.ts';
import type { Deps } from '../deps.ts';
import type { OrderView } from '../views.ts';
import { orderNotFound } from './order-not-found.ts';
import { saveChange, viewAfter } from './save-change.ts';

/**
 * The shape of every per-order action: lock the addressed record, let the core decide, save the
 * change and its events, and return the order as stored — all in one transaction, so a refused
 * action changes nothing.
 */
export async function actOnOrder(
  deps: Deps,
  accountId: string,
  key: OrderKey,
  decide: (order: Order, now: Date, repos: Repos) => Change | Promise<Change>,
): Promise<OrderView> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const before = await repos.orders.findWithTimeline(accountId, key, { forUpdate: true });
    if (!before) throw orderNotFound(key);
    const change = await decide(before.order, now, repos);
    await saveChange(repos, change);
    return viewAfter(before, change);
  });
}
