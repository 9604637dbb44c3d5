import { DomainError } from '../../core/errors.ts';
import { isLocked, type LockedAction } from '../../core/order/lock.ts';
import { currentStops } from '../../core/order/current-stops.ts';
import { isTerminal } from '../../core/order/statuses.ts';
import type { Order } from '../../core/order/types.ts';
import type { BringgCustomer, BringgTask, BringgWayPoint, TaskSnapshot } from '../../store/repos/bringg.repo.ts';
import type { Repos } from '../../store/store.ts';
import type { Deps } from '../deps.ts';

/** A Bringg task as stored: its own row, its way points, and the core record behind each way point. */
export interface TaskView {
  merchantId: number;
  task: BringgTask;
  wayPoints: BringgWayPoint[];
  /** stops[i] is the current core record of wayPoints[i]. */
  stops: Order[];
  driver: { userId: number; workerHandle: string } | null;
  customer: BringgCustomer | null;
}

/** Bringg addresses a task by `id` or `external_id`; `id` wins when both are sent (reference §5, OURS). */
export interface TaskRef {
  id?: number | null;
  externalId?: string | null;
}

export const taskNotFound = (ref: TaskRef) =>
  new DomainError('order_not_found', 'Task not found', { entity: 'task', id: ref.id ?? null, externalId: ref.externalId ?? null });

/**
 * An order made by another dialect gets a Bringg identity the first time Bringg addresses it: its
 * handle is its external_id (Dropline choice, docs/bringg.md), ids are allocated now.
 */
export async function adoptHandle(deps: Deps, repos: Repos, accountId: string, orderHandle: string, now: Date): Promise<BringgTask | null> {
  const stops = currentStops(await repos.orders.listByHandle(accountId, orderHandle));
  if (stops.length === 0) return null;
  if (await repos.bringg.findTask(accountId, { externalId: orderHandle })) return null;
  const task: BringgTask = {
    taskId: await repos.bringg.nextId('task'),
    uuid: deps.ids.uuid(),
    accountId,
    orderHandle,
    externalId: orderHandle,
    customerId: null,
    automaticallyStarted: null,
    automaticallyEnded: null,
    automaticallyCancelled: null,
    details: {},
    createdAt: stops[0]!.createdAt,
    updatedAt: now,
  };
  // Another request may be adopting it at the same moment; theirs stands. Not a caught unique
  // violation: on PostgreSQL that aborts the whole transaction (get_open_tasks adopts many).
  if (!(await repos.bringg.insertTaskIfAbsent(task))) return null;
  let position = 0;
  for (const stop of stops) {
    await repos.bringg.insertWayPoint(newWayPoint(await repos.bringg.nextId('way_point'), task.taskId, ++position, stop, {}));
  }
  return task;
}

export const newWayPoint = (
  wayPointId: number,
  taskId: number,
  position: number,
  stop: Pick<Order, 'type' | 'typeIndex'>,
  details: Record<string, unknown>,
): BringgWayPoint => ({
  wayPointId,
  taskId,
  position,
  orderType: stop.type,
  typeIndex: stop.typeIndex,
  checkinTime: null,
  checkinLat: null,
  checkinLng: null,
  checkoutTime: null,
  checkoutLat: null,
  checkoutLng: null,
  automaticallyCheckedIn: null,
  automaticallyCheckedOut: null,
  details,
});

export async function resolveTask(deps: Deps, repos: Repos, accountId: string, ref: TaskRef, opts: { forUpdate?: boolean; now: Date }): Promise<BringgTask> {
  if (ref.id != null) {
    const task = await repos.bringg.findTask(accountId, { taskId: ref.id }, opts);
    if (!task) throw taskNotFound(ref);
    // Both ids sent but naming different tasks: Bringg's update_task answers "Wrong ID" (reference §4).
    if (ref.externalId != null && ref.externalId !== task.externalId) {
      throw new DomainError('invalid_request', 'Wrong ID', { refusal: 'wrong_id' });
    }
    return task;
  }
  if (ref.externalId == null) throw new DomainError('invalid_request', 'id or external_id is required', { field: 'id' });
  const found =
    (await repos.bringg.findTask(accountId, { externalId: ref.externalId }, opts)) ??
    ((await repos.bringg.findTask(accountId, { orderHandle: ref.externalId })) ? null : await adoptHandle(deps, repos, accountId, ref.externalId, opts.now));
  if (!found) throw taskNotFound(ref);
  return found;
}

/** The Bringg user id of a worker, allocated the first time Bringg shows that worker. */
export async function userIdFor(repos: Repos, accountId: string, workerHandle: string): Promise<number> {
  const known = await repos.bringg.findUser(accountId, { workerHandle });
  if (known) return known.userId;
  await repos.bringg.insertUser(accountId, await repos.bringg.nextId('user'), workerHandle);
  return (await repos.bringg.findUser(accountId, { workerHandle }))!.userId;
}

/** The task's driver: the worker of its first open stop that has one, else of any stop. */
export const driverHandleOf = (stops: Order[]): string | null =>
  (stops.find((o) => o.workerHandle && !isTerminal(o.status)) ?? stops.find((o) => o.workerHandle))?.workerHandle ?? null;

export async function loadView(repos: Repos, merchantId: number, task: BringgTask, opts: { forUpdate?: boolean } = {}): Promise<TaskView> {
  return viewOfRecords(repos, merchantId, task, await repos.orders.listByHandle(task.accountId, task.orderHandle, opts));
}

/** The task's view from its handle's order records (already read), reading its way points, driver and customer. */
export async function viewOfRecords(repos: Repos, merchantId: number, task: BringgTask, all: Order[]): Promise<TaskView> {
  const wayPoints = await repos.bringg.listWayPoints([task.taskId]);
  const stops = stopsOfWayPoints(wayPoints, all);
  const workerHandle = driverHandleOf(stops);
  const driver = workerHandle ? { userId: await userIdFor(repos, task.accountId, workerHandle), workerHandle } : null;
  const customer = task.customerId === null ? null : await repos.bringg.findCustomer(task.accountId, { customerId: task.customerId });
  return { merchantId, task, wayPoints, stops, driver, customer };
}

/** stops[i]: the current core record behind wayPoints[i]. */
function stopsOfWayPoints(wayPoints: BringgWayPoint[], all: Order[]): Order[] {
  const records = currentStops(all);
  return wayPoints.map((wp) => {
    const stop = records.find((o) => o.type === wp.orderType && o.typeIndex === wp.typeIndex);
    if (!stop) throw new Error(`way point ${wp.wayPointId} has no order record`);
    return stop;
  });
}

/**
 * The task's view from a snapshot read in one statement; null when its driver has no Bringg user
 * yet (allocating one is a write, which belongs in a transaction).
 */
export function viewOfSnapshot(merchantId: number, s: TaskSnapshot): TaskView | null {
  const stops = stopsOfWayPoints(
    s.wayPoints,
    s.records.map((r) => r.order),
  );
  const workerHandle = driverHandleOf(stops);
  const user = workerHandle ? s.users.find((u) => u.workerHandle === workerHandle) : null;
  if (workerHandle && !user) return null;
  return { merchantId, task: s.task, wayPoints: s.wayPoints, stops, driver: user ?? null, customer: s.customer };
}

export const isTaskFinished = (v: TaskView): boolean => v.stops.every((o) => isTerminal(o.status));

/**
 * Guards every mutation in Bringg's order: the lock first (reference §10, OURS ordering), then
 * "Can't update a done order" for a task whose stops are all finished.
 */
export function assertMutable(v: TaskView, action: LockedAction): void {
  const locked = v.stops.find(isLocked);
  if (locked) {
    throw new DomainError('order_locked', `Order ${locked.orderHandle} is locked`, { orderHandle: locked.orderHandle, action });
  }
  if (isTaskFinished(v)) {
    throw new DomainError('invalid_transition', "Can't update a done order", { status: 'done', action, refusal: 'terminal' });
  }
}

/**
 * A task and its stops, locked for a mutation: the stops' order records first, then the task
 * row. Every writer takes them in that order — tracking's geofence check-out and the one-statement
 * cancel_task write the orders, then the task — so none waits for another holding the other half.
 * A task's handle never changes, so the records found before the task is locked are its own; a
 * task renamed meanwhile no longer has the external id it was asked by.
 */
export async function lockTaskView(deps: Deps, repos: Repos, accountId: string, merchantId: number, ref: TaskRef, now: Date): Promise<TaskView> {
  const found = await resolveTask(deps, repos, accountId, ref, { now });
  const records = await repos.orders.listByHandle(accountId, found.orderHandle, { forUpdate: true });
  const task = await repos.bringg.findTask(accountId, { taskId: found.taskId }, { forUpdate: true });
  if (!task || (ref.id == null && ref.externalId != null && task.externalId !== ref.externalId)) throw taskNotFound(ref);
  return viewOfRecords(repos, merchantId, task, records);
}

/**
 * The shape of every task mutation: lock the task and its records, guard, change, and read the
 * task back — one transaction, so a refused request changes nothing.
 */
export async function mutateTask(
  deps: Deps,
  accountId: string,
  merchantId: number,
  ref: TaskRef,
  action: LockedAction,
  change: (view: TaskView, now: Date, repos: Repos) => Promise<BringgTask | undefined>,
): Promise<TaskView> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const view = await lockTaskView(deps, repos, accountId, merchantId, ref, now);
    assertMutable(view, action);
    const changed = (await change(view, now, repos)) ?? view.task;
    await repos.bringg.updateTask({ ...changed, updatedAt: now });
    return loadView(repos, merchantId, { ...changed, updatedAt: now });
  });
}
