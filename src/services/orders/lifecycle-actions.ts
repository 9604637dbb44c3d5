import { cancelOrder, completeOrder, disableOrder, enableOrder } from '../../core/order/lifecycle.ts';
import type { CancelOrigin, OrderKey } from '../../core/order/types.ts';
import type { Deps } from '../deps.ts';
import { changeOrder } from './change-order.ts';

type Metadata = Record<string, unknown> | undefined;

/**
 * Cancel: the optional body `metadata` is merged into the order's metadata (HyperTrack skills docs).
 * A dialect may answer a stop's cancel its own way first (Uber: the courier failing the dropoff).
 */
export async function cancel(deps: Deps, accountId: string, key: OrderKey, metadata?: Metadata, by: CancelOrigin = 'request') {
  for (const d of deps.dialects) {
    const answered = await d.cancelStop?.(deps, accountId, key, metadata);
    if (answered) return answered;
  }
  return changeOrder(deps, accountId, key, (o, now) => cancelOrder(o, now, metadata, by));
}

export const complete = (deps: Deps, accountId: string, key: OrderKey, metadata?: Metadata) =>
  changeOrder(deps, accountId, key, (o, now) => completeOrder(o, now, metadata));

export const disable = (deps: Deps, accountId: string, key: OrderKey) => changeOrder(deps, accountId, key, (o, now) => disableOrder(o, now));

export const enable = (deps: Deps, accountId: string, key: OrderKey) => changeOrder(deps, accountId, key, (o, now) => enableOrder(o, now));
