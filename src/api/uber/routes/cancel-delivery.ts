import type { FastifyInstance } from 'fastify';
import { cancelDelivery } from '../../../services/uber/cancel-delivery.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { UberContext } from '../context.ts';
import { callerOf, uberAuth } from '../guard.ts';
import { renderDelivery } from '../map.ts';
import { DeliveryResponse, uberErrors } from '../response-schemas.ts';
import { DeliveryParams } from '../schemas.ts';

// Seed 003. The SDK sends Content-Type: application/json with an empty body (reference §2); the
// shared JSON parser reads that as {}, and any body is ignored, so the route declares none.
export const registerCancelDelivery = (app: FastifyInstance, ctx: UberContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/customers/:customer_id/deliveries/:delivery_id/cancel',
    schema: {
      tags: ['Uber Direct'],
      summary: 'Cancel Delivery (seed 003): allowed until the items are picked up',
      security: [{ bearerAuth: [] }],
      params: DeliveryParams,
      response: { 200: DeliveryResponse, ...uberErrors },
    },
    auth: uberAuth(ctx),
    handler: async (req) => renderDelivery(await cancelDelivery(ctx.deps, callerOf(req), req.params.delivery_id), ctx.publicUrl),
  });
