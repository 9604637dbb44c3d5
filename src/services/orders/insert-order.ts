import { DomainError } from '../../core/errors.ts';
import { centroidOf } from '../../core/geo.ts';
import { type Change, createOrder } from '../../core/order/lifecycle.ts';
import { isUniqueViolation, type Repos } from '../../store/store.ts';
import type { Route } from '../../core/route.ts';
import type { Deps } from '../deps.ts';
import { duplicateRoute } from '../routes/new-route.ts';
import type { OrderDraft } from './order-draft.ts';
import { saveChange } from './save-change.ts';

const DUPLICATE_DETAIL = 'System already has an incompleted order with this handle. Please complete or cancel it first';

const duplicate = (orderHandle: string) =>
  new DomainError('duplicate_resource', DUPLICATE_DETAIL, { orderHandle, title: 'Duplicate order handle found' });

/**
 * The creation of a new order (not yet written): attempt 0, or the attempt after the last one
 * when every earlier record of the handle is finished. A second open order with the same handle
 * is duplicate_resource. Callers may add further steps (plan, assign, start) before inserting.
 */
export async function newOrderChange(
  deps: Deps,
  repos: Repos,
  accountId: string,
  draft: OrderDraft,
  now: Date,
): Promise<Change> {
  const latest = await repos.orders.find(accountId, {
    orderHandle: draft.orderHandle,
    type: draft.type,
    typeIndex: draft.typeIndex,
  });
  if (latest && !latest.rescheduledMarkedAt && latest.status !== 'completed' && latest.status !== 'cancelled') {
    throw duplicate(draft.orderHandle);
  }
  const [lng, lat] = centroidOf(draft.destination.geometry).coordinates;
  return createOrder(
    { ...draft, region: deps.regions.lookup(lng, lat) },
    {
      id: deps.ids.uuid(),
      accountId,
      shareCode: deps.ids.shareCode(),
      fulfillmentAttempt: latest ? latest.fulfillmentAttempt + 1 : 0,
    },
    now,
  );
}

/**
 * Inserts a new order with all its events in one statement; `newRoute`, when given, is inserted
 * by the same statement (the route the order is created on).
 */
export async function insertOrder(repos: Repos, change: Change, opts: { newRoute?: Route } = {}): Promise<void> {
  try {
    await saveChange(repos, change, { isNew: true, newRoute: opts.newRoute });
  } catch (e) {
    if (opts.newRoute && isUniqueViolation(e, 'routes_pkey')) throw duplicateRoute(opts.newRoute.routeHandle);
    // Two concurrent creates: the partial unique index decides, the loser gets the 409.
    if (isUniqueViolation(e)) throw duplicate(change.order.orderHandle);
    throw e;
  }
}

/**
 * Writes a creation decided outside any transaction: the new route with the first order and each
 * further order after it. One order (the common case) is a single statement and needs no
 * transaction; several go in one transaction, so a refused one leaves nothing behind.
 */
export async function insertOrders(deps: Deps, changes: Change[], route: Route | null): Promise<void> {
  if (changes.length <= 1) {
    if (changes[0]) await insertOrder(deps.store.repos, changes[0], { newRoute: route ?? undefined });
    else if (route) await deps.store.repos.routes.insert(route);
    return;
  }
  await deps.store.transaction(async (repos) => {
    for (const [i, change] of changes.entries()) {
      await insertOrder(repos, change, { newRoute: i === 0 ? (route ?? undefined) : undefined });
    }
  });
}

/** Both steps, for callers that create the order as it is. */
export async function insertNewOrder(deps: Deps, repos: Repos, accountId: string, draft: OrderDraft, now: Date) {
  const change = await newOrderChange(deps, repos, accountId, draft, now);
  await insertOrder(repos, change);
  return change;
}
