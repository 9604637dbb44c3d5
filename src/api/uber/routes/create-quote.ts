import type { FastifyInstance } from 'fastify';
import { createQuote } from '../../../services/uber/create-quote.ts';
import type { UberContext } from '../context.ts';
import { renderQuote } from '../map.ts';
import { parse } from '../parse.ts';
import { guarded } from '../guard.ts';
import { quoteFields } from '../quote-fields.ts';
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
    guarded(ctx, async (caller, req) => renderQuote(await createQuote(ctx.deps, caller, quoteFields(parse(QuoteBody, req.body))))),
  );
