import { TERMINAL_STATUSES, WITH_WORKER_STATUSES } from '../../core/order/statuses.ts';
import type { Order } from '../../core/order/types.ts';
import { sequenceStops } from '../../core/route-stops.ts';
import type { Route } from '../../core/route.ts';
import { localDay } from '../../core/worker-shift.ts';
import type { Worker } from '../../core/worker.ts';
import type { Repos } from '../../store/store.ts';
import type { Deps } from '../deps.ts';
import { type DriverStopData, loadStopData } from './stop-data.ts';

/** More stops than a day holds; the list is one page. */
const MAX_STOPS = 500;

const time = (d: Date | null) => d?.getTime() ?? Number.POSITIVE_INFINITY;

/**
 * The worker's open stops and those finished today (local midnight in the worker's zone): route
 * stops first, by route start and the route's stop sequence; then the rest by scheduled_at (none
 * last), then creation.
 */
export async function listStops(deps: Deps, worker: Worker): Promise<DriverStopData[]> {
  const repos = deps.store.repos;
  const { accountId, workerHandle } = worker;
  const since = localDay(worker.timezone, deps.clock.now()).start;
  const page = { limit: MAX_STOPS, direction: 'asc' as const };
  const [open, completed, cancelled] = await Promise.all([
    repos.orders.list(accountId, { workerHandle, statuses: [...WITH_WORKER_STATUSES] }, page),
    repos.orders.list(accountId, { workerHandle, statuses: [...TERMINAL_STATUSES], ranges: [{ column: 'completed_at', from: since }] }, page),
    repos.orders.list(accountId, { workerHandle, statuses: [...TERMINAL_STATUSES], ranges: [{ column: 'cancelled_at', from: since }] }, page),
  ]);
  const byId = new Map<string, Order>();
  for (const o of [...open, ...completed, ...cancelled]) if (o.rescheduledMarkedAt === null) byId.set(o.id, o);
  const { ordered, sequence } = await inServingOrder(repos, accountId, [...byId.values()]);
  return loadStopData(deps, repos, accountId, ordered, sequence);
}

/** 1-based places of the route's stops in serving order. */
export async function routeSequence(repos: Repos, route: Route): Promise<Map<string, number>> {
  const stops = sequenceStops(await repos.orders.listOnRoute(route.accountId, route.routeHandle), route.stopSequence);
  return new Map(stops.map((o, i) => [o.id, i + 1]));
}

async function inServingOrder(repos: Repos, accountId: string, orders: Order[]): Promise<{ ordered: Order[]; sequence: Map<string, number> }> {
  const routes: Route[] = [];
  for (const handle of new Set(orders.flatMap((o) => (o.routeHandle ? [o.routeHandle] : [])))) {
    const r = await repos.routes.find(accountId, handle);
    if (r) routes.push(r);
  }
  routes.sort((a, b) => time(a.startedAt ?? a.assignedAt ?? a.createdAt) - time(b.startedAt ?? b.assignedAt ?? b.createdAt));
  const sequence = new Map<string, number>();
  const ordered: Order[] = [];
  for (const r of routes) {
    const places = await routeSequence(repos, r);
    const stops = orders.filter((o) => o.routeHandle === r.routeHandle && places.has(o.id)).sort((a, b) => places.get(a.id)! - places.get(b.id)!);
    for (const o of stops) sequence.set(o.id, places.get(o.id)!);
    ordered.push(...stops);
  }
  const rest = orders
    .filter((o) => !sequence.has(o.id))
    .sort((a, b) => time(a.scheduledAt) - time(b.scheduledAt) || a.createdAt.getTime() - b.createdAt.getTime());
  return { ordered: [...ordered, ...rest], sequence };
}
