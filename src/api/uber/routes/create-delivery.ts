import type { FastifyInstance } from 'fastify';
import { createDelivery } from '../../../services/uber/create-delivery.ts';
import { invalidParams } from '../../../services/uber/uber-refusal.ts';
import { leaveAtDoorConflict } from '../../../services/uber/undeliverable.ts';
import { defineRoute } from '../../shared/define-route.ts';
import { createDeliveryExample, invalidParamsExample } from '../examples.ts';
import type { UberContext } from '../context.ts';
import { callerOf, uberAuth } from '../guard.ts';
import { renderDelivery } from '../map.ts';
import { quoteFields } from '../quote-fields.ts';
import { DeliveryResponse, UberErrorResponse, uberErrors } from '../response-schemas.ts';
import { CustomerParams, DeliveryBody } from '../schemas.ts';

// Fields the service consumes itself; everything else is kept verbatim for rendering.
const CONSUMED = ['quote_id', 'tip', 'idempotency_key', 'external_id', 'test_specifications'];

export const registerCreateDelivery = (app: FastifyInstance, ctx: UberContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/customers/:customer_id/deliveries',
    schema: {
      tags: ['Uber Direct'],
      summary: 'Create Delivery: a pick and a drop stop of one core order; test credentials may ask for a robo courier',
      security: [{ bearerAuth: [] }],
      params: CustomerParams,
      body: DeliveryBody,
      // 409 duplicate_delivery: the same external_id or idempotency_key while active.
      response: { 200: DeliveryResponse, ...uberErrors, 409: UberErrorResponse },
    },
    examples: { body: createDeliveryExample.body, response: { 200: createDeliveryExample.response, 400: invalidParamsExample } },
    auth: uberAuth(ctx),
    handler: async (req) => {
      const caller = callerOf(req);
      const b = req.body;
      const mode = b.test_specifications?.robo_courier_specification?.mode;
      if (mode !== undefined && mode !== 'auto') throw invalidParams({ 'test_specifications.robo_courier_specification.mode': 'The only mode is auto.' });
      if (mode === 'auto' && caller.liveMode) {
        throw invalidParams({ test_specifications: 'A robo courier drives test-mode deliveries only: use the test client credentials.' });
      }
      const conflict = b.undeliverable_action === 'leave_at_door' ? leaveAtDoorConflict(b) : null;
      if (conflict) {
        throw invalidParams({ undeliverable_action: `leave_at_door cannot be set when ${conflict} verification is required at the dropoff.` });
      }
      // The body as sent (the parsed one has its timestamps as Dates).
      const request = Object.fromEntries(Object.entries(req.uberBodySent ?? {}).filter(([k]) => !CONSUMED.includes(k)));
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
    },
  });
