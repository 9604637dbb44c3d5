import type { Repos } from '../../store/store.ts';
import { isComplete } from './delivery-status.ts';
import { type DeliveryView, readDeliveryView } from './delivery-view.ts';

/** What an Uber webhook shows: the delivery as it is now, and the organization it belongs to. */
export interface UberEventSnapshot {
  view: DeliveryView;
  customerId: string;
}

/** The state event.delivery_status announces: a status or a courier_imminent change (reference §10). */
export const announcedState = (v: DeliveryView) => `${v.status}|${v.courierImminent}`;

/** The Uber delivery an outbox event's order belongs to; null for orders of other dialects. */
export async function uberEventSnapshot(repos: Repos, accountId: string, orderHandle: string, now: Date): Promise<UberEventSnapshot | null> {
  // Uber deliveries (and their return legs) are the handles Dropline gives them; anything else needs no lookup.
  if (!orderHandle.startsWith('del_') && !orderHandle.startsWith('ret_')) return null;
  const view = await readDeliveryView(repos, accountId, orderHandle, now);
  return view ? { view, customerId: view.delivery.organizationId } : null;
}

/** True when the delivery's state moved since the last event.delivery_status, which this records. */
export async function announceIfChanged(repos: Repos, accountId: string, orderHandle: string, now: Date): Promise<boolean> {
  const snap = await uberEventSnapshot(repos, accountId, orderHandle, now);
  return !!snap && (await repos.uber.announce(accountId, snap.view.delivery.deliveryId, announcedState(snap.view)));
}

/** A courier is assigned and the delivery is not finished: event.courier_update applies. */
export const hasActiveCourier = (v: DeliveryView) => !!v.courier && !isComplete(v.status) && v.status !== 'pending';
