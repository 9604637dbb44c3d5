import { z } from 'zod';
import { startTask } from '../../../services/bringg/lifecycle.ts';
import { defineService } from '../context.ts';
import { TaskResponse } from '../response-schemas.ts';
import { renderTask } from '../map.ts';
import { refOf, requireRef, TaskRefFields } from '../schemas.ts';

// Bringg's action code for start_task is unknown: OAuth name URL only (reference §2).
export const startTaskService = defineService({
  name: 'start_task',
  code: null,
  summary: 'Start an assigned order: the driver is on the way (status 2)',
  body: requireRef(z.looseObject(TaskRefFields)),
  response: { task: TaskResponse },
  run: async (ctx, caller, b) => ({ task: renderTask(await startTask(ctx.deps, caller.accountId, caller.merchantId, refOf(b)), ctx.publicUrl) }),
});
