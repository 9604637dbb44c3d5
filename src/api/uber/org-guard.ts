import type { FastifyReply, FastifyRequest } from 'fastify';
import { orgRefusal } from '../../services/uber/organizations.ts';
import { enforceRateLimit } from '../shared/rate-limit.ts';
import { unknownQueryKeys } from '../shared/strict-query.ts';
import type { UberContext } from './context.ts';
import { uberError } from './errors.ts';
import { bearer } from './guard.ts';

/** The organizations API's own error bodies (organizations-openapi.yaml examples): `{message}`, `{error}` for bad JSON. */
export const orgNotFound = (reply: FastifyReply) => reply.status(404).send({ message: 'The requested resource does not exist.' });

/**
 * An organizations route's `auth`: bearer token with the direct.organizations scope (401 as the
 * deliveries API), rate limit, unknown query keys, a body that is no JSON object; refusals are
 * the `{message}` 400s of the scope's error handler (plugin.ts).
 */
export const orgAuth = (ctx: UberContext) => async (req: FastifyRequest, reply: FastifyReply) => {
  const token = bearer(req.headers.authorization);
  const caller = token ? await ctx.auth.verifyToken(token) : null;
  // organizations-openapi.yaml: "Authorization requires the direct.organizations scope".
  if (!caller || !caller.scopes.includes('direct.organizations')) return reply.status(401).send(uberError('unauthorized').body);
  enforceRateLimit(ctx.deps, reply, caller.accountId);
  // No organizations operation takes a query; a key is refused as a body field is.
  const unknown = unknownQueryKeys(req);
  if (unknown.length) return reply.status(400).send({ message: `${unknown[0]} is not a known query parameter` });
  if (req.routeOptions.schema?.body) {
    const b = req.body;
    if (b === null || b === undefined || typeof b !== 'object' || Array.isArray(b)) throw orgRefusal('the body must be a JSON object');
  }
  req.uberCaller = caller;
  req.accountId = caller.accountId;
};
