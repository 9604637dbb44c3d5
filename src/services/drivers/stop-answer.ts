import type { Order } from '../../core/order/types.ts';
import type { Repos } from '../../store/store.ts';
import type { Deps } from '../deps.ts';
import { routeSequence } from './list-stops.ts';
import { loadStopData } from './stop-data.ts';
import { type StopJson, stopJson } from './stop-json.ts';

/** One stop as the driver API answers it, read inside the caller's transaction. */
export async function stopAnswer(deps: Deps, repos: Repos, order: Order): Promise<StopJson> {
  const route = order.routeHandle ? await repos.routes.find(order.accountId, order.routeHandle) : null;
  const sequence = route ? await routeSequence(repos, route) : new Map<string, number>();
  const [data] = await loadStopData(deps, repos, order.accountId, [order], sequence);
  return stopJson(data!);
}
