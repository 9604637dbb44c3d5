import { cancelOrder, completeOrder, disableOrder, enableOrder } from '../../core/order/lifecycle.ts';
import type { CancelOrigin, OrderKey } from '../../core/order/types.ts';
import type { Deps } from '../deps.ts';
import { failUberDropoff } from '../uber/fail-dropoff.ts';
import { changeOrder } from './change-order.ts';

type Metadata = Record<string, unknown> | undefined;

/**
 * Cancel: the optional body `metadata` is merged into the order's metadata (HyperTrack skills docs).
 * The drop stop of an Uber delivery whose items were picked up is the courier failing the dropoff
 * (services/uber/fail-dropoff.ts); only `del_` handles are Uber deliveries, so no other cancel reads more.
 */
export const cancel = async (deps: Deps, accountId: string, key: OrderKey, metadata?: Metadata, by: CancelOrigin = 'request') =>
  (key.type === 'drop' && key.orderHandle.startsWith('del_') && (await failUberDropoff(deps, accountId, key, metadata))) ||
  changeOrder(deps, accountId, key, (o, now) => cancelOrder(o, now, metadata, by));

export const complete = (deps: Deps, accountId: string, key: OrderKey, metadata?: Metadata) =>
  changeOrder(deps, accountId, key, (o, now) => completeOrder(o, now, metadata));

export const disable = (deps: Deps, accountId: string, key: OrderKey) => changeOrder(deps, accountId, key, (o, now) => disableOrder(o, now));

export const enable = (deps: Deps, accountId: string, key: OrderKey) => changeOrder(deps, accountId, key, (o, now) => enableOrder(o, now));
