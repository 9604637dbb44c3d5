import type { FastifyReply, FastifyRequest } from 'fastify';
import { asDomainError } from '../../services/store-failure.ts';
import { ORGANIZATION_RULE } from '../../services/uber/organizations.ts';
import type { UberCaller } from '../../services/uber/uber-auth.ts';
import { enforceRateLimit } from '../shared/rate-limit.ts';
import { unknownQueryKeys } from '../shared/strict-query.ts';
import { setRetryAfter } from '../shared/retry-after.ts';
import type { UberContext } from './context.ts';
import { fromDomainError, uberError } from './errors.ts';

/** The organizations API's own error bodies (organizations-openapi.yaml examples): `{message}`, `{error}` for bad JSON. */
export const orgNotFound = (reply: FastifyReply) => reply.status(404).send({ message: 'The requested resource does not exist.' });

const bearer = (header: string | undefined): string | null => {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1]! : null;
};

/** Bearer token (401 as the deliveries API), rate limit, unknown query keys and refusals as `{message}` 400s. */
export function orgGuarded(ctx: UberContext, handler: (caller: UberCaller, req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const token = bearer(req.headers.authorization);
    const caller = token ? await ctx.auth.verifyToken(token) : null;
    // organizations-openapi.yaml: "Authorization requires the direct.organizations scope".
    if (!caller || !caller.scopes.includes('direct.organizations')) return reply.status(401).send(uberError('unauthorized').body);
    try {
      enforceRateLimit(ctx.deps, reply, caller.accountId);
      // No organizations operation takes a query; a key is refused as parseOrg refuses a body field.
      const unknown = unknownQueryKeys(req);
      if (unknown.length) return reply.status(400).send({ message: `${unknown[0]} is not a known query parameter` });
      return await handler(caller, req, reply);
    } catch (e) {
      const domain = asDomainError(e);
      if (!domain) throw e;
      if (domain.details.rule === ORGANIZATION_RULE) return reply.status(400).send({ message: domain.message });
      setRetryAfter(reply, domain);
      const out = fromDomainError(domain);
      return reply.status(out.status).send({ message: out.body.message });
    }
  };
}
