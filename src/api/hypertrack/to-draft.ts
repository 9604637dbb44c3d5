import type { TrackMode } from '../../core/order/types.ts';
import type { OrderDraft } from '../../services/orders/order-draft.ts';
import type { PlacedDestination } from './place-destinations.ts';
import type { OrderItem } from './schemas.ts';

const date = (s: string | null | undefined) => (s ? new Date(s) : null);

/** A request's order item as the core's draft, with HyperTrack's defaults filled in. */
export function toDraft(
  item: Pick<Partial<OrderItem>, Exclude<keyof OrderItem, 'destination'>> & { order_handle: string; destination: PlacedDestination },
  extra: { opsGroupHandle?: string | null; trackMode?: TrackMode | null; planMode?: OrderDraft['planMode'] },
): OrderDraft {
  const d = item.destination;
  return {
    orderHandle: item.order_handle,
    // HyperTrack: type defaults to drop; radius to 100 m ("typically between 25m and 200m").
    type: item.type ?? 'drop',
    typeIndex: item.type_index ?? 0,
    destination: {
      geometry: { type: d.geometry.type, coordinates: d.geometry.coordinates } as OrderDraft['destination']['geometry'],
      ...(d.address ? { address: d.address } : {}),
      ...(d.geometry.type === 'Point' ? { radius: d.radius ?? 100 } : {}),
    },
    scheduledAt: date(item.scheduled_at),
    scheduledAfter: date(item.scheduled_after),
    expectedServiceTime: item.expected_service_time ?? 0,
    capacityUsed: item.capacity_used ?? 1,
    priority: item.priority ?? null,
    productType: item.product_type ?? null,
    metadata: item.metadata ?? {},
    opsGroupHandle: extra.opsGroupHandle ?? null,
    trackMode: extra.trackMode ?? null,
    planMode: extra.planMode ?? 'manual',
  };
}

export const toKey = (orderHandle: string, q: { type?: 'pick' | 'drop'; type_index?: number; fulfillment_attempt?: number }) => ({
  orderHandle,
  type: q.type,
  typeIndex: q.type_index,
  fulfillmentAttempt: q.fulfillment_attempt,
});
