import { DomainError } from '../../core/errors.ts';
import type { Deps } from '../deps.ts';
import type { RouteView } from '../views.ts';
import { addEdit } from './add-to-route.ts';
import { loadRoute } from './load-route.ts';
import { afterEdit, editRoute } from './mutate-route.ts';
import { removeEdit } from './remove-from-route.ts';
import type { StopKey } from './stop-refs.ts';

/**
 * Moves an order from one route to another in ONE transaction: it leaves the first (as
 * POST /orders/routes/{h}/remove) and joins the second at its cheapest place (as …/add), so a
 * refusal of either leaves both routes as they were. Both routes are locked first, in handle
 * order, so two opposite moves wait for each other instead of deadlocking.
 */
export async function moveBetweenRoutes(deps: Deps, accountId: string, from: string, to: string, key: StopKey): Promise<{ from: RouteView; to: RouteView }> {
  const now = deps.clock.now();
  const done = await deps.store.transaction(async (repos) => {
    // An unknown (or another account's) route is a 404 before anything else is said about it.
    for (const h of [...new Set([from, to])].sort()) await loadRoute(repos, accountId, h, { forUpdate: true });
    if (from === to) throw new DomainError('invalid_request', 'The order is already on this route', { field: 'to_route_handle' });
    const left = await editRoute(repos, accountId, from, undefined, removeEdit([key]), now);
    const joined = await editRoute(repos, accountId, to, undefined, addEdit(accountId, { orders: [key], resequence: true }), now);
    return { left, joined };
  });
  await afterEdit(deps, accountId, done.left);
  await afterEdit(deps, accountId, done.joined);
  return { from: done.left.view, to: done.joined.view };
}
