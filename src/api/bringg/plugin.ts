import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { DomainError } from '../../core/errors.ts';
import type { BringgCaller } from '../../services/bringg/bringg-auth.ts';
import { asDomainError } from '../../services/store-failure.ts';
import { defineRoute } from '../shared/define-route.ts';
import { MalformedJsonError } from '../shared/json-body.ts';
import { enforceRateLimit } from '../shared/rate-limit.ts';
import { setRetryAfter } from '../shared/retry-after.ts';
import { RequestValidationError } from '../shared/route-schemas.ts';
import { unknownQueryKeys } from '../shared/strict-query.ts';
import type { BringgContext, BringgService } from './context.ts';
import { type BringgReply, failure, fromDomainError, RC } from './errors.ts';
import { BringgFailureResponse, bringgErrors, successOf } from './response-schemas.ts';
import { registerOauthToken } from './routes/oauth-token.ts';
import { SERVICES } from './services.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The Bringg caller (token or service URL), set by the route's auth before validation. */
    bringgCaller: BringgCaller | null;
  }
}

const send = (reply: FastifyReply, out: BringgReply) => reply.status(out.status).send(out.body);

function sendDomainError(reply: FastifyReply, e: DomainError, service: string) {
  setRetryAfter(reply, e);
  return send(reply, fromDomainError(e, service));
}

const unauthorized = (message: string) => failure(401, message, RC.auth);

/** One integration wrapped bodies as {"task": {...}} / {"customer": {...}} (reference §1); both shapes are accepted (OURS). */
function unwrap(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body ?? {};
  const keys = Object.keys(body);
  const inner = (body as Record<string, unknown>)[keys[0]!];
  if (keys.length === 1 && (keys[0] === 'task' || keys[0] === 'customer') && inner && typeof inner === 'object' && !Array.isArray(inner)) {
    return inner;
  }
  return body;
}

const describeIssues = (e: z.ZodError) => e.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');

const bearer = (header: string | undefined): string | null => {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1]! : null;
};

/**
 * After the caller is known, before the body is validated: the account's rate, no query (no
 * service takes one: everything is in the body, reference §1, so any key is refused, named), and
 * the body unwrapped and a JSON object.
 */
function admit(ctx: BringgContext, caller: BringgCaller, req: FastifyRequest, reply: FastifyReply) {
  enforceRateLimit(ctx.deps, reply, caller.accountId);
  const unknown = unknownQueryKeys(req);
  if (unknown.length) return send(reply, failure(400, unknown.map((k) => `${k}: Unknown query parameter`).join('; '), RC.validation));
  const body = unwrap(req.body);
  if (typeof body !== 'object' || Array.isArray(body)) return send(reply, failure(400, 'The body must be a JSON object', RC.validation));
  req.body = body;
  req.bringgCaller = caller;
  // Whose answer this is: the server signs only this account's proof markers in it (proof-files.ts).
  req.accountId = caller.accountId;
  return undefined;
}

const SecretUrlParams = z.object({ uuid1: z.string(), uuid2: z.string() });

/**
 * The Bringg Services dialect (reference §1): every service is a POST under /services, reached by
 * secret URL (/services/{code}/{uuid1}/{uuid2}/, the UUID pair is the credential) or by name with
 * a bearer token from /oauth/token. Every answer is the {success, message, rc} envelope. Each
 * service is one route per URL style, with its own schemas; a name or code no service has falls
 * to a hidden route that answers 404 once the caller is authenticated.
 */
export async function bringgPlugin(app: FastifyInstance, ctx: BringgContext): Promise<void> {
  app.decorateRequest('bringgCaller', null);
  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    const domain = asDomainError(err);
    if (domain) return sendDomainError(reply, domain, '');
    if (err instanceof RequestValidationError) return send(reply, failure(400, describeIssues(err.zod), RC.validation));
    if (err instanceof MalformedJsonError) return send(reply, failure(400, `Malformed JSON: ${err.message}`, RC.validation));
    if (err.statusCode === 415) return send(reply, failure(400, 'Send the body as application/json', RC.validation));
    if (err.statusCode === 413) return send(reply, failure(413, 'Request body too large', RC.validation));
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return send(reply, failure(err.statusCode, err.message, RC.validation));
    req.log.error({ err }, 'unhandled error');
    return send(reply, failure(500, 'Internal server error', RC.internal));
  });

  registerOauthToken(app, ctx);

  // Each sends the 401 itself and answers null; a service route goes on to admit the request.
  const tokenCaller = async (req: FastifyRequest, reply: FastifyReply) => {
    const token = bearer(req.headers.authorization);
    const caller = token ? await ctx.auth.verifyToken(token) : null;
    if (!caller) send(reply, unauthorized(token ? 'Invalid or expired token' : 'Missing bearer token'));
    return caller;
  };
  const serviceUrlCaller = async (req: FastifyRequest, reply: FastifyReply) => {
    const { uuid1, uuid2 } = req.params as { uuid1: string; uuid2: string };
    const caller = await ctx.auth.verifyServiceUrl(uuid1, uuid2);
    if (!caller) send(reply, unauthorized('Invalid service URL'));
    return caller;
  };
  const admitted = (who: typeof tokenCaller) => async (req: FastifyRequest, reply: FastifyReply) => {
    const caller = await who(req, reply);
    return caller ? admit(ctx, caller, req, reply) : reply;
  };
  const authenticated = (who: typeof tokenCaller) => async (req: FastifyRequest, reply: FastifyReply) => {
    if (!(await who(req, reply))) return reply;
    return undefined;
  };

  const serve = (service: BringgService) => async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      return { success: true, rc: RC.ok, ...(await service.run(ctx, req.bringgCaller!, req.body)) };
    } catch (e) {
      const domain = asDomainError(e);
      if (domain) return sendDomainError(reply, domain, service.name);
      throw e;
    }
  };

  for (const service of SERVICES) {
    const schema = {
      tags: ['Bringg'],
      summary: service.summary,
      body: service.body,
      // Business refusals are HTTP 200 with success:false (reference §4).
      response: { 200: z.union([successOf(service.response), BringgFailureResponse]), ...bringgErrors },
    };
    const examples = service.examples && { body: service.examples.body, response: { 200: { success: true, rc: RC.ok, ...service.examples.response } } };
    defineRoute(app, {
      method: 'POST',
      url: `/services/${service.name}`,
      schema: {
        ...schema,
        description: `Bringg service \`${service.name}\` with an OAuth bearer token from /oauth/token.${service.code ? ` Also at the secret URL \`/services/${service.code}/{uuid1}/{uuid2}/\`.` : ''}`,
        security: [{ bearerAuth: [] }],
      },
      examples,
      auth: admitted(tokenCaller),
      handler: serve(service),
    });
    if (!service.code) continue;
    defineRoute(app, {
      method: 'POST',
      url: `/services/${service.code}/:uuid1/:uuid2`,
      schema: {
        ...schema,
        description: `Bringg service \`${service.name}\` by secret URL: action code \`${service.code}\` and the account’s UUID pair (the credential).`,
        params: SecretUrlParams,
        security: [],
      },
      examples,
      auth: admitted(serviceUrlCaller),
      handler: serve(service),
    });
  }

  // Authenticate before answering, so an unknown name or code tells a stranger nothing.
  const unknownService = bringgErrors;
  defineRoute(app, {
    method: 'POST',
    url: '/services/:code/:uuid1/:uuid2',
    schema: {
      tags: ['Bringg'],
      summary: 'A secret URL with an unknown action code',
      hide: true,
      params: SecretUrlParams.extend({ code: z.string() }),
      response: unknownService,
    },
    auth: authenticated(serviceUrlCaller),
    handler: async (req, reply) => send(reply, failure(404, `Unknown service code ${req.params.code}`, RC.unknownService)),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/services/:name',
    schema: { tags: ['Bringg'], summary: 'An unknown service name', hide: true, params: z.object({ name: z.string() }), response: unknownService },
    auth: authenticated(tokenCaller),
    handler: async (req, reply) => send(reply, failure(404, `Unknown service ${req.params.name}`, RC.unknownService)),
  });

  // Bringg: a wrong method is 405 (reference §4).
  for (const url of ['/services/:name', '/services/:code/:uuid1/:uuid2', '/oauth/token']) {
    app.route({
      method: ['GET', 'PUT', 'PATCH', 'DELETE'],
      url,
      schema: { hide: true },
      handler: async (_req, reply) => send(reply.header('allow', 'POST'), failure(405, 'Use POST', RC.validation)),
    });
  }
}
