import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { defineRoute } from '../../shared/define-route.ts';
import { unknownQueryKeys } from '../../shared/strict-query.ts';
import type { UberContext } from '../context.ts';
import { OauthErrorResponse, TokenResponse, UberErrorResponse } from '../response-schemas.ts';

/**
 * POST /oauth/v2/token, client_credentials (reference §1). The SDK posts a form body; JSON is
 * accepted too. Uber does not document its error body: these are RFC 6749's (`error` key), and
 * the fields are checked here in RFC order (grant_type first), so the route declares no body schema.
 */
export function registerOauthToken(app: FastifyInstance, ctx: UberContext): void {
  defineRoute(app, {
    method: 'POST',
    url: '/oauth/v2/token',
    schema: {
      tags: ['Uber Direct'],
      summary: 'OAuth 2.0 client_credentials token (30 days); form-encoded client_id, client_secret, grant_type, scope',
      security: [],
      // The framework's own refusals (bad JSON, 413, 415) are the dialect's bodies (plugin.ts).
      response: {
        200: TokenResponse,
        400: z.union([OauthErrorResponse, UberErrorResponse]),
        401: OauthErrorResponse,
        413: UberErrorResponse,
        429: UberErrorResponse,
        500: UberErrorResponse,
        503: UberErrorResponse,
      },
    },
    handler: async (req, reply) => {
      const unknown = unknownQueryKeys(req);
      if (unknown.length) return reply.status(400).send({ error: 'invalid_request', error_description: `Unknown query parameter ${unknown[0]}` });
      const b = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
      if (b.grant_type !== 'client_credentials') {
        return reply.status(400).send({ error: 'unsupported_grant_type', error_description: 'grant_type must be client_credentials' });
      }
      if (typeof b.client_id !== 'string' || typeof b.client_secret !== 'string') {
        return reply.status(400).send({ error: 'invalid_request', error_description: 'client_id and client_secret are required' });
      }
      const token = await ctx.auth.issueToken(b.client_id, b.client_secret, typeof b.scope === 'string' ? b.scope : null);
      if (!token) return reply.status(401).send({ error: 'invalid_client', error_description: 'Unknown client or wrong secret' });
      return reply.status(200).send(token);
    },
  });
}
