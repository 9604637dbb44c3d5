import type { FastifyInstance } from 'fastify';
import { MalformedJsonError } from '../shared/json-body.ts';
import type { UberContext } from './context.ts';
import { asDomainError } from '../../services/store-failure.ts';
import { send, sendDomainError } from './guard.ts';
import { RequestValidationError } from '../shared/route-schemas.ts';
import { issuesMetadata } from './schemas.ts';
import { orgIssueMessage } from './org-schemas.ts';
import { fromDomainError, uberError } from './errors.ts';
import { ORGANIZATION_RULE } from '../../services/uber/organizations.ts';
import { setRetryAfter } from '../shared/retry-after.ts';
import { registerCancelDelivery } from './routes/cancel-delivery.ts';
import { registerCreateDelivery } from './routes/create-delivery.ts';
import { registerCreateQuote } from './routes/create-quote.ts';
import { registerGetDelivery } from './routes/get-delivery.ts';
import { registerListDeliveries } from './routes/list-deliveries.ts';
import { registerOauthToken } from './routes/oauth-token.ts';
import { registerProofOfDelivery } from './routes/proof-of-delivery.ts';
import { registerUpdateDelivery } from './routes/update-delivery.ts';
import { registerCreateOrg } from './routes/create-org.ts';
import { registerGetOrg } from './routes/get-org.ts';
import { registerInviteToOrg } from './routes/invite-to-org.ts';

/**
 * The Uber Direct dialect (reference §2): OAuth client_credentials at /oauth/v2/token and the
 * deliveries API under /v1/customers/{customer_id}. Every error is Uber's JSON body — the SDK
 * turns a non-JSON error into a generic 500 (reference §2).
 */
export async function uberPlugin(app: FastifyInstance, ctx: UberContext): Promise<void> {
  app.decorateRequest('uberCaller', null);
  app.decorateRequest('uberBodySent', null);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    const domain = asDomainError(err);
    if (domain) return sendDomainError(reply, domain);
    // A route's zod schema refused the body or query: Uber's metadata names each field (reference §8).
    if (err instanceof RequestValidationError) return send(reply, uberError('invalid_params', issuesMetadata(err.zod)));
    if (err instanceof MalformedJsonError) return send(reply, uberError('invalid_params', { param_details: `Malformed JSON: ${err.message}` }));
    if (err.statusCode === 415) return send(reply, uberError('invalid_params', { param_details: 'Send the body as application/json' }));
    if (err.statusCode === 413) return send(reply, uberError('payload_too_large'));
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return send(reply, uberError('invalid_params', { param_details: err.message }));
    req.log.error({ err }, 'unhandled error');
    return send(reply, uberError('unknown_error'));
  });
  registerOauthToken(app, ctx);
  await app.register(
    async (v1) => {
      v1.setNotFoundHandler((req, reply) => send(reply, uberError('not_found', { param_details: `No route ${req.method} ${req.url.split('?')[0]}` })));
      registerCreateQuote(v1, ctx);
      registerCreateDelivery(v1, ctx);
      registerListDeliveries(v1, ctx);
      registerGetDelivery(v1, ctx);
      registerUpdateDelivery(v1, ctx);
      registerCancelDelivery(v1, ctx);
      registerProofOfDelivery(v1, ctx);
    },
    { prefix: '/v1' },
  );
  // Organizations (organizations-openapi.yaml, base /v1/direct): bodies of their own — bad JSON is `{error}`.
  await app.register(
    async (direct) => {
      direct.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
        const domain = asDomainError(err);
        if (domain) {
          if (domain.details.rule === ORGANIZATION_RULE) return reply.status(400).send({ message: domain.message });
          setRetryAfter(reply, domain);
          const out = fromDomainError(domain);
          return reply.status(out.status).send({ message: out.body.message });
        }
        if (err instanceof RequestValidationError) return reply.status(400).send({ message: orgIssueMessage(err.zod) });
        if (err instanceof MalformedJsonError) return reply.status(400).send({ error: `Could not parse json: ${err.message}` });
        if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return reply.status(err.statusCode).send({ message: err.message });
        req.log.error({ err }, 'unhandled error');
        return reply.status(500).send({ message: 'An unknown error happened.' });
      });
      registerCreateOrg(direct, ctx);
      registerGetOrg(direct, ctx);
      registerInviteToOrg(direct, ctx);
    },
    { prefix: '/v1/direct' },
  );
}
