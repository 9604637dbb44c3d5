import { z } from 'zod';
import { assignTask } from '../../../services/bringg/lifecycle.ts';
import { defineService } from '../context.ts';
import { TaskResponse } from '../response-schemas.ts';
import { renderTask } from '../map.ts';
import { intId, refOf, requireRef, TaskRefFields } from '../schemas.ts';
import { identifier } from '../../shared/storable.ts';

// The driver is named by user_id or user_external_id (reference §6, inferred).
const Body = requireRef(
  z.looseObject({
    ...TaskRefFields,
    user_id: intId.nullish(),
    user_external_id: identifier().nullish(),
    external_user_id: identifier().nullish(),
  }),
).refine((b) => (b.user_id ?? b.user_external_id ?? b.external_user_id) != null, {
  message: 'user_id or user_external_id is required',
  path: ['user_id'],
});

export const assignTaskService = defineService({
  name: 'assign_task',
  code: 'd0d2a77b',
  summary: 'Assign an order to a driver (status 1)',
  body: Body,
  response: { task: TaskResponse },
  run: async (ctx, caller, b) => ({
    task: renderTask(
      await assignTask(ctx.deps, caller.accountId, caller.merchantId, refOf(b), {
        userId: b.user_id,
        externalUserId: b.user_external_id ?? b.external_user_id,
      }),
      ctx.publicUrl,
    ),
  }),
});
