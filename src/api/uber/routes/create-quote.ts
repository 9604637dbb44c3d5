import type { FastifyInstance } from 'fastify';
import { createQuote } from '../../../services/uber/create-quote.ts';
import type { UberContext } from '../context.ts';
import { renderQuote } from '../map.ts';
import { parse } from '../parse.ts';
import { guarded } from '../guard.ts';
import { QuoteBody } from '../schemas.ts';

export const registerCreateQuote = (app: FastifyInstance, ctx: UberContext) =>
  app.post(
    '/customers/:customer_id/delivery_quotes',
    {
      schema: {
        tags: ['Uber Direct'],
        summary: 'Create Quote: price and ETA of a delivery between two addresses, valid 15 minutes',
        security: [{ bearerAuth: [] }],
      },
    },
    guarded(ctx, async (caller, req) => {
      const b = parse(QuoteBody, req.body);
      return renderQuote(
        await createQuote(ctx.deps, caller, {
          pickup: { address: b.pickup_address, lat: b.pickup_latitude ?? null, lng: b.pickup_longitude ?? null },
          dropoff: { address: b.dropoff_address, lat: b.dropoff_latitude ?? null, lng: b.dropoff_longitude ?? null },
          windows: {
            pickupReady: b.pickup_ready_dt ?? null,
            pickupDeadline: b.pickup_deadline_dt ?? null,
            dropoffReady: b.dropoff_ready_dt ?? null,
            dropoffDeadline: b.dropoff_deadline_dt ?? null,
          },
        }),
      );
    }),
  );
