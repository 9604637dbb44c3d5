import { isOpen } from '../../core/order/statuses.ts';
import { DomainError } from '../../core/errors.ts';
import { assignOrder, type Change } from '../../core/order/lifecycle.ts';
import type { OrderType } from '../../core/order/types.ts';
import { currentDevice } from '../../core/worker.ts';
import type { BringgCustomer, BringgSequence, BringgTask } from '../../store/repos/bringg.repo.ts';
import { isDeadlock, isUniqueViolation } from '../../store/store.ts';
import type { Deps } from '../deps.ts';
import { insertNewOrder, newOrderChange } from '../orders/insert-order.ts';
import type { OrderDraft } from '../orders/order-draft.ts';
import { decideReassign, reassignPlacement } from '../orders/reassign-order.ts';
import { saveChange, saveChangesReturning } from '../orders/save-change.ts';
import { type CustomerInput, findCustomer, upsertCustomer } from './customers.ts';
import { type DriverRef, findKnownDriver, hasDriver, resolveDriver } from './drivers.ts';
import { appendNotes, type NoteInput, withNotes } from './notes.ts';
import { loadView, newWayPoint, type TaskView } from './task-records.ts';

export interface WayPointInput {
  lat: number;
  lng: number;
  address: string | null;
  scheduledAt: Date | null;
  noEarlierThan: Date | null;
  noLaterThan: Date | null;
  etos: number | null;
  /** From `pickup_dropoff_option`; decides the stop type of a single way point. */
  kind: 'pick' | 'drop' | null;
  /** Every other way point field, kept verbatim for rendering. */
  details: Record<string, unknown>;
}

export interface CreateTaskInput {
  externalId: string | null;
  customerId: number | null;
  customer: CustomerInput | null;
  wayPoints: WayPointInput[];
  driver: DriverRef;
  taskTypeId: number | null;
  extras: Record<string, unknown> | null;
  /** Bringg-only task fields (title, money, notes, tag_id, …), kept verbatim. */
  details: Record<string, unknown>;
  notes: NoteInput[];
}

/** Bringg: etos (time on site) defaults to 300 s (reference §9). */
const DEFAULT_ETOS = 300;
/** The geofence a way point gets: the native API's default radius. */
const GEOFENCE_METRES = 100;

/** Two way points are a pickup then a drop-off; one is a drop-off unless it says it is a pickup (task_type_id 2). */
function stopTypes(input: CreateTaskInput): OrderType[] {
  if (input.wayPoints.length === 2) return ['pick', 'drop'];
  const only = input.wayPoints[0]!;
  return [only.kind ?? (input.taskTypeId === 2 ? 'pick' : 'drop')];
}

export const duplicateExternalId = (externalId: string) =>
  new DomainError('duplicate_resource', `Task with external id ${externalId} exists already`, { entity: 'task', externalId });

export function draftOf(handle: string, type: OrderType, wp: WayPointInput, metadata: Record<string, unknown>): OrderDraft {
  return {
    orderHandle: handle,
    type,
    typeIndex: 0,
    destination: {
      geometry: { type: 'Point', coordinates: [wp.lng, wp.lat] },
      ...(wp.address ? { address: wp.address } : {}),
      radius: GEOFENCE_METRES,
    },
    // Bringg's window end is the core deadline; its start the core's "not before".
    scheduledAt: wp.noLaterThan ?? wp.scheduledAt,
    scheduledAfter: wp.noEarlierThan,
    expectedServiceTime: wp.etos ?? DEFAULT_ETOS,
    capacityUsed: 1,
    priority: null,
    productType: null,
    metadata,
    opsGroupHandle: null,
    trackMode: null,
    planMode: 'manual',
  };
}

/**
 * create_task: the task's way points become the stops of one core order handle (a pick and a drop,
 * as the native API models pickup-and-delivery), all with the Bringg ids: in one write statement
 * when it can (`createAtOnce`), else in one transaction.
 */
export async function createTask(deps: Deps, accountId: string, merchantId: number, input: CreateTaskInput): Promise<TaskView> {
  const now = deps.clock.now();
  return (await createAtOnce(deps, accountId, merchantId, input, now)) ?? createTaskInTransaction(deps, accountId, merchantId, input, now);
}

/**
 * The full path: every decision on reads inside one transaction (a driver to resolve and assign,
 * a handle with earlier records). Its answers are the one-statement path's (a test holds them together).
 */
export async function createTaskInTransaction(
  deps: Deps,
  accountId: string,
  merchantId: number,
  input: CreateTaskInput,
  now = deps.clock.now(),
): Promise<TaskView> {
  try {
    return await deps.store.transaction(async (repos) => {
      const taskId = await repos.bringg.nextId('task');
      const externalId = input.externalId ?? String(taskId);
      if (await repos.bringg.findTask(accountId, { externalId })) throw duplicateExternalId(externalId);
      // A handle already used by another task (its external id was changed since) is not reused.
      const handle = (await repos.bringg.findTask(accountId, { orderHandle: externalId })) ? `bringg-${taskId}` : externalId;
      const open = (await repos.orders.listByHandle(accountId, handle)).some((o) => !o.rescheduledMarkedAt && isOpen(o.status));
      // An open order of another dialect with this handle is this external id's task already.
      if (open) throw duplicateExternalId(externalId);

      const customer = input.customer
        ? await upsertCustomer(deps, repos, accountId, input.customer, now)
        : input.customerId != null
          ? await findCustomer(repos, accountId, { customerId: input.customerId })
          : null;
      const workerHandle = hasDriver(input.driver) ? await resolveDriver(repos, accountId, input.driver) : null;

      const task: BringgTask = {
        taskId,
        uuid: deps.ids.uuid(),
        accountId,
        orderHandle: handle,
        externalId,
        customerId: customer?.customerId ?? null,
        automaticallyStarted: null,
        automaticallyEnded: null,
        automaticallyCancelled: null,
        details: input.details,
        createdAt: now,
        updatedAt: now,
      };
      // The answer carries the notes too (it is built from this row, not read back).
      const noted = await appendNotes(repos, task, input.notes, now);
      await repos.bringg.insertTask(noted);
      const types = stopTypes(input);
      for (const [i, wp] of input.wayPoints.entries()) {
        const { order } = await insertNewOrder(deps, repos, accountId, draftOf(handle, types[i]!, wp, input.extras ?? {}), now);
        await repos.bringg.insertWayPoint(newWayPoint(await repos.bringg.nextId('way_point'), taskId, i + 1, order, wp.details));
        if (workerHandle) await saveChange(repos, await decideReassign(deps, repos, accountId, order, workerHandle, now));
      }
      return loadView(repos, merchantId, noted);
    });
  } catch (e) {
    // Two concurrent creates with one external id: the unique index decides.
    if (isUniqueViolation(e, 'bringg_tasks_account_id_external_id_key') && input.externalId) throw duplicateExternalId(input.externalId);
    throw e;
  }
}

/**
 * The common create as ONE write statement, like the native and Uber creates: the ids are taken
 * first (one statement of nextval calls, so the rows and the answer carry them), then the new
 * stops, the task row, its way point rows and the upsert of its `customer` object go in one
 * order-change statement, outside any transaction, and the answer is built from what was written
 * (the customer as the upsert stored it, merged into a known one). A driver takes this path when
 * reads settle it (`findKnownDriver`): the stops are created assigned, and a new route for them
 * is written by the same statement. The stops assume a new handle (attempt 0); when the handle
 * already has records (another dialect's order, a finished earlier task, a renamed task's handle)
 * their unique index refuses the whole statement, nothing is written, and null sends the create
 * down the full path, which decides on reads. A taken external_id is refused by the task's own
 * unique index.
 */
async function createAtOnce(deps: Deps, accountId: string, merchantId: number, input: CreateTaskInput, now: Date): Promise<TaskView | null> {
  const repos = deps.store.repos;
  const driver = hasDriver(input.driver) ? await findKnownDriver(repos, accountId, input.driver) : null;
  if (hasDriver(input.driver) && !driver) return null;
  const known = !input.customer && input.customerId != null ? await findCustomer(repos, accountId, { customerId: input.customerId }) : null;
  const sequences: BringgSequence[] = [
    'task',
    ...input.wayPoints.map(() => 'way_point' as const),
    ...input.notes.map(() => 'note' as const),
    ...(input.customer ? (['customer'] as const) : []),
  ];
  const [taskId, ...ids] = await repos.bringg.nextIds(sequences);
  const wayPointIds = ids.slice(0, input.wayPoints.length);
  const noteIds = ids.slice(input.wayPoints.length, input.wayPoints.length + input.notes.length);
  // The new customer's id; the upsert keeps a known external_id's own, which the task row then takes.
  const upserted: BringgCustomer | null = input.customer
    ? { customerId: ids.at(-1)!, accountId, externalId: input.customer.externalId, details: input.customer.details, createdAt: now, updatedAt: now }
    : null;
  const externalId = input.externalId ?? String(taskId!);
  const task = withNotes(
    {
      taskId: taskId!,
      uuid: deps.ids.uuid(),
      accountId,
      orderHandle: externalId,
      externalId,
      customerId: (upserted ?? known)?.customerId ?? null,
      automaticallyStarted: null,
      automaticallyEnded: null,
      automaticallyCancelled: null,
      details: input.details,
      createdAt: now,
      updatedAt: now,
    },
    input.notes,
    noteIds,
    now,
  );
  const types = stopTypes(input);
  const created = await Promise.all(
    input.wayPoints.map((wp, i) => newOrderChange(deps, repos, accountId, draftOf(externalId, types[i]!, wp, input.extras ?? {}), now, { assumeFirst: true })),
  );
  // With a driver, every stop is created assigned to them, on their open route or a new one written
  // with the first stop: what the full path's reassignment of each new stop makes.
  const placement = driver ? await reassignPlacement(deps, repos, accountId, created[0]!.order, driver.worker, now) : null;
  const changes: Change[] = created.map((c) => {
    if (!driver || !placement) return c;
    const ref = { workerHandle: driver.worker.workerHandle, deviceId: currentDevice(driver.worker) };
    const assigned = assignOrder(c.order, ref, placement.route, now);
    return { order: assigned.order, events: [...c.events, ...assigned.events] };
  });
  const wayPoints = changes.map((c, i) => newWayPoint(wayPointIds[i]!, task.taskId, i + 1, c.order, input.wayPoints[i]!.details));
  let customer = known;
  try {
    const stored = await saveChangesReturning(
      repos,
      changes.map((change, i) => ({ change, opts: { isNew: true, newRoute: i === 0 && placement?.isNew ? placement.route : undefined } })),
      { bringgTasks: [task], bringgWayPoints: wayPoints, bringgCustomers: upserted ? [upserted] : [] },
    );
    if (upserted) customer = stored.bringgCustomers?.[0] ?? customer;
  } catch (e) {
    if (isUniqueViolation(e, 'bringg_tasks_account_id_external_id_key')) throw duplicateExternalId(externalId);
    // Nothing was written (the customer neither): the full path decides on reads.
    if (isUniqueViolation(e) || isDeadlock(e)) return null;
    throw e;
  }
  return {
    merchantId,
    task: { ...task, customerId: customer?.customerId ?? null },
    wayPoints,
    stops: changes.map((c) => c.order),
    driver: driver ? { userId: driver.userId, workerHandle: driver.worker.workerHandle } : null,
    customer,
  };
}
