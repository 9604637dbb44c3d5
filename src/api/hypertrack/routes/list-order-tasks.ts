import { taskWire } from '../../../core/order/task.ts';
import { listOrderTasks } from '../../../services/orders/tasks/list-order-tasks.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { commonErrors, OrderHandleParams, OrderKeyQuery } from '../schemas.ts';
import { TaskListResponse } from '../task-schemas.ts';
import { toKey } from '../to-draft.ts';

export const registerListOrderTasks = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'GET',
    url: '/orders/:order_handle/tasks',
    schema: {
      tags: ['Orders'],
      summary: "List an order's checklist tasks in creation order",
      params: OrderHandleParams,
      querystring: OrderKeyQuery,
      response: { 200: TaskListResponse, ...commonErrors },
    },
    handler: async (req) => ({ tasks: (await listOrderTasks(ctx.deps, req.accountId, toKey(req.params.order_handle, req.query))).map(taskWire) }),
  });
