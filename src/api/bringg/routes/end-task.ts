import { z } from 'zod';
import { endTask } from '../../../services/bringg/lifecycle.ts';
import { defineService } from '../context.ts';
import { TaskResponse } from '../response-schemas.ts';
import { renderTask } from '../map.ts';
import { refOf, requireRef, TaskRefFields } from '../schemas.ts';

export const endTaskService = defineService({
  name: 'end_task',
  code: '71f797f5',
  summary: 'Complete an order (status 4)',
  body: requireRef(z.looseObject(TaskRefFields)),
  response: { task: TaskResponse },
  run: async (ctx, caller, b) => ({ task: renderTask(await endTask(ctx.deps, caller.accountId, caller.merchantId, refOf(b)), ctx.publicUrl) }),
});
