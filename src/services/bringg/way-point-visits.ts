import { DomainError } from '../../core/errors.ts';
import { completeOrder } from '../../core/order/lifecycle.ts';
import { isTerminal, isTracking } from '../../core/order/statuses.ts';
import type { BringgWayPoint } from '../../store/repos/bringg.repo.ts';
import type { Repos } from '../../store/store.ts';
import type { Deps } from '../deps.ts';
import { saveChange } from '../orders/save-change.ts';
import { ENDED_BY_API } from './lifecycle.ts';
import { assertMutable, loadView, lockTaskView, type TaskRef, type TaskView } from './task-records.ts';

export interface Visit {
  lat: number | null;
  lng: number | null;
  /** Bringg: time_at defaults to now and may be in the past (reference §6). */
  timeAt: Date | null;
  /** Geofence check-ins/outs are code 1; API calls leave the code unset. */
  automatic?: number | null;
}

/** The way point the driver is working on: the first one whose stop is not finished. */
export const activeWayPointIndex = (v: TaskView): number => v.stops.findIndex((o) => !isTerminal(o.status));

function activeOngoing(v: TaskView, what: 'check in' | 'check out'): number {
  const i = activeWayPointIndex(v);
  if (i < 0 || !isTracking(v.stops[i]!.status)) {
    throw new DomainError('invalid_transition', `Can't ${what}: the order is not on the way`, { refusal: 'not_started' });
  }
  return i;
}

/** checkin: the driver is at the active way point (Bringg status 3). The core stop stays ongoing. */
export async function checkin(deps: Deps, accountId: string, merchantId: number, ref: TaskRef, visit: Visit): Promise<TaskView> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const view = await lockTaskView(deps, repos, accountId, merchantId, ref, now);
    assertMutable(view, 'update');
    const wp = view.wayPoints[activeOngoing(view, 'check in')]!;
    await repos.bringg.updateWayPoint({
      ...wp,
      checkinTime: visit.timeAt ?? now,
      checkinLat: visit.lat,
      checkinLng: visit.lng,
      automaticallyCheckedIn: visit.automatic ?? null,
    });
    await repos.bringg.updateTask({ ...view.task, updatedAt: now });
    return loadView(repos, merchantId, { ...view.task, updatedAt: now });
  });
}

/**
 * checkout: the active way point's stop completes; checking out of the last one completes the
 * task (Bringg reference §6), recorded as ended "via API" (11) or by geofence (1).
 */
export async function checkout(deps: Deps, accountId: string, merchantId: number, ref: TaskRef, visit: Visit): Promise<TaskView> {
  const now = deps.clock.now();
  return deps.store.transaction((repos) => checkoutWith(deps, repos, accountId, merchantId, ref, visit, now));
}

async function checkoutWith(deps: Deps, repos: Repos, accountId: string, merchantId: number, ref: TaskRef, visit: Visit, now: Date): Promise<TaskView> {
  const view = await lockTaskView(deps, repos, accountId, merchantId, ref, now);
  assertMutable(view, 'update');
  const i = activeOngoing(view, 'check out');
  const at = visit.timeAt ?? now;
  const wp: BringgWayPoint = view.wayPoints[i]!;
  await repos.bringg.updateWayPoint({
    ...wp,
    checkoutTime: at,
    checkoutLat: visit.lat,
    checkoutLng: visit.lng,
    automaticallyCheckedOut: visit.automatic ?? null,
  });
  await saveChange(repos, completeOrder(view.stops[i]!, now));
  const last = i === view.stops.length - 1;
  const task = { ...view.task, updatedAt: now, ...(last ? { automaticallyEnded: visit.automatic ?? ENDED_BY_API } : {}) };
  await repos.bringg.updateTask(task);
  return loadView(repos, merchantId, task);
}

/**
 * mass_checkout: checks every listed task out of its active way point, all or nothing. Bringg runs
 * it asynchronously and answers a request_id (reference §6); Dropline finishes before answering.
 */
export async function massCheckout(
  deps: Deps,
  accountId: string,
  merchantId: number,
  items: { ref: TaskRef; visit: Visit }[],
): Promise<{ requestId: string; tasks: TaskView[] }> {
  const now = deps.clock.now();
  // One transaction for the batch: a failure leaves no task half checked out.
  const tasks = await deps.store.transaction(async (repos) => {
    const done: TaskView[] = [];
    for (const item of items) done.push(await checkoutWith(deps, repos, accountId, merchantId, item.ref, item.visit, now));
    return done;
  });
  return { requestId: deps.ids.uuid(), tasks };
}
