import type { FastifyInstance } from 'fastify';
import { proofOfDelivery } from '../../../services/uber/proof-of-delivery.ts';
import type { UberContext } from '../context.ts';
import { parse } from '../parse.ts';
import { guarded } from '../guard.ts';
import { PodBody } from '../schemas.ts';

export const registerProofOfDelivery = (app: FastifyInstance, ctx: UberContext) =>
  app.post(
    '/customers/:customer_id/deliveries/:delivery_id/proof-of-delivery',
    {
      schema: {
        tags: ['Uber Direct'],
        summary: 'Proof of Delivery: a base64 PNG document of a picture, signature or pincode proof',
        security: [{ bearerAuth: [] }],
      },
    },
    guarded(ctx, async (caller, req) => proofOfDelivery(ctx.deps, caller, (req.params as { delivery_id: string }).delivery_id, parse(PodBody, req.body))),
  );
