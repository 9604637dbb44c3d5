import { z } from 'zod';
import { getOpenTasks } from '../../../services/bringg/read-tasks.ts';
import { defineService } from '../context.ts';
import { TaskResponse } from '../response-schemas.ts';
import { renderTask } from '../map.ts';
import { intId } from '../schemas.ts';
import { identifier } from '../../shared/storable.ts';

const Body = z
  .looseObject({ customer_id: intId.nullish(), customer_external_id: identifier().nullish(), external_id: identifier().nullish() })
  .refine((b) => (b.customer_id ?? b.customer_external_id ?? b.external_id) != null, {
    message: 'customer_id or customer_external_id is required',
    path: ['customer_id'],
  });

export const getOpenOrdersByCustomerService = defineService({
  name: 'get_open_orders_by_customer',
  code: 'ZQLb2WZc',
  summary: "List a customer's unfinished orders",
  body: Body,
  response: { tasks: z.array(TaskResponse) },
  run: async (ctx, caller, b) => ({
    tasks: (
      await getOpenTasks(ctx.deps, caller.accountId, caller.merchantId, {
        customerId: b.customer_id,
        externalId: b.customer_external_id ?? b.external_id,
      })
    ).map((v) => renderTask(v, ctx.publicUrl)),
  }),
});
