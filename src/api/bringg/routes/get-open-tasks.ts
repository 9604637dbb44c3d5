import { z } from 'zod';
import { getOpenTasks } from '../../../services/bringg/read-tasks.ts';
import { defineService } from '../context.ts';
import { TaskResponse } from '../response-schemas.ts';
import { renderTask } from '../map.ts';

// A real client posts with no body (reference §2); the array's key `tasks` is OURS.
export const getOpenTasksService = defineService({
  name: 'get_open_tasks',
  code: 'Qkdi30cw',
  summary: 'List unfinished orders (at most 500)',
  body: z.looseObject({}),
  response: { tasks: z.array(TaskResponse) },
  run: async (ctx, caller) => ({ tasks: (await getOpenTasks(ctx.deps, caller.accountId, caller.merchantId)).map((v) => renderTask(v, ctx.publicUrl)) }),
});
