import type { FastifyInstance } from 'fastify';
import { createDelivery } from '../../../services/uber/create-delivery.ts';
import { invalidParams } from '../../../services/uber/uber-refusal.ts';
import type { UberContext } from '../context.ts';
import { renderDelivery } from '../map.ts';
import { parse } from '../parse.ts';
import { guarded } from '../guard.ts';
import { quoteFields } from '../quote-fields.ts';
import { DeliveryBody } from '../schemas.ts';

// Fields the service consumes itself; everything else is kept verbatim for rendering.
const CONSUMED = ['quote_id', 'tip', 'idempotency_key', 'external_id', 'test_specifications'];

export const registerCreateDelivery = (app: FastifyInstance, ctx: UberContext) =>
  app.post(
    '/customers/:customer_id/deliveries',
    {
      schema: {
        tags: ['Uber Direct'],
        summary: 'Create Delivery: a pick and a drop stop of one core order; test credentials may ask for a robo courier',
        security: [{ bearerAuth: [] }],
      },
    },
    guarded(ctx, async (caller, req) => {
      const b = parse(DeliveryBody, req.body);
      const mode = b.test_specifications?.robo_courier_specification?.mode;
      if (mode !== undefined && mode !== 'auto') throw invalidParams({ 'test_specifications.robo_courier_specification.mode': 'The only mode is auto.' });
      if (mode === 'auto' && caller.liveMode) {
        throw invalidParams({ test_specifications: 'A robo courier drives test-mode deliveries only: use the test client credentials.' });
      }
      const request = Object.fromEntries(Object.entries(req.body as Record<string, unknown>).filter(([k]) => !CONSUMED.includes(k)));
      const view = await createDelivery(ctx.deps, caller, {
        ...quoteFields(b),
        quoteId: b.quote_id ?? null,
        tip: b.tip ?? 0,
        externalId: b.external_id ?? null,
        idempotencyKey: b.idempotency_key ?? null,
        robo: mode === 'auto',
        request,
      });
      if (view.delivery.robo) ctx.robo.dispatch(view);
      return renderDelivery(view, ctx.publicUrl);
    }),
  );
