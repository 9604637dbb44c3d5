import type { FastifyInstance } from 'fastify';
import { unknownQueryKeys } from '../../shared/strict-query.ts';
import type { UberContext } from '../context.ts';

/**
 * POST /oauth/v2/token, client_credentials (reference §1). The SDK posts a form body; JSON is
 * accepted too. Uber does not document its error body: these are RFC 6749's (`error` key).
 */
export function registerOauthToken(app: FastifyInstance, ctx: UberContext): void {
  app.post(
    '/oauth/v2/token',
    {
      schema: {
        tags: ['Uber Direct'],
        summary: 'OAuth 2.0 client_credentials token (30 days); form-encoded client_id, client_secret, grant_type, scope',
        security: [],
      },
    },
    async (req, reply) => {
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
  );
}
