import type { FastifyInstance } from 'fastify';
import { getDelivery } from '../../../services/uber/read-deliveries.ts';
import { defineRoute } from '../../shared/define-route.ts';
import { createDeliveryExample } from '../examples.ts';
import type { UberContext } from '../context.ts';
import { callerOf, uberAuth } from '../guard.ts';
import { renderDelivery } from '../map.ts';
import { DeliveryResponse, uberErrors } from '../response-schemas.ts';
import { DeliveryParams } from '../schemas.ts';

export const registerGetDelivery = (app: FastifyInstance, ctx: UberContext) =>
  defineRoute(app, {
    method: 'GET',
    url: '/customers/:customer_id/deliveries/:delivery_id',
    schema: {
      tags: ['Uber Direct'],
      summary: 'Get Delivery',
      security: [{ bearerAuth: [] }],
      params: DeliveryParams,
      response: { 200: DeliveryResponse, ...uberErrors },
    },
    examples: { response: { 200: createDeliveryExample.response } },
    auth: uberAuth(ctx),
    handler: async (req) => renderDelivery(await getDelivery(ctx.deps, callerOf(req), req.params.delivery_id), ctx.publicUrl),
  });
