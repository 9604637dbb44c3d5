import type { Change } from '../../core/order/lifecycle.ts';
import type { Order } from '../../core/order/types.ts';
import { assertRouteOpen, type Route } from '../../core/route.ts';
import { sequenceStops } from '../../core/route-stops.ts';
import type { Repos } from '../../store/store.ts';
import type { Deps } from '../deps.ts';
import { saveChanges } from '../orders/save-change.ts';
import type { RouteView } from '../views.ts';
import { routeEvents } from '../webhooks/streams.ts';
import { loadRoute } from './load-route.ts';
import { refreshExpectedPaths } from './refresh-expected-paths.ts';
import { routeHome, routeView } from './route-view.ts';

export interface RouteEdit {
  /** The new stop sequence (order ids); omitted = unchanged. */
  stopSequence?: string[];
  metadata?: Record<string, unknown>;
  /** Order changes written with the route (orders joining or leaving it). */
  changes?: Change[];
}

export interface RouteEditContext {
  repos: Repos;
  route: Route;
  /** The route's orders in sequence, locked. */
  stops: Order[];
  now: Date;
}

/**
 * The frame of every route operation: one transaction that locks the route (refusing a stale
 * `version` and a completed route) and its orders, applies the edit, bumps the version, writes the
 * order changes in one statement and sends the route's `updated` webhook. Once it has committed,
 * an edit of the stops draws their expected paths again (refresh-expected-paths.ts).
 */
export async function mutateRoute(
  deps: Deps,
  accountId: string,
  routeHandle: string,
  version: number | undefined,
  edit: (ctx: RouteEditContext) => Promise<RouteEdit> | RouteEdit,
): Promise<RouteView> {
  const now = deps.clock.now();
  const done = await deps.store.transaction((repos) => editRoute(repos, accountId, routeHandle, version, edit, now));
  await afterEdit(deps, accountId, done);
  return done.view;
}

export interface EditedRoute {
  view: RouteView;
  /** Whether the stops changed (a metadata edit leaves them, so their paths, as they were). */
  restopped: boolean;
}

/** One route edit inside the caller's transaction (mutateRoute's body; a move edits two routes in one). */
export async function editRoute(
  repos: Repos,
  accountId: string,
  routeHandle: string,
  version: number | undefined,
  edit: (ctx: RouteEditContext) => Promise<RouteEdit> | RouteEdit,
  now: Date,
): Promise<EditedRoute> {
  const route = await loadRoute(repos, accountId, routeHandle, { forUpdate: true, version });
  assertRouteOpen(route);
  const stops = sequenceStops(await repos.orders.listOnRoute(accountId, routeHandle, { forUpdate: true }), route.stopSequence);
  const e = await edit({ repos, route, stops, now });
  const updated: Route = {
    ...route,
    stopSequence: e.stopSequence ?? route.stopSequence,
    metadata: e.metadata ?? route.metadata,
    version: route.version + 1,
    updatedAt: now,
  };
  await repos.routes.update(updated);
  if (e.changes?.length)
    await saveChanges(
      repos,
      e.changes.map((change) => ({ change })),
    );
  await repos.webhookOutbox.enqueue(routeEvents(updated, ['updated'], now));
  const view = routeView(updated, await repos.orders.listOnRoute(accountId, routeHandle), now, await routeHome(repos, updated));
  return { view, restopped: e.stopSequence !== undefined || (e.changes?.length ?? 0) > 0 };
}

/** After the commit, outside the transaction: an edit of the stops draws their expected paths again. */
export async function afterEdit(deps: Deps, accountId: string, done: EditedRoute): Promise<void> {
  if (done.restopped) await refreshExpectedPaths(deps, accountId, done.view.route.routeHandle, { route: done.view.route, orders: done.view.orders });
}
