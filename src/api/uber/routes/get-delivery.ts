import type { FastifyInstance } from 'fastify';
import { getDelivery } from '../../../services/uber/read-deliveries.ts';
import type { UberContext } from '../context.ts';
import { renderDelivery } from '../map.ts';
import { guarded } from '../guard.ts';

export const registerGetDelivery = (app: FastifyInstance, ctx: UberContext) =>
  app.get(
    '/customers/:customer_id/deliveries/:delivery_id',
    { schema: { tags: ['Uber Direct'], summary: 'Get Delivery', security: [{ bearerAuth: [] }] } },
    guarded(ctx, async (caller, req) =>
      renderDelivery(await getDelivery(ctx.deps, caller, (req.params as { delivery_id: string }).delivery_id), ctx.publicUrl),
    ),
  );
