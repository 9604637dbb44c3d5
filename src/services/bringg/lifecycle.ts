import { DomainError } from '../../core/errors.ts';
import { cancelOrder, completeOrder, startOrder } from '../../core/order/lifecycle.ts';
import { isTerminal, isTracking, isWithWorker } from '../../core/order/statuses.ts';
import type { Order } from '../../core/order/types.ts';
import type { BringgTask } from '../../store/repos/bringg.repo.ts';
import { isDeadlock } from '../../store/store.ts';
import type { Deps } from '../deps.ts';
import { decideReassign } from '../orders/reassign-order.ts';
import { saveChange, saveChanges } from '../orders/save-change.ts';
import { startRoute } from '../routes/start-route.ts';
import { type DriverRef, resolveDriver } from './drivers.ts';
import { assertMutable, isTaskFinished, mutateTask, type TaskRef, type TaskView, viewOfSnapshot } from './task-records.ts';

/** Bringg's automatically_* codes for API calls (reference §7, seed 001). */
export const CANCELLED_BY_API = 4;
export const ENDED_BY_API = 11;

const openStops = (stops: Order[]) => stops.filter((o) => !isTerminal(o.status));

export interface CancelReason {
  reasonId: number | null;
  reason: string | null;
}

/** What cancel_task adds to the task's details: the reason record, when one was sent. */
function cancellationDetails(reason: CancelReason): Record<string, unknown> {
  return reason.reasonId !== null || reason.reason !== null
    ? { task_cancellation_reason: { reason_to_cancel_task_id: reason.reasonId, other_text: reason.reason?.slice(0, 255) ?? null } }
    : {};
}

/** The task row once cancelled: automatically_cancelled = 4 ("Cancel Order API request") and the reason record. */
function cancelledTask(task: BringgTask, reason: CancelReason, now: Date): BringgTask {
  return { ...task, automaticallyCancelled: CANCELLED_BY_API, details: { ...task.details, ...cancellationDetails(reason) }, updatedAt: now };
}

/** Conflicting concurrent writers tolerated before the locking transaction decides (as the native changeOrder). */
const OPTIMISTIC_ATTEMPTS = 3;

/**
 * cancel_task: every open stop is cancelled. Like the native cancel, it reads the task and its
 * stops (with their row versions), lets the core decide, and writes every stop's change and the
 * task row in ONE statement, no transaction, each stop only if it is still the version read.
 * Anything unusual — a task not yet known to Bringg, ids that disagree, conflicts that keep
 * coming — goes to the locking transaction, which gives the same answers.
 */
export async function cancelTask(deps: Deps, accountId: string, merchantId: number, ref: TaskRef, reason: CancelReason): Promise<TaskView> {
  let partly = false;
  for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
    const outcome = await cancelAtOnce(deps, accountId, merchantId, ref, reason, partly);
    if (outcome === 'slow') break;
    if (outcome === 'partly') partly = true;
    else if (outcome !== 'conflict') return outcome;
  }
  return mutateTask(deps, accountId, merchantId, ref, 'cancel', async (view, now, repos) => {
    for (const stop of openStops(view.stops)) await saveChange(repos, cancelOrder(stop, now));
    return cancelledTask(view.task, reason, now);
  });
}

/**
 * One optimistic try. A concurrent change of one stop can make the statement write the other
 * stops only ('partly'): the next try cancels what is still open, and a task that is finished by
 * then (the other change finished the rest) is this cancel's success, not "a done order".
 */
async function cancelAtOnce(
  deps: Deps,
  accountId: string,
  merchantId: number,
  ref: TaskRef,
  reason: CancelReason,
  partly: boolean,
): Promise<TaskView | 'slow' | 'conflict' | 'partly'> {
  const repos = deps.store.repos;
  const now = deps.clock.now();
  const by = ref.id != null ? { taskId: ref.id } : ref.externalId != null ? { externalId: ref.externalId } : null;
  const snapshot = by && (await repos.bringg.findTaskSnapshot(accountId, by));
  if (!snapshot || (ref.id != null && ref.externalId != null && ref.externalId !== snapshot.task.externalId)) return 'slow';
  const view = viewOfSnapshot(merchantId, snapshot);
  if (!view) return 'slow';
  if (partly && isTaskFinished(view)) return view;
  assertMutable(view, 'cancel');
  const version = new Map(snapshot.records.map((r) => [r.order.id, r.version]));
  const open = openStops(view.stops);
  const changes = open.map((stop) => cancelOrder(stop, now));
  const updated = cancelledTask(view.task, reason, now);
  let written: boolean[];
  try {
    written = await saveChanges(
      repos,
      changes.map((change, i) => ({ change, opts: { expectedVersion: version.get(open[i]!.id)!, before: open[i]! } })),
      {
        bringgTaskPatches: [
          { taskId: snapshot.task.taskId, accountId, automaticallyCancelled: CANCELLED_BY_API, details: cancellationDetails(reason), updatedAt: now },
        ],
      },
    );
  } catch (e) {
    // Chosen to break a lock cycle (a writer outside Bringg's lock order): nothing was written, try again.
    if (isDeadlock(e)) return 'conflict';
    throw e;
  }
  if (written.every(Boolean)) {
    const after = new Map(changes.map((c) => [c.order.id, c.order]));
    return { ...view, task: updated, stops: view.stops.map((o) => after.get(o.id) ?? o) };
  }
  return written.some(Boolean) ? 'partly' : 'conflict';
}

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

const notStartable = () => new DomainError('invalid_transition', "Can't start an order that is not assigned to a driver", { refusal: 'not_assigned' });

/**
 * start_task: every open stop starts (the driver is on the way to the first way point), and the
 * driver's route starts tracking, as the native /orders/track does.
 */
export const startTask = (deps: Deps, accountId: string, merchantId: number, ref: TaskRef) =>
  mutateTask(deps, accountId, merchantId, ref, 'update', async (view, now, repos) => {
    const open = openStops(view.stops);
    if (open.some((o) => !isWithWorker(o.status))) throw notStartable();
    for (const stop of open) {
      if (isTracking(stop.status)) continue;
      await saveChange(repos, startOrder(stop, now));
      await startRoute(repos, stop, now);
    }
  });
