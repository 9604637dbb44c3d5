import { DomainError } from '../../../core/errors.ts';

// The OpenAPI's wording (PATCH/DELETE /orders/{h}/tasks/{id}, example order_task_not_found).
export const taskNotFound = (taskId: string, orderHandle: string) =>
  new DomainError('order_task_not_found', `Order Task not found for id ${taskId} in order ${orderHandle}`, { taskId, orderHandle });
