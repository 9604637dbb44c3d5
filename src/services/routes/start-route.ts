import type { Order } from '../../core/order/types.ts';
import type { Repos } from '../../store/store.ts';
import { routeEvents } from '../webhooks/streams.ts';

/**
 * A started stop starts its route's tracking, as the native /orders/track does; the account's
 * HyperTrack endpoints hear of it like any route start (reference §8).
 */
export async function startRoute(repos: Repos, stop: Order, now: Date): Promise<void> {
  if (!stop.routeHandle) return;
  const route = await repos.routes.find(stop.accountId, stop.routeHandle, { forUpdate: true });
  if (!route || route.status === 'tracking' || route.status === 'completed') return;
  const tracking = { ...route, status: 'tracking' as const, startedAt: now, updatedAt: now, version: route.version + 1 };
  await repos.routes.update(tracking);
  await repos.webhookOutbox.enqueue(routeEvents(tracking, ['started'], now));
}
