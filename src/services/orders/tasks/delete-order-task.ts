import type { OrderKey } from '../../../core/order/types.ts';
import type { Deps } from '../../deps.ts';
import { orderNotFound } from '../order-not-found.ts';
import { taskNotFound } from './task-not-found.ts';

/** DELETE /orders/{h}/tasks/{id}. HyperTrack documents no webhook for a removed task, so none is sent. */
export async function deleteOrderTask(deps: Deps, accountId: string, key: OrderKey, taskId: string): Promise<void> {
  await deps.store.transaction(async (repos) => {
    const order = await repos.orders.find(accountId, key);
    if (!order) throw orderNotFound(key);
    if (!(await repos.orderTasks.delete(accountId, order.id, taskId))) throw taskNotFound(taskId, key.orderHandle);
  });
}
