import { endedAt } from '../../core/order/measures.ts';
import type { Order } from '../../core/order/types.ts';
import type { Deps } from '../deps.ts';
import type { OrderView } from '../views.ts';
import { getOrderByShareCode } from './read-orders.ts';

export interface SharedOrder {
  view: OrderView;
  /** Only the first word of the worker's name reaches the public page. */
  driverFirstName: string | null;
  /** When the link stops working: `expiryHours` after completion or cancellation; null while open. */
  expiresAt: Date | null;
}

export const shareExpiry = (o: Order, expiryHours: number): Date | null => {
  const end = endedAt(o);
  return end ? new Date(end.getTime() + expiryHours * 3_600_000) : null;
};

/**
 * The order behind a share code, or null when the code is unknown or its link has expired.
 * `names` caches worker names for a long-lived stream, which re-reads the order on every change.
 */
export async function readSharedOrder(
  deps: Deps,
  shareCode: string,
  expiryHours: number,
  names: Map<string, string | null> = new Map(),
): Promise<SharedOrder | null> {
  const view = await getOrderByShareCode(deps, shareCode);
  if (!view) return null;
  const expiresAt = shareExpiry(view.order, expiryHours);
  if (expiresAt && expiresAt.getTime() <= deps.clock.now().getTime()) return null;
  const handle = view.order.workerHandle;
  let driverFirstName: string | null = null;
  if (handle) {
    if (!names.has(handle)) {
      const worker = await deps.store.repos.workers.find(view.order.accountId, handle);
      names.set(handle, worker?.name?.trim().split(/\s+/)[0] || null);
    }
    driverFirstName = names.get(handle) ?? null;
  }
  return { view, driverFirstName, expiresAt };
}
