import { z } from 'zod';
import { updateInventory } from '../../../services/bringg/update-task.ts';
import { defineService } from '../context.ts';
import { TaskResponse } from '../response-schemas.ts';
import { renderTask } from '../map.ts';
import { intId } from '../schemas.ts';
import { identifier } from '../../shared/storable.ts';

// Bringg's body for update_inventory is not in our sources: the task is `task_id` |
// `task_external_id`, the item `id` | `external_id`, the rest are the item's fields (OURS).
const Body = z
  .looseObject({
    task_id: intId.nullish(),
    task_external_id: identifier().nullish(),
    id: intId.nullish(),
    external_id: identifier().nullish(),
    quantity: z.number().min(0).nullish(),
  })
  .refine((b) => (b.task_id ?? b.task_external_id) != null, { message: 'task_id or task_external_id is required', path: ['task_id'] })
  .refine((b) => (b.id ?? b.external_id) != null, { message: 'id or external_id is required', path: ['id'] });

export const updateInventoryService = defineService({
  name: 'update_inventory',
  code: 'dd155d19',
  summary: 'Add or update an inventory item of an order',
  body: Body,
  response: { task: TaskResponse },
  run: async (ctx, caller, b) => {
    const { task_id, task_external_id, id, external_id, ...fields } = b;
    const view = await updateInventory(
      ctx.deps,
      caller.accountId,
      caller.merchantId,
      { id: task_id ?? null, externalId: task_external_id ?? null },
      { id: id ?? null, externalId: external_id ?? null, details: fields },
    );
    return { task: renderTask(view, ctx.publicUrl) };
  },
});
