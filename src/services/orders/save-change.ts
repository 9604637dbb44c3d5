import { isTerminal } from '../../core/order/statuses.ts';
import type { Change } from '../../core/order/lifecycle.ts';
import type { Order } from '../../core/order/types.ts';
import type { Route } from '../../core/route.ts';
import type { AlongsideRows, OrderChangeWrite, WrittenRows } from '../../store/repos/order-change.repo.ts';
import type { Repos } from '../../store/store.ts';
import { orderEvent } from '../live/live-events.ts';
import type { OrderView } from '../views.ts';
import { outboxEventsOf } from '../webhooks/outbox.ts';
import { newRouteValues, routeEvents } from '../webhooks/streams.ts';

/**
 * Persists an order change with its timeline events, its webhook outbox rows (plus webhook-only
 * `notifications` such as ETA and risk news) and its live notification; finishing a route's last
 * order ends the route. All of it is one statement (`OrderChangeRepo.write`): atomic on its own,
 * and inside a caller's transaction it commits or rolls back with the rest — a refused change
 * sends nothing. With `expectedVersion` nothing is written, and false returned, when the order
 * changed since it was read at that version.
 */
export async function saveChange(repos: Repos, change: Change, opts: SaveOptions = {}): Promise<boolean> {
  return repos.orderChanges.write(changeWrite(change, opts));
}

/**
 * Several changes of different orders as ONE statement: all written or, when any is refused
 * (a unique index, say), none. Returns, per change, whether it was written (its version check).
 */
export function saveChanges(repos: Repos, changes: { change: Change; opts?: SaveOptions }[], alongside?: AlongsideRows): Promise<boolean[]> {
  return repos.orderChanges.writeAll(
    changes.map(({ change, opts }) => changeWrite(change, opts ?? {})),
    alongside,
  );
}

/** `saveChanges`, also answering the alongside rows as the statement stored them (an upserted customer). */
export function saveChangesReturning(repos: Repos, changes: { change: Change; opts?: SaveOptions }[], alongside: AlongsideRows): Promise<WrittenRows> {
  return repos.orderChanges.writeAllReturning(
    changes.map(({ change, opts }) => changeWrite(change, opts ?? {})),
    alongside,
  );
}

export interface SaveOptions {
  isNew?: boolean;
  notifications?: Change['events'];
  expectedVersion?: string;
  /** The order as read at `expectedVersion`, so that only what changed is sent. */
  before?: Order;
  newRoute?: Route;
}

function changeWrite(change: Change, opts: SaveOptions): OrderChangeWrite {
  const o = change.order;
  const isNew = opts.isNew ?? false;
  const outgoing = opts.notifications?.length ? [...change.events, ...opts.notifications] : change.events;
  return {
    order: o,
    events: change.events,
    isNew,
    expectedVersion: opts.expectedVersion,
    before: opts.before,
    // A route created with its first order announces itself in the same statement (reference §8 route values).
    outbox: opts.newRoute
      ? [...routeEvents(opts.newRoute, newRouteValues(opts.newRoute), opts.newRoute.createdAt), ...outboxEventsOf({ order: o, events: outgoing })]
      : outboxEventsOf({ order: o, events: outgoing }),
    live: orderEvent(o),
    completeRoute: !isNew && !!o.routeHandle && isTerminal(o.status),
    newRoute: opts.newRoute,
  };
}

/** Reads an order back as stored, with its timeline, inside the same transaction. */
export async function viewOf(repos: Repos, order: Order): Promise<OrderView> {
  const found = await repos.orders.findWithTimeline(order.accountId, {
    orderHandle: order.orderHandle,
    type: order.type,
    typeIndex: order.typeIndex,
    fulfillmentAttempt: order.fulfillmentAttempt,
  });
  if (!found) throw new Error(`order ${order.id} vanished inside its own transaction`);
  return found;
}

/** The stored view after `change`, built without reading back: the old timeline plus the new events. */
export function viewAfter(before: OrderView, change: Change): OrderView {
  const timeline = [...before.timeline, ...change.events].sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
  return { order: change.order, timeline, polyline: before.polyline, ...(before.tasks ? { tasks: before.tasks } : {}) };
}
