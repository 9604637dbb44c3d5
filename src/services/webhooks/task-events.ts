import { type OrderTask, type TaskEventType, taskWire } from '../../core/order/task.ts';
import type { Order } from '../../core/order/types.ts';
import type { NewOutboxEvent } from '../../store/repos/webhook-outbox.repo.ts';
import { subjectOf } from './outbox.ts';

/**
 * The order webhook of a task change (OpenAPI OrderTaskCreated/Updated/CompletedWebhookEventData):
 * the order's usual fields plus `task`, frozen as it was after the change. Tasks have no entry in
 * the order timeline (the OpenAPI's timeline lists no task events).
 */
export const taskEvent = (order: Order, task: OrderTask, type: TaskEventType, now: Date): NewOutboxEvent => ({
  accountId: order.accountId,
  orderId: order.id,
  type,
  recordedAt: now,
  createdAt: now,
  subject: subjectOf(order, { task: taskWire(task) }),
});
