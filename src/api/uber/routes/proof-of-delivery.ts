import type { FastifyInstance } from 'fastify';
import { proofOfDelivery } from '../../../services/uber/proof-of-delivery.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { UberContext } from '../context.ts';
import { callerOf, uberAuth } from '../guard.ts';
import { ProofResponse, uberErrors } from '../response-schemas.ts';
import { DeliveryParams, PodBody } from '../schemas.ts';

export const registerProofOfDelivery = (app: FastifyInstance, ctx: UberContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/customers/:customer_id/deliveries/:delivery_id/proof-of-delivery',
    schema: {
      tags: ['Uber Direct'],
      summary: 'Proof of Delivery: a base64 PNG document of a picture, signature or pincode proof',
      security: [{ bearerAuth: [] }],
      params: DeliveryParams,
      body: PodBody,
      response: { 200: ProofResponse, ...uberErrors },
    },
    examples: { body: { waypoint: 'dropoff', type: 'picture' } },
    auth: uberAuth(ctx),
    handler: async (req) => proofOfDelivery(ctx.deps, callerOf(req), req.params.delivery_id, req.body),
  });
