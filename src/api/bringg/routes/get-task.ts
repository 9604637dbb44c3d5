import { z } from 'zod';
import { getTask } from '../../../services/bringg/read-tasks.ts';
import { defineService } from '../context.ts';
import { getTaskExample } from '../examples.ts';
import { TaskResponse } from '../response-schemas.ts';
import { renderTask } from '../map.ts';
import { refOf, requireRef, TaskRefFields } from '../schemas.ts';

export const getTaskService = defineService({
  name: 'get_task',
  code: 'j4ud7Kea0',
  summary: 'Get an order by id or external_id',
  body: requireRef(z.looseObject(TaskRefFields)),
  response: { task: TaskResponse },
  examples: getTaskExample,
  run: async (ctx, caller, b) => ({ task: renderTask(await getTask(ctx.deps, caller.accountId, caller.merchantId, refOf(b)), ctx.publicUrl) }),
});
