import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DomainError } from '../../core/errors.ts';
import { asDomainError } from '../../services/store-failure.ts';
import { actingFor } from '../../services/uber/organizations.ts';
import { enforceRateLimit } from '../shared/rate-limit.ts';
import { unknownQueryKeys } from '../shared/strict-query.ts';
import { setRetryAfter } from '../shared/retry-after.ts';
import type { UberContext, UberHandler } from './context.ts';
import { fromDomainError, type UberReply, uberError } from './errors.ts';

export const send = (reply: FastifyReply, out: UberReply) => reply.status(out.status).send(out.body);

/** A domain refusal (or a store failure) as Uber's body, with Retry-After where it is about timing. */
export function sendDomainError(reply: FastifyReply, e: DomainError) {
  setRetryAfter(reply, e);
  return send(reply, fromDomainError(e));
}

const bearer = (header: string | undefined): string | null => {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1]! : null;
};

/** Wraps a customer route: bearer token first (401), then the path's customer (404), unknown query keys (400), then domain refusals. */
export function guarded(ctx: UberContext, handler: UberHandler) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const token = bearer(req.headers.authorization);
    const caller = token ? await ctx.auth.verifyToken(token) : null;
    // A token granted direct.organizations only is not one for the deliveries API (reference §1 scopes).
    if (!caller || !caller.scopes.includes('eats.deliveries')) return send(reply, uberError('unauthorized'));
    try {
      enforceRateLimit(ctx.deps, reply, caller.accountId);
      // The root or one of the account's sub-organizations; another account's id looks exactly like an unknown one.
      const acting = await actingFor(ctx.deps, caller, (req.params as { customer_id?: string }).customer_id ?? '');
      if (!acting) return send(reply, uberError('customer_not_found'));
      // A route's query keys are its `config.query`'s; any other is named as a strict body's are (schemas.ts).
      const unknown = unknownQueryKeys(req);
      if (unknown.length) return send(reply, uberError('invalid_params', Object.fromEntries(unknown.map((k) => [k, 'This field is not supported.']))));
      return await handler(acting, req, reply);
    } catch (e) {
      const domain = asDomainError(e);
      if (domain) return sendDomainError(reply, domain);
      throw e;
    }
  };
}
