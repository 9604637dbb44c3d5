import { DomainError } from '../../core/errors.ts';
import type { Order } from '../../core/order/types.ts';
import { isStartedStop, splitStops, storedSequence } from '../../core/route-stops.ts';
import type { Deps } from '../deps.ts';
import type { RouteView } from '../views.ts';
import { mutateRoute } from './mutate-route.ts';
import { invalidStops, type StopKey, stopOf } from './stop-refs.ts';

/**
 * POST /orders/routes/{h}/resequence: the caller's order of the open stops. The body lists every
 * open stop once (served and ongoing stops may lead it, in their current order, or be left out);
 * a started stop anywhere else is refused with 409, a list that is not a permutation of the open
 * stops with 422.
 */
export const resequenceRoute = (deps: Deps, accountId: string, routeHandle: string, keys: StopKey[], version?: number): Promise<RouteView> =>
  mutateRoute(deps, accountId, routeHandle, version, ({ stops }) => {
    const parts = splitStops(stops);
    const named = keys.map((k) => stopOf(stops, k));
    const served = [...parts.completed, ...parts.ongoing];
    let lead = 0;
    while (lead < named.length && lead < served.length && named[lead]!.id === served[lead]!.id) lead++;
    const rest = named.slice(lead);
    const moved = rest.find(isStartedStop);
    if (moved) throw startedStop(moved);
    const seen = new Set<string>();
    for (const o of rest) {
      if (seen.has(o.id)) throw invalidStops(`Order ${o.orderHandle} is listed twice`);
      if (!parts.open.some((x) => x.id === o.id)) throw invalidStops(`Order ${o.orderHandle} is ${o.status}: only open stops can be sequenced`);
      seen.add(o.id);
    }
    const missing = parts.open.filter((o) => !seen.has(o.id));
    if (missing.length > 0)
      throw invalidStops(`The new sequence leaves out ${missing.map((o) => o.orderHandle).join(', ')}: list every open stop of the route`);
    return { stopSequence: storedSequence(parts, rest) };
  });

/** HyperTrack's conflict for an order whose state forbids the change (the Error body, 409). */
export const startedStop = (o: Order) =>
  new DomainError('invalid_transition', `Order ${o.orderHandle} is ${o.status}: a started stop keeps its place`, { status: o.status });
