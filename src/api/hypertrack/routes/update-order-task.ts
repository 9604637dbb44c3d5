import { taskWire } from '../../../core/order/task.ts';
import { updateOrderTask } from '../../../services/orders/tasks/update-order-task.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { commonErrors, OrderKeyQuery } from '../schemas.ts';
import { TaskIdParams, TaskResponse, UpdateTaskBody } from '../task-schemas.ts';
import { toKey } from '../to-draft.ts';

const given = <T>(v: T | null | undefined): T | undefined => v ?? undefined;

export const registerUpdateOrderTask = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'PATCH',
    url: '/orders/:order_handle/tasks/:task_id',
    schema: {
      tags: ['Orders'],
      summary: "Update an order task's status and details",
      description:
        "Body: UpdateOrderTaskRequest. Metadata keys merge into the task's; attachments are added. Sends `task_completed` when the task becomes completed, `task_updated` otherwise.",
      params: TaskIdParams,
      querystring: OrderKeyQuery,
      body: UpdateTaskBody,
      response: { 200: TaskResponse, ...commonErrors },
    },
    handler: async (req) => {
      const b = req.body;
      const task = await updateOrderTask(ctx.deps, req.accountId, toKey(req.params.order_handle, req.query), req.params.task_id, {
        label: given(b.label),
        status: given(b.status),
        description: given(b.description),
        priority: given(b.priority),
        metadata: given(b.metadata),
        attachments: given(b.attachments),
      });
      return taskWire(task);
    },
  });
