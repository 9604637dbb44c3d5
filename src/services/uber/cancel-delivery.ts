import { cancelOrder } from '../../core/order/lifecycle.ts';
import { isLocked } from '../../core/order/lock.ts';
import { isTerminal } from '../../core/order/statuses.ts';
import type { Deps } from '../deps.ts';
import { saveChange } from '../orders/save-change.ts';
import { canCancel } from './delivery-status.ts';
import { type DeliveryView, loadDeliveryView } from './delivery-view.ts';
import { findOwnDelivery } from './find-delivery.ts';
import type { UberCaller } from './uber-auth.ts';
import { uberRefusal } from './uber-refusal.ts';

/**
 * Cancels both stops in one transaction. Uber allows it while no item has been picked up
 * (reference §7); a stop a dispatcher has locked makes the delivery noncancelable too.
 */
export async function cancelDelivery(deps: Deps, caller: UberCaller, deliveryId: string): Promise<DeliveryView> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const delivery = await findOwnDelivery(repos, caller, deliveryId, { forUpdate: true });
    const view = await loadDeliveryView(repos, delivery, now, { forUpdate: true });
    if (!canCancel(view.status) || [view.pick, view.drop].some(isLocked)) {
      throw uberRefusal('noncancelable_delivery', 'Delivery cannot be cancelled');
    }
    for (const stop of [view.pick, view.drop]) {
      if (!isTerminal(stop.status)) await saveChange(repos, cancelOrder(stop, now, { uber_cancelled_by: 'merchant' }));
    }
    const updated = { ...delivery, updatedAt: now };
    await repos.uber.updateDelivery(updated);
    return loadDeliveryView(repos, updated, now);
  });
}
