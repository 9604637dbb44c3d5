import { DomainError } from '../../core/errors.ts';
import { isTerminal } from '../../core/order/statuses.ts';
import type { Destination } from '../../core/order/types.ts';
import type { Deps } from '../deps.ts';
import { decideReassign } from '../orders/reassign-order.ts';
import { saveChange } from '../orders/save-change.ts';
import { type OrderPatch, patchOrder } from '../orders/update-order.ts';
import { type DriverRef, hasDriver, resolveDriver } from './drivers.ts';
import { duplicateExternalId } from './create-task.ts';
import { appendNotes, type NoteInput } from './notes.ts';
import { mutateTask, type TaskRef } from './task-records.ts';

export interface WayPointPatch {
  /** Which way point: by `id`, else by `position` (reference §6: (inferred)). */
  id: number | null;
  position: number | null;
  lat: number | null;
  lng: number | null;
  address: string | null;
  scheduledAt: Date | null;
  noEarlierThan: Date | null;
  noLaterThan: Date | null;
  etos: number | null;
  details: Record<string, unknown>;
}

export interface UpdateTaskInput {
  extras: Record<string, unknown> | null;
  details: Record<string, unknown>;
  notes: NoteInput[];
  wayPoints: WayPointPatch[];
  driver: DriverRef;
}

/**
 * update_task: task fields, appended notes, way point edits (a moved way point goes through the
 * core's rule: only before tracking starts), and a new driver. external_id cannot change here.
 */
export const updateTask = (deps: Deps, accountId: string, merchantId: number, ref: TaskRef, input: UpdateTaskInput) =>
  mutateTask(deps, accountId, merchantId, ref, 'update', async (view, now, repos) => {
    const wpIndex = input.wayPoints.map((p) => {
      const i = view.wayPoints.findIndex((w) => (p.id != null ? w.wayPointId === p.id : w.position === p.position));
      if (i < 0) throw new DomainError('invalid_request', `Way point ${p.id ?? `at position ${p.position}`} not found`, { field: 'way_points' });
      return i;
    });
    for (const [s, stop] of view.stops.entries()) {
      const edit = input.wayPoints[wpIndex.indexOf(s)];
      const patch: OrderPatch = { metadata: input.extras ?? undefined };
      if (edit) {
        if ((edit.lat === null) !== (edit.lng === null)) throw new DomainError('invalid_request', 'lat and lng go together', { field: 'way_points' });
        const destination: Destination | undefined =
          edit.lat !== null && edit.lng !== null
            ? { ...stop.destination, geometry: { type: 'Point', coordinates: [edit.lng, edit.lat] }, ...(edit.address ? { address: edit.address } : {}) }
            : edit.address
              ? { ...stop.destination, address: edit.address }
              : undefined;
        Object.assign(patch, {
          destination,
          scheduledAt: edit.noLaterThan ?? edit.scheduledAt ?? undefined,
          scheduledAfter: edit.noEarlierThan ?? undefined,
          expectedServiceTime: edit.etos ?? undefined,
        });
        const wp = view.wayPoints[s]!;
        if (Object.keys(edit.details).length) await repos.bringg.updateWayPoint({ ...wp, details: { ...wp.details, ...edit.details } });
      }
      if (Object.values(patch).some((v) => v !== undefined)) await saveChange(repos, patchOrder(deps, stop, patch, now));
    }
    if (hasDriver(input.driver)) {
      const workerHandle = await resolveDriver(repos, accountId, input.driver);
      for (const stop of view.stops) {
        if (isTerminal(stop.status)) continue;
        const current = (await repos.orders.find(
          accountId,
          { orderHandle: stop.orderHandle, type: stop.type, typeIndex: stop.typeIndex },
          { forUpdate: true },
        ))!;
        await saveChange(repos, await decideReassign(deps, repos, accountId, current, workerHandle, now));
      }
    }
    const task = { ...view.task, details: { ...view.task.details, ...input.details } };
    return appendNotes(repos, task, input.notes, now);
  });

/** update_task_external_id: the only way to rename a task (reference §5); the core handle stays. */
export const updateExternalId = (deps: Deps, accountId: string, merchantId: number, externalId: string, newExternalId: string) =>
  mutateTask(deps, accountId, merchantId, { externalId }, 'update', async (view, _now, repos) => {
    if (newExternalId !== externalId && (await repos.bringg.findTask(accountId, { externalId: newExternalId }))) {
      throw duplicateExternalId(newExternalId);
    }
    return { ...view.task, externalId: newExternalId };
  });

/** create_note: a note on the task, optionally tied to a way point. */
export const createNote = (deps: Deps, accountId: string, merchantId: number, ref: TaskRef, note: NoteInput) =>
  mutateTask(deps, accountId, merchantId, ref, 'update', async (view, now, repos) => {
    if (note.wayPointId !== null && !view.wayPoints.some((w) => w.wayPointId === note.wayPointId)) {
      throw new DomainError('invalid_request', `Way point ${note.wayPointId} not found`, { field: 'way_point_id' });
    }
    return appendNotes(repos, view.task, [note], now);
  });

export interface NotePatch {
  noteId: number;
  note: string | null;
  type: number | string | null;
  /** Moves the note to another way point of the task; null leaves it where it is. */
  wayPointId: number | null;
  /** Every other note field sent, merged verbatim as create_note keeps them. */
  details: Record<string, unknown>;
}

/** update_note: changes one note of the task, found by its id; what is not sent stays. */
export const updateNote = (deps: Deps, accountId: string, merchantId: number, ref: TaskRef, patch: NotePatch) =>
  mutateTask(deps, accountId, merchantId, ref, 'update', async (view) => {
    const notes = [...((view.task.details.task_notes as Record<string, unknown>[] | undefined) ?? [])];
    const at = notes.findIndex((n) => n.id === patch.noteId);
    if (at < 0) throw new DomainError('order_not_found', 'Note not found', { entity: 'note', id: patch.noteId });
    if (patch.wayPointId !== null && !view.wayPoints.some((w) => w.wayPointId === patch.wayPointId)) {
      throw new DomainError('invalid_request', `Way point ${patch.wayPointId} not found`, { field: 'way_point_id' });
    }
    notes[at] = {
      ...notes[at],
      ...patch.details,
      ...(patch.note !== null ? { note: patch.note } : {}),
      ...(patch.type !== null ? { type: patch.type } : {}),
      ...(patch.wayPointId !== null ? { way_point_id: patch.wayPointId } : {}),
    };
    return { ...view.task, details: { ...view.task.details, task_notes: notes } };
  });

export interface InventoryInput {
  id: number | null;
  externalId: string | null;
  details: Record<string, unknown>;
}

/** update_inventory: upserts one inventory item of the task, matched by id or external_id (OURS). */
export const updateInventory = (deps: Deps, accountId: string, merchantId: number, ref: TaskRef, item: InventoryInput) =>
  mutateTask(deps, accountId, merchantId, ref, 'update', async (view, _now, repos) => {
    const items = [...((view.task.details.task_inventories as Record<string, unknown>[] | undefined) ?? [])];
    const at = items.findIndex((x) => (item.id !== null ? x.id === item.id : item.externalId !== null && x.external_id === item.externalId));
    if (at < 0 && item.id !== null) throw new DomainError('order_not_found', 'Inventory item not found', { entity: 'inventory' });
    if (at >= 0) items[at] = { ...items[at], ...item.details };
    else items.push({ ...item.details, id: await repos.bringg.nextId('inventory'), task_id: view.task.taskId, external_id: item.externalId });
    return { ...view.task, details: { ...view.task.details, task_inventories: items } };
  });
