import { isDomainError } from '../../core/errors.ts';
import { isLocked } from '../../core/order/lock.ts';
import type { Deps } from '../deps.ts';
import { patchOrder } from '../orders/update-order.ts';
import { saveChange } from '../orders/save-change.ts';
import { isComplete } from './delivery-status.ts';
import { type DeliveryView, loadDeliveryView } from './delivery-view.ts';
import { findOwnDelivery } from './find-delivery.ts';
import type { UberCaller } from './uber-auth.ts';
import { uberRefusal } from './uber-refusal.ts';

export interface UpdateDeliveryInput {
  /** Request fields kept for rendering (notes, verification, manifest_reference, signature/ID flags). */
  fields: Record<string, unknown>;
  tipByCustomer: number | null;
  dropoff: { lat: number; lng: number } | null;
}

/** The largest tip Dropline records, in minor units (Uber publishes none; docs/uber-direct.md). */
export const MAX_TIP = 10_000;

const PICKUP_FIELDS = new Set(['pickup_notes', 'pickup_verification']);

const notNow = () =>
  uberRefusal('invalid_params', 'The provided fields cannot be updated in the current job state.', {
    param_details: 'The provided fields cannot be updated in the current job state.',
  });

/**
 * POST /deliveries/{id}. Each field may change only while its waypoint is still ahead (reference
 * §7); a tip is recorded once, on a delivery that was not cancelled. All or nothing.
 */
export async function updateDelivery(deps: Deps, caller: UberCaller, deliveryId: string, input: UpdateDeliveryInput): Promise<DeliveryView> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const delivery = await findOwnDelivery(repos, caller, deliveryId, { forUpdate: true });
    const view = await loadDeliveryView(repos, delivery, now, { forUpdate: true });
    const s = view.status;
    const names = Object.keys(input.fields);
    if (names.length > 0 || input.dropoff) {
      if (isComplete(s) || [view.pick, view.drop].some(isLocked)) throw notNow();
      if (names.some((n) => PICKUP_FIELDS.has(n)) && s !== 'pending' && s !== 'pickup') throw notNow();
    }
    let { tip, fee } = delivery;
    if (input.tipByCustomer !== null) {
      if (s === 'canceled' || s === 'returned') throw uberRefusal('invalid_tipping_state', 'Tip cannot be updated in the current job state.');
      if (input.tipByCustomer <= 0) throw uberRefusal('no_tip', 'no_tip.');
      if (input.tipByCustomer > MAX_TIP) throw uberRefusal('max_tip_exceeded', 'Max tip exceeded.');
      if (delivery.tip > 0) throw uberRefusal('tip_already_recorded_error', 'Tip already updated.');
      tip = input.tipByCustomer;
      fee += tip;
    }
    if (input.dropoff) {
      try {
        await saveChange(
          repos,
          patchOrder(
            deps,
            view.drop,
            { destination: { ...view.drop.destination, geometry: { type: 'Point', coordinates: [input.dropoff.lng, input.dropoff.lat] } } },
            now,
          ),
        );
      } catch (e) {
        // The dropoff is under way: the core refuses to move a tracked destination.
        if (isDomainError(e) && e.code === 'invalid_transition') throw notNow();
        throw e;
      }
    }
    const updated = { ...delivery, tip, fee, details: { ...delivery.details, ...input.fields }, updatedAt: now };
    await repos.uber.updateDelivery(updated);
    return loadDeliveryView(repos, updated, now);
  });
}
