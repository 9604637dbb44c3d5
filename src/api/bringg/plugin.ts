import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { DomainError } from '../../core/errors.ts';
import { asDomainError } from '../../services/store-failure.ts';
import { enforceRateLimit } from '../shared/rate-limit.ts';
import { unknownQueryKeys } from '../shared/strict-query.ts';
import { setRetryAfter } from '../shared/retry-after.ts';
import type { BringgCaller } from '../../services/bringg/bringg-auth.ts';
import { MalformedJsonError } from '../shared/json-body.ts';
import type { BringgContext, BringgService } from './context.ts';
import { type BringgReply, failure, fromDomainError, RC } from './errors.ts';
import { registerOauthToken } from './routes/oauth-token.ts';
import { BY_CODE, BY_NAME } from './services.ts';

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

async function runService(ctx: BringgContext, service: BringgService, caller: BringgCaller, req: FastifyRequest, reply: FastifyReply) {
  enforceRateLimit(ctx.deps, reply, caller.accountId);
  // No service takes a query: everything is in the body (reference §1), so any key is refused, named.
  const unknown = unknownQueryKeys(req);
  if (unknown.length) return send(reply, failure(400, unknown.map((k) => `${k}: Unknown query parameter`).join('; '), RC.validation));
  const body = unwrap(req.body);
  if (typeof body !== 'object' || Array.isArray(body)) return send(reply, failure(400, 'The body must be a JSON object', RC.validation));
  const parsed = service.body.safeParse(body);
  if (!parsed.success) return send(reply, failure(400, describeIssues(parsed.error), RC.validation));
  try {
    const result = await service.run(ctx, caller, parsed.data);
    return reply.status(200).send({ success: true, rc: RC.ok, ...result });
  } catch (e) {
    const domain = asDomainError(e);
    if (domain) return sendDomainError(reply, domain, service.name);
    throw e;
  }
}

const bearer = (header: string | undefined): string | null => {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1]! : null;
};

/**
 * The Bringg Services dialect (reference §1): every service is a POST under /services, reached by
 * secret URL (/services/{code}/{uuid1}/{uuid2}/, the UUID pair is the credential) or by name with
 * a bearer token from /oauth/token. Every answer is the {success, message, rc} envelope.
 */
export async function bringgPlugin(app: FastifyInstance, ctx: BringgContext): Promise<void> {
  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    const domain = asDomainError(err);
    if (domain) return sendDomainError(reply, domain, '');
    if (err instanceof MalformedJsonError) return send(reply, failure(400, `Malformed JSON: ${err.message}`, RC.validation));
    if (err.statusCode === 415) return send(reply, failure(400, 'Send the body as application/json', RC.validation));
    if (err.statusCode === 413) return send(reply, failure(413, 'Request body too large', RC.validation));
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return send(reply, failure(err.statusCode, err.message, RC.validation));
    req.log.error({ err }, 'unhandled error');
    return send(reply, failure(500, 'Internal server error', RC.internal));
  });

  registerOauthToken(app, ctx);

  app.post<{ Params: { code: string; uuid1: string; uuid2: string } }>(
    '/services/:code/:uuid1/:uuid2',
    { schema: { tags: ['Bringg'], summary: 'Bringg service by secret URL (action code + the account’s UUID pair)', security: [] } },
    async (req, reply) => {
      // Authenticate before routing, so an unknown code tells a stranger nothing.
      const caller = await ctx.auth.verifyServiceUrl(req.params.uuid1, req.params.uuid2);
      if (!caller) return send(reply, unauthorized('Invalid service URL'));
      const service = BY_CODE.get(req.params.code);
      if (!service) return send(reply, failure(404, `Unknown service code ${req.params.code}`, RC.unknownService));
      return runService(ctx, service, caller, req, reply);
    },
  );

  app.post<{ Params: { name: string } }>(
    '/services/:name',
    {
      schema: {
        tags: ['Bringg'],
        summary: 'Bringg service by name with an OAuth bearer token',
        description: [...BY_NAME.values()].map((s) => `- \`${s.name}\`${s.code ? ` (code \`${s.code}\`)` : ''}: ${s.summary}`).join('\n'),
        security: [{ bearerAuth: [] }],
      },
    },
    async (req, reply) => {
      const token = bearer(req.headers.authorization);
      const caller = token ? await ctx.auth.verifyToken(token) : null;
      if (!caller) return send(reply, unauthorized(token ? 'Invalid or expired token' : 'Missing bearer token'));
      const service = BY_NAME.get(req.params.name);
      if (!service) return send(reply, failure(404, `Unknown service ${req.params.name}`, RC.unknownService));
      return runService(ctx, service, caller, req, reply);
    },
  );

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
