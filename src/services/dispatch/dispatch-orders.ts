import { allUnplanned, type Fit, failureReason } from '../../core/dispatch.ts';
import { assignOrder, type Change, planOrder } from '../../core/order/lifecycle.ts';
import type { Order, PlanningFailureReason } from '../../core/order/types.ts';
import type { Route } from '../../core/route.ts';
import { currentDevice, isAvailable } from '../../core/worker.ts';
import type { Repos } from '../../store/store.ts';
import type { Deps } from '../deps.ts';
import { refreshExpectedPaths } from '../routes/refresh-expected-paths.ts';
import { saveChanges } from '../orders/save-change.ts';
import { assignedRouteToCreate } from '../routes/new-route.ts';
import { routeEvents } from '../webhooks/streams.ts';
import { findCandidates } from './find-candidates.ts';

/**
 * A route changed between the unlocked read a choice was made on and the write: choose again on
 * fresh reads. Each retry follows another create's commit, so a handful suffices even under load.
 */
const MAX_ATTEMPTS = 10;

type Outcome = { kind: 'done'; orders: Order[] } | { kind: 'stale' };

const groupKey = (o: Order) => `${o.orderHandle}\u0000${o.fulfillmentAttempt}`;

/**
 * On-demand dispatch (docs/native-api.md): each handle's new records (a pick and its drop go
 * together) join the worker whose route they lengthen least, with the planner's incremental
 * insert, and are planned and assigned to it — or stay unplanned with a `planning_failure_reason`.
 * The choice is made on unlocked reads and the routing provider's matrices, outside any
 * transaction; the write locks the worker and its route and refuses a route whose version moved
 * since, so two concurrent creates never book the same place twice. Returns the records as stored.
 */
export async function dispatchOrders(deps: Deps, accountId: string, orders: readonly Order[]): Promise<Order[]> {
  const groups = new Map<string, Order[]>();
  for (const o of orders) groups.set(groupKey(o), [...(groups.get(groupKey(o)) ?? []), o]);
  const out = new Map<string, Order>();
  for (const group of groups.values()) for (const o of await dispatchGroup(deps, accountId, group)) out.set(o.id, o);
  return orders.map((o) => out.get(o.id) ?? o);
}

async function dispatchGroup(deps: Deps, accountId: string, group: Order[]): Promise<Order[]> {
  let reason: PlanningFailureReason = 'no_workers';
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const now = deps.clock.now();
    const { fits, excluded } = await findCandidates(deps, accountId, group, now);
    const best = fits[0];
    if (!best) {
      reason = failureReason(excluded);
      break;
    }
    const outcome = await assign(deps, accountId, group, best, now);
    if (outcome.kind === 'done') {
      // After the commit (a road router answers over the network): the route's new sequence is its stops' expected path.
      const routeHandle = outcome.orders.find((o) => o.routeHandle)?.routeHandle;
      if (routeHandle) await refreshExpectedPaths(deps, accountId, routeHandle);
      return outcome.orders;
    }
    // Overtaken on every attempt: the places this order could take kept being filled by others.
    reason = 'capacity';
  }
  return markUnplanned(deps, accountId, group, reason);
}

/** The records of the group as stored, locked, and whether every one is still waiting for a worker. */
async function lockGroup(repos: Repos, accountId: string, group: readonly Order[]): Promise<{ records: Order[]; waiting: boolean }> {
  const ids = new Set(group.map((o) => o.id));
  const records = (await repos.orders.listByHandle(accountId, group[0]!.orderHandle, { forUpdate: true })).filter((o) => ids.has(o.id));
  return { records, waiting: records.length === group.length && allUnplanned(records) };
}

function assign(deps: Deps, accountId: string, group: readonly Order[], fit: Fit, now: Date): Promise<Outcome> {
  return deps.store.transaction(async (repos): Promise<Outcome> => {
    // The worker's row first: work status changes take the same lock, so a worker made
    // unavailable meanwhile is seen here, and the creates that would open its first route queue.
    const worker = await repos.workers.find(accountId, fit.workerHandle, { forUpdate: true });
    if (!worker || !isAvailable(worker)) return { kind: 'stale' };
    const seen = fit.candidate.route;
    let route: Route | null = null;
    if (seen) {
      // The route's version: a create that chose on the same one and committed first has bumped it.
      route = await repos.routes.find(accountId, seen.routeHandle, { forUpdate: true });
      if (route?.version !== seen.version || route.status !== 'assigned' || route.workerHandle !== worker.workerHandle) return { kind: 'stale' };
    } else if (await repos.routes.findOpenForWorker(accountId, worker.workerHandle)) {
      return { kind: 'stale' };
    }
    const { records, waiting } = await lockGroup(repos, accountId, group);
    // Placed (or cancelled) by someone else meanwhile: nothing to do.
    if (!waiting) return { kind: 'done', orders: records };

    const placement: Route = route ?? (await assignedRouteToCreate(deps, repos, accountId, worker, records[0]!, now));
    const ref = { workerHandle: worker.workerHandle, deviceId: placement.deviceId ?? currentDevice(worker) };
    // Placed by the planner, then given to its worker: `order_planned` before `order_assigned`.
    const changes: Change[] = records.map((o) => {
      const planned = planOrder(o, placement, now);
      const assigned = assignOrder(planned.order, ref, placement, now);
      return { order: assigned.order, events: [...planned.events, ...assigned.events] };
    });
    if (route) {
      const updated: Route = { ...route, stopSequence: fit.stopSequence, version: route.version + 1, updatedAt: now };
      await repos.routes.update(updated);
      await saveChanges(
        repos,
        changes.map((change) => ({ change })),
      );
      await repos.webhookOutbox.enqueue(routeEvents(updated, ['updated'], now));
    } else {
      const created: Route = { ...placement, stopSequence: fit.stopSequence };
      await saveChanges(
        repos,
        changes.map((change, i) => ({ change, opts: i === 0 ? { newRoute: created } : {} })),
      );
    }
    return { kind: 'done', orders: changes.map((c) => c.order) };
  });
}

/** The records stay unplanned and carry the reason (no timeline event: HyperTrack documents none). */
async function markUnplanned(deps: Deps, accountId: string, group: readonly Order[], reason: PlanningFailureReason): Promise<Order[]> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const { records, waiting } = await lockGroup(repos, accountId, group);
    if (!waiting) return records;
    const changes: Change[] = records.map((o) => ({ order: { ...o, planningFailureReason: reason, updatedAt: now }, events: [] }));
    await saveChanges(
      repos,
      changes.map((change) => ({ change })),
    );
    return changes.map((c) => c.order);
  });
}
