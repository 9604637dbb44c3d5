import { type RescheduleInput, rescheduleOrder } from '../../core/order/lifecycle.ts';
import type { OrderKey } from '../../core/order/types.ts';
import type { Deps } from '../deps.ts';
import type { OrderView } from '../views.ts';
import { orderNotFound } from './order-not-found.ts';
import { saveChange } from './save-change.ts';

/** Opens the next fulfillment attempt and returns it; the old attempt stays readable by number. */
export async function reschedule(deps: Deps, accountId: string, key: OrderKey, input: RescheduleInput): Promise<OrderView> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const order = await repos.orders.find(accountId, key, { forUpdate: true });
    if (!order) throw orderNotFound(key);
    const { previous, next } = rescheduleOrder(order, input, { id: deps.ids.uuid(), shareCode: deps.ids.shareCode() }, now);
    // The old attempt must leave the "one open order per handle" index before the new one enters.
    await saveChange(repos, previous);
    await saveChange(repos, next, { isNew: true });
    return { order: next.order, timeline: next.events, polyline: [] };
  });
}
