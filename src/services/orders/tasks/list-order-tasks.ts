import type { OrderTask } from '../../../core/order/task.ts';
import type { OrderKey } from '../../../core/order/types.ts';
import type { Deps } from '../../deps.ts';
import { getOrder } from '../read-orders.ts';

/** GET /orders/{h}/tasks: the tasks the order object shows, read by the same lookup as GET /orders/{h}. */
export async function listOrderTasks(deps: Deps, accountId: string, key: OrderKey): Promise<OrderTask[]> {
  return (await getOrder(deps, accountId, key)).tasks ?? [];
}
