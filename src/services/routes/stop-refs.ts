import { DomainError } from '../../core/errors.ts';
import type { Order, OrderType } from '../../core/order/types.ts';

/** A stop as the route operations' bodies name it (HyperTrack OrderHandleInput). */
export interface StopKey {
  orderHandle: string;
  type?: OrderType | null;
  typeIndex?: number | null;
}

export const invalidStops = (reason: string) => new DomainError('invalid_request', reason, { location: 'json', field: 'orders', reason });

export const matchesKey = (o: Order, k: StopKey): boolean =>
  o.orderHandle === k.orderHandle && (k.type == null || o.type === k.type) && (k.typeIndex == null || o.typeIndex === k.typeIndex);

const describe = (k: StopKey) => [k.orderHandle, k.type, k.typeIndex].filter((x) => x != null).join('/');

/** Every stop of the route a key names (a handle alone names its pick and its drop). */
export function stopsOf(stops: readonly Order[], k: StopKey): Order[] {
  const found = stops.filter((o) => matchesKey(o, k));
  if (found.length === 0) throw invalidStops(`Order ${describe(k)} is not on this route`);
  return found;
}

/** The one stop a key names; a handle that names several stops needs its type and type_index. */
export function stopOf(stops: readonly Order[], k: StopKey): Order {
  const found = stopsOf(stops, k);
  if (found.length > 1) throw invalidStops(`Order ${describe(k)} names ${found.length} stops on this route: give type and type_index`);
  return found[0]!;
}
