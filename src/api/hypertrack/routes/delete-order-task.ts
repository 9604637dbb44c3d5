import { z } from 'zod';
import { deleteOrderTask } from '../../../services/orders/tasks/delete-order-task.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { commonErrors, OrderKeyQuery } from '../schemas.ts';
import { TaskIdParams } from '../task-schemas.ts';
import { toKey } from '../to-draft.ts';

export const registerDeleteOrderTask = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'DELETE',
    url: '/orders/:order_handle/tasks/:task_id',
    schema: {
      tags: ['Orders'],
      summary: 'Delete an order task',
      params: TaskIdParams,
      querystring: OrderKeyQuery,
      response: { 204: z.null().describe('Task deleted'), ...commonErrors },
    },
    handler: async (req, reply) => {
      await deleteOrderTask(ctx.deps, req.accountId, toKey(req.params.order_handle, req.query), req.params.task_id);
      return reply.status(204).send();
    },
  });
