import { type OrderTask, patchTask, type TaskPatch, taskChangeEvent } from '../../../core/order/task.ts';
import type { OrderKey } from '../../../core/order/types.ts';
import type { Deps } from '../../deps.ts';
import { taskEvent } from '../../webhooks/task-events.ts';
import { orderNotFound } from '../order-not-found.ts';
import { taskNotFound } from './task-not-found.ts';

/**
 * PATCH /orders/{h}/tasks/{id}. The task row is locked, so concurrent patches each add their
 * attachments. A patch that names no field changes nothing and sends nothing.
 */
export async function updateOrderTask(deps: Deps, accountId: string, key: OrderKey, taskId: string, patch: TaskPatch): Promise<OrderTask> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const order = await repos.orders.find(accountId, key);
    if (!order) throw orderNotFound(key);
    const task = await repos.orderTasks.find(accountId, order.id, taskId, { forUpdate: true });
    if (!task) throw taskNotFound(taskId, key.orderHandle);
    if (!Object.values(patch).some((v) => v !== undefined)) return task;
    const updated = patchTask(task, patch, now, deps.ids.uuid);
    await repos.orderTasks.update(updated);
    await repos.webhookOutbox.enqueue([taskEvent(order, updated, taskChangeEvent(task, updated), now)]);
    return updated;
  });
}
