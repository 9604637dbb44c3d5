import { TERMINAL_STATUSES, WITH_WORKER_STATUSES } from '../../core/order/statuses.ts';
import type { Order } from '../../core/order/types.ts';
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

const bySchedule = (a: Order, b: Order) =>
  time(a.scheduledAt) - time(b.scheduledAt) || a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * 1-based places of the route's stops in serving order: the stored stop sequence where the route
 * was planned; its stops that the sequence does not list follow, by scheduled_at.
 */
export async function routeSequence(repos: Repos, route: Route): Promise<Map<string, number>> {
  const listed = new Map(route.stopSequence.map((id, i) => [id, i]));
  const stops = (await repos.orders.listOnRoute(route.accountId, route.routeHandle)).sort(
    (a, b) => (listed.get(a.id) ?? Number.POSITIVE_INFINITY) - (listed.get(b.id) ?? Number.POSITIVE_INFINITY) || bySchedule(a, b),
  );
  return new Map(stops.map((o, i) => [o.id, i + 1]));
}

async function inServingOrder(repos: Repos, accountId: string, orders: Order[]): Promise<{ ordered: Order[]; sequence: Map<string, number> }> {
  const routes: { route: Route; places: Map<string, number>; stops: Order[] }[] = [];
  for (const handle of new Set(orders.flatMap((o) => (o.routeHandle ? [o.routeHandle] : [])))) {
    const route = await repos.routes.find(accountId, handle);
    if (!route) continue;
    const places = await routeSequence(repos, route);
    const stops = orders.filter((o) => o.routeHandle === handle && places.has(o.id)).sort((a, b) => places.get(a.id)! - places.get(b.id)!);
    if (stops.length > 0) routes.push({ route, places, stops });
  }
  // Routes in the order they started (or were given); ties by their first stop's schedule.
  const since = (r: Route) => time(r.startedAt ?? r.assignedAt ?? r.createdAt);
  routes.sort((a, b) => since(a.route) - since(b.route) || bySchedule(a.stops[0]!, b.stops[0]!));
  const sequence = new Map<string, number>();
  const ordered: Order[] = [];
  for (const { places, stops } of routes) {
    for (const o of stops) sequence.set(o.id, places.get(o.id)!);
    ordered.push(...stops);
  }
  const rest = orders.filter((o) => !sequence.has(o.id)).sort(bySchedule);
  return { ordered: [...ordered, ...rest], sequence };
}
