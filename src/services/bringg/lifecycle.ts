import { DomainError } from '../../core/errors.ts';
import { cancelOrder, completeOrder, startOrder } from '../../core/order/lifecycle.ts';
import { isTerminal } from '../../core/order/statuses.ts';
import type { Order } from '../../core/order/types.ts';
import type { Repos } from '../../store/store.ts';
import type { Deps } from '../deps.ts';
import { decideReassign } from '../orders/reassign-order.ts';
import { saveChange } from '../orders/save-change.ts';
import { type DriverRef, resolveDriver } from './drivers.ts';
import { mutateTask, type TaskRef } from './task-records.ts';

/** Bringg's automatically_* codes for API calls (reference §7, seed 001). */
export const CANCELLED_BY_API = 4;
export const ENDED_BY_API = 11;

const openStops = (stops: Order[]) => stops.filter((o) => !isTerminal(o.status));

export interface CancelReason {
  reasonId: number | null;
  reason: string | null;
}

/** cancel_task: every open stop is cancelled; automatically_cancelled = 4 ("Cancel Order API request"). */
export const cancelTask = (deps: Deps, accountId: string, merchantId: number, ref: TaskRef, reason: CancelReason) =>
  mutateTask(deps, accountId, merchantId, ref, 'cancel', async (view, now, repos) => {
    for (const stop of openStops(view.stops)) await saveChange(repos, cancelOrder(stop, now));
    const cancellation =
      reason.reasonId !== null || reason.reason !== null
        ? { reason_to_cancel_task_id: reason.reasonId, other_text: reason.reason?.slice(0, 255) ?? null }
        : null;
    return {
      ...view.task,
      automaticallyCancelled: CANCELLED_BY_API,
      details: cancellation ? { ...view.task.details, task_cancellation_reason: cancellation } : view.task.details,
    };
  });

/** end_task: every open stop completes; automatically_ended = 11 ("via API"). */
export const endTask = (deps: Deps, accountId: string, merchantId: number, ref: TaskRef) =>
  mutateTask(deps, accountId, merchantId, ref, 'update', async (view, now, repos) => {
    for (const stop of openStops(view.stops)) await saveChange(repos, completeOrder(stop, now));
    return { ...view.task, automaticallyEnded: ENDED_BY_API };
  });

/** assign_task: the open stops go to the driver, on the driver's next route (native reassignment rules). */
export const assignTask = (deps: Deps, accountId: string, merchantId: number, ref: TaskRef, driver: DriverRef) =>
  mutateTask(deps, accountId, merchantId, ref, 'update', async (view, now, repos) => {
    const workerHandle = await resolveDriver(repos, accountId, driver);
    for (const stop of openStops(view.stops)) await saveChange(repos, await decideReassign(deps, repos, accountId, stop, workerHandle, now));
  });

const notStartable = () => new DomainError('invalid_transition', "Can't start an order that is not assigned to a driver", { bringg: 'not_assigned' });

/**
 * start_task: every open stop starts (the driver is on the way to the first way point), and the
 * driver's route starts tracking, as the native /orders/track does.
 */
export const startTask = (deps: Deps, accountId: string, merchantId: number, ref: TaskRef) =>
  mutateTask(deps, accountId, merchantId, ref, 'update', async (view, now, repos) => {
    const open = openStops(view.stops);
    if (open.some((o) => o.status !== 'assigned' && o.status !== 'dispatched' && o.status !== 'ongoing')) throw notStartable();
    for (const stop of open) {
      if (stop.status === 'ongoing') continue;
      await saveChange(repos, startOrder(stop, now));
      await startRoute(repos, stop, now);
    }
  });

async function startRoute(repos: Repos, stop: Order, now: Date): Promise<void> {
  if (!stop.routeHandle) return;
  const route = await repos.routes.find(stop.accountId, stop.routeHandle, { forUpdate: true });
  if (!route || route.status === 'tracking' || route.status === 'completed') return;
  await repos.routes.update({ ...route, status: 'tracking', startedAt: now, updatedAt: now, version: route.version + 1 });
}
