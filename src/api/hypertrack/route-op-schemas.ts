import { z } from 'zod';
import { ORDER_TYPES } from '../../core/order/types.ts';
import type { StopKey } from '../../services/routes/stop-refs.ts';
import { int4 } from '../shared/storable.ts';

/** HyperTrack OrderHandleInput: an order of the route operations' bodies. */
export const OrderHandleInput = z.strictObject({
  order_handle: z.string().min(1).max(255),
  type: z.enum(ORDER_TYPES).nullish(),
  type_index: int4().min(0).nullish(),
});

const orders = z.array(OrderHandleInput).min(1).max(1000);

/** ResequenceOrdersInRouteRequest / RemoveOrderFromRouteRequest. */
export const OrdersBody = z.strictObject({ orders });

/** AddOrderToRouteRequest. */
export const AddOrdersBody = z.strictObject({ orders, resequence: z.boolean().nullish() });

/** PatchRouteRequest: the route's metadata. */
export const PatchRouteBody = z.strictObject({ metadata: z.record(z.string(), z.unknown()) });

export const stopKeys = (items: z.infer<typeof OrderHandleInput>[]): StopKey[] =>
  items.map((i) => ({ orderHandle: i.order_handle, type: i.type, typeIndex: i.type_index }));
