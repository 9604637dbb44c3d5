import { isOpen } from '../../core/order/statuses.ts';
import { DomainError } from '../../core/errors.ts';
import { centroidOf } from '../../core/geo.ts';
import { type Change, createOrder } from '../../core/order/lifecycle.ts';
import { isUniqueViolation, type Repos } from '../../store/store.ts';
import type { Route } from '../../core/route.ts';
import type { Deps } from '../deps.ts';
import { duplicateRoute } from '../routes/new-route.ts';
import type { OrderDraft } from './order-draft.ts';
import { newRouteValues, routeEvents } from '../webhooks/streams.ts';
import { saveChange, saveChanges } from './save-change.ts';

const DUPLICATE_DETAIL = 'System already has an incompleted order with this handle. Please complete or cancel it first';

const duplicate = (orderHandle: string) => new DomainError('duplicate_resource', DUPLICATE_DETAIL, { orderHandle, title: 'Duplicate order handle found' });

/**
 * The creation of a new order (not yet written): attempt 0, or the attempt after the last one
 * when every earlier record of the handle is finished. A second open order with the same handle
 * is duplicate_resource. Callers may add further steps (plan, assign, start) before inserting.
 * `assumeFirst` skips the read and takes attempt 0; see `insertOrders` for how that is settled.
 */
export async function newOrderChange(
  deps: Deps,
  repos: Repos,
  accountId: string,
  draft: OrderDraft,
  now: Date,
  opts: { assumeFirst?: boolean } = {},
): Promise<Change> {
  const latest = opts.assumeFirst ? null : await repos.orders.find(accountId, { orderHandle: draft.orderHandle, type: draft.type, typeIndex: draft.typeIndex });
  if (latest && !latest.rescheduledMarkedAt && isOpen(latest.status)) {
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
    throw creationError(e, change, opts.newRoute);
  }
}

function creationError(e: unknown, change: Change, newRoute: Route | undefined): unknown {
  if (newRoute && isUniqueViolation(e, 'routes_pkey')) return duplicateRoute(newRoute.routeHandle);
  // Two concurrent creates: the partial unique index decides, the loser gets the 409.
  if (isUniqueViolation(e)) return duplicate(change.order.orderHandle);
  return e;
}

/**
 * Writes a creation decided outside any transaction: the new route with the first order and each
 * further order after it. One order (the common case) is a single statement and needs no
 * transaction; several go in one transaction, so a refused one leaves nothing behind.
 *
 * `decide(assumeFirst)` builds the changes. It is first asked to assume every handle is new
 * (attempt 0, no read): most are, and then the whole creation is this one write. When a handle
 * already has a record, attempt 0 meets the `orders_attempt` unique index, nothing is written,
 * and the creation is decided again on reads of each handle's latest record — which also finds
 * the open order that makes it a duplicate.
 */
export async function insertOrders(deps: Deps, decide: (assumeFirst: boolean) => Promise<Change[]>, route: Route | null): Promise<Change[]> {
  const first = await decide(true);
  try {
    await writeNewOrders(deps, first, route);
    return first;
  } catch (e) {
    if (!(e instanceof FailedCreation)) throw e;
    if (!isUniqueViolation(e.cause, 'orders_attempt')) throw creationError(e.cause, e.change, route ?? undefined);
  }
  const changes = await decide(false);
  try {
    await writeNewOrders(deps, changes, route);
    return changes;
  } catch (e) {
    throw e instanceof FailedCreation ? creationError(e.cause, e.change, route ?? undefined) : e;
  }
}

/** A write of one new order that failed, with the change it was writing (for the 409's handle). */
class FailedCreation extends Error {
  constructor(
    override readonly cause: unknown,
    readonly change: Change,
  ) {
    super('order creation failed', { cause });
  }
}

async function writeNewOrders(deps: Deps, changes: Change[], route: Route | null): Promise<void> {
  const write = async (repos: Repos, change: Change, i: number) => {
    try {
      await saveChange(repos, change, { isNew: true, newRoute: i === 0 ? (route ?? undefined) : undefined });
    } catch (e) {
      throw new FailedCreation(e, change);
    }
  };
  if (changes.length <= 1) {
    if (changes[0]) await write(deps.store.repos, changes[0], 0);
    else if (route) {
      await deps.store.transaction(async (repos) => {
        await repos.routes.insert(route);
        await repos.webhookOutbox.enqueue(routeEvents(route, newRouteValues(route), route.createdAt));
      });
    }
    return;
  }
  try {
    // All of them in one statement: atomic on its own, no transaction needed.
    await saveChanges(
      deps.store.repos,
      changes.map((change, i) => ({ change, opts: { isNew: true, newRoute: i === 0 ? (route ?? undefined) : undefined } })),
    );
    return;
  } catch {
    // Nothing was written. One by one in a transaction, to learn which creation was refused.
  }
  await deps.store.transaction(async (repos) => {
    for (const [i, change] of changes.entries()) await write(repos, change, i);
  });
}

/** Both steps, for callers that create the order as it is. */
export async function insertNewOrder(deps: Deps, repos: Repos, accountId: string, draft: OrderDraft, now: Date) {
  const change = await newOrderChange(deps, repos, accountId, draft, now);
  await insertOrder(repos, change);
  return change;
}
