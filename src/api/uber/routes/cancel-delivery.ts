import type { FastifyInstance } from 'fastify';
import { cancelDelivery } from '../../../services/uber/cancel-delivery.ts';
import type { UberContext } from '../context.ts';
import { renderDelivery } from '../map.ts';
import { guarded } from '../guard.ts';

// Seed 003. The SDK sends Content-Type: application/json with an empty body (reference §2); the
// shared JSON parser reads that as {}, and any body is ignored.
export const registerCancelDelivery = (app: FastifyInstance, ctx: UberContext) =>
  app.post(
    '/customers/:customer_id/deliveries/:delivery_id/cancel',
    {
      schema: {
        tags: ['Uber Direct'],
        summary: 'Cancel Delivery (seed 003): allowed until the items are picked up',
        security: [{ bearerAuth: [] }],
      },
    },
    guarded(ctx, async (caller, req) =>
      renderDelivery(await cancelDelivery(ctx.deps, caller, (req.params as { delivery_id: string }).delivery_id), ctx.publicUrl),
    ),
  );
