import type { OrderKey } from '../../core/order/types.ts';
import type { Deps } from '../deps.ts';
import { orderNotFound } from '../orders/order-not-found.ts';
import { hypertrackDocument } from './formats/hypertrack.ts';

/** GET /orders/{order_handle}/webhooks: the order's events as HyperTrack documents, in order. */
export async function replayOrderWebhooks(deps: Deps, accountId: string, key: OrderKey, publicUrl: string): Promise<unknown[]> {
  const order = await deps.store.repos.orders.find(accountId, key);
  if (!order) throw orderNotFound(key);
  const events = await deps.store.repos.webhookOutbox.eventsOfOrder(order.id);
  return events.map((e) => hypertrackDocument(e, { publicUrl })).filter((d) => d !== null);
}
