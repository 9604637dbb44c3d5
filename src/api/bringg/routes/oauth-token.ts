import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { defineRoute } from '../../shared/define-route.ts';
import { unknownQueryKeys } from '../../shared/strict-query.ts';
import type { BringgContext } from '../context.ts';
import { BringgFailureResponse, OauthErrorResponse, TokenResponse } from '../response-schemas.ts';

const CREDENTIAL_KEYS = ['client_id', 'client_secret'];

/**
 * POST /oauth/token, client_credentials in a JSON body (reference §3). Errors carry an `error` key,
 * RFC 6749 style (clients match on it); credentials in the URL are refused with 401 (VERIFIED).
 * The fields are checked here in RFC order (grant_type first), so the route declares no body schema.
 */
export function registerOauthToken(app: FastifyInstance, ctx: BringgContext): void {
  defineRoute(app, {
    method: 'POST',
    url: '/oauth/token',
    schema: {
      tags: ['Bringg'],
      summary: 'OAuth2 client_credentials token (1,800 s)',
      security: [],
      // The framework's own refusals (bad JSON, 413, 415) are the plugin's envelope.
      response: {
        200: TokenResponse,
        400: z.union([OauthErrorResponse, BringgFailureResponse]),
        401: OauthErrorResponse,
        413: BringgFailureResponse,
        429: BringgFailureResponse,
        500: BringgFailureResponse,
        503: BringgFailureResponse,
      },
    },
    examples: {
      response: {
        200: { access_token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl', token_type: 'Bearer', expires_in: 1800, created_at: 1764864000 },
      },
    },
    handler: async (req, reply) => {
      const query = (req.query ?? {}) as Record<string, unknown>;
      if (CREDENTIAL_KEYS.some((k) => k in query)) {
        return reply.status(401).send({ error: 'invalid_request', error_description: 'Send the credentials in the JSON body, not the URL' });
      }
      const unknown = unknownQueryKeys(req);
      if (unknown.length) return reply.status(400).send({ error: 'invalid_request', error_description: `Unknown query parameter ${unknown[0]}` });
      const b = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
      if (b.grant_type !== 'client_credentials') {
        return reply.status(400).send({ error: 'unsupported_grant_type', error_description: 'grant_type must be client_credentials' });
      }
      const token = typeof b.client_id === 'string' && typeof b.client_secret === 'string' ? await ctx.auth.issueToken(b.client_id, b.client_secret) : null;
      if (!token) return reply.status(401).send({ error: 'invalid_client', error_description: 'Unknown client or wrong secret' });
      return reply.status(200).send(token);
    },
  });
}
