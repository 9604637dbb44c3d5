import type { FastifyInstance } from 'fastify';
import { createQuote } from '../../../services/uber/create-quote.ts';
import { defineRoute } from '../../shared/define-route.ts';
import { quoteExample, invalidParamsExample } from '../examples.ts';
import type { UberContext } from '../context.ts';
import { callerOf, uberAuth } from '../guard.ts';
import { renderQuote } from '../map.ts';
import { quoteFields } from '../quote-fields.ts';
import { QuoteResponse, uberErrors } from '../response-schemas.ts';
import { CustomerParams, QuoteBody } from '../schemas.ts';

export const registerCreateQuote = (app: FastifyInstance, ctx: UberContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/customers/:customer_id/delivery_quotes',
    schema: {
      tags: ['Uber Direct'],
      summary: 'Create Quote: price and ETA of a delivery between two addresses, valid 15 minutes',
      security: [{ bearerAuth: [] }],
      params: CustomerParams,
      body: QuoteBody,
      response: { 200: QuoteResponse, ...uberErrors },
    },
    examples: { body: quoteExample.body, response: { 200: quoteExample.response, 400: invalidParamsExample } },
    auth: uberAuth(ctx),
    handler: async (req) => renderQuote(await createQuote(ctx.deps, callerOf(req), quoteFields(req.body))),
  });
