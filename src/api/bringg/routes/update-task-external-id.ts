import { z } from 'zod';
import { updateExternalId } from '../../../services/bringg/update-task.ts';
import { defineService } from '../context.ts';
import { TaskResponse } from '../response-schemas.ts';
import { renderTask } from '../map.ts';
import { identifier } from '../../shared/storable.ts';

// Bringg: both external_id and new_external_id are required (reference §5).
const Body = z.looseObject({ external_id: identifier(), new_external_id: identifier() });

export const updateTaskExternalIdService = defineService({
  name: 'update_task_external_id',
  code: 'asPEID1b',
  summary: "Change an order's external_id",
  body: Body,
  response: { task: TaskResponse },
  run: async (ctx, caller, b) => ({
    task: renderTask(await updateExternalId(ctx.deps, caller.accountId, caller.merchantId, b.external_id, b.new_external_id), ctx.publicUrl),
  }),
});
