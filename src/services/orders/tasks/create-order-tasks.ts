import { type NewTask, newTask, type OrderTask } from '../../../core/order/task.ts';
import type { OrderKey } from '../../../core/order/types.ts';
import type { Deps } from '../../deps.ts';
import { taskEvent } from '../../webhooks/task-events.ts';
import { orderNotFound } from '../order-not-found.ts';

/** POST /orders/{h}/tasks: the tasks are added after the order's others, each announced by `task_created`. */
export async function createOrderTasks(deps: Deps, accountId: string, key: OrderKey, tasks: NewTask[]): Promise<OrderTask[]> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const order = await repos.orders.find(accountId, key);
    if (!order) throw orderNotFound(key);
    const created = tasks.map((t) => newTask(t, { id: deps.ids.uuid(), accountId, orderId: order.id }, now));
    await repos.orderTasks.insert(created);
    await repos.webhookOutbox.enqueue(created.map((t) => taskEvent(order, t, 'order_task_created', now)));
    return created;
  });
}
