import { taskWire } from '../../../core/order/task.ts';
import { createOrderTasks } from '../../../services/orders/tasks/create-order-tasks.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { commonErrors, OrderHandleParams, OrderKeyQuery } from '../schemas.ts';
import { CreateTasksBody, TaskListResponse } from '../task-schemas.ts';
import { toKey } from '../to-draft.ts';

export const registerCreateOrderTasks = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/orders/:order_handle/tasks',
    schema: {
      tags: ['Orders'],
      summary: 'Add checklist tasks to an order',
      description: 'Body: OrderTaskList. Each task starts `pending` and sends a `task_created` webhook; the answer lists the tasks created.',
      params: OrderHandleParams,
      querystring: OrderKeyQuery,
      body: CreateTasksBody,
      response: { 201: TaskListResponse, ...commonErrors },
    },
    handler: async (req, reply) => {
      const created = await createOrderTasks(ctx.deps, req.accountId, toKey(req.params.order_handle, req.query), req.body.tasks);
      reply.status(201);
      return { tasks: created.map(taskWire) };
    },
  });
