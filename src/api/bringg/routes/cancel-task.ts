import { z } from 'zod';
import { cancelTask } from '../../../services/bringg/lifecycle.ts';
import { defineService } from '../context.ts';
import { TaskResponse } from '../response-schemas.ts';
import { renderTask } from '../map.ts';
import { intId, refOf, requireRef, TaskRefFields } from '../schemas.ts';

// Seed 001. Real clients send only {"id": …}; reason_id + reason mirror the carrier API (reference §6).
const Body = requireRef(z.looseObject({ ...TaskRefFields, reason_id: intId.nullish(), reason: z.string().nullish() }));

export const cancelTaskService = defineService({
  name: 'cancel_task',
  code: 'kmae04kd',
  summary: 'Cancel an active order (seed 001)',
  body: Body,
  response: { task: TaskResponse },
  run: async (ctx, caller, b) => ({
    task: renderTask(
      await cancelTask(ctx.deps, caller.accountId, caller.merchantId, refOf(b), { reasonId: b.reason_id ?? null, reason: b.reason ?? null }),
      ctx.publicUrl,
    ),
  }),
});
