import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DomainError } from '../../core/errors.ts';
import { actingFor } from '../../services/uber/organizations.ts';
import { invalidParams } from '../../services/uber/uber-refusal.ts';
import type { UberCaller } from '../../services/uber/uber-auth.ts';
import { enforceRateLimit } from '../shared/rate-limit.ts';
import { unknownQueryKeys } from '../shared/strict-query.ts';
import { setRetryAfter } from '../shared/retry-after.ts';
import type { UberContext } from './context.ts';
import { fromDomainError, type UberReply, uberError } from './errors.ts';

export const send = (reply: FastifyReply, out: UberReply) => reply.status(out.status).send(out.body);

/** A domain refusal (or a store failure) as Uber's body, with Retry-After where it is about timing. */
export function sendDomainError(reply: FastifyReply, e: DomainError) {
  setRetryAfter(reply, e);
  return send(reply, fromDomainError(e));
}

export const bearer = (header: string | undefined): string | null => {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1]! : null;
};

declare module 'fastify' {
  interface FastifyRequest {
    /** The Uber caller acting for the path's customer (set by uberAuth before validation). */
    uberCaller: UberCaller | null;
    /** The body as sent, before its schema parsed it: Uber's request fields are kept verbatim (create). */
    uberBodySent: Record<string, unknown> | null;
  }
}

/** The caller uberAuth admitted; a route without uberAuth has none, which is a programming error. */
export function callerOf(req: FastifyRequest): UberCaller {
  if (!req.uberCaller) throw new Error(`${req.routeOptions.url}: an Uber customer route needs uberAuth`);
  return req.uberCaller;
}

/**
 * A customer route's `auth` (define-route.ts), before the request is validated: bearer token
 * (401), rate limit, the path's customer (404), unknown query keys (400); then a body that is not
 * a JSON object is Uber's invalid_params, and no body at all is `{}` (the SDK posts none on some
 * operations). A refusal thrown here reaches the plugin's error handler as Uber's body.
 */
export const uberAuth = (ctx: UberContext) => async (req: FastifyRequest, reply: FastifyReply) => {
  const token = bearer(req.headers.authorization);
  const caller = token ? await ctx.auth.verifyToken(token) : null;
  // A token granted direct.organizations only is not one for the deliveries API (reference §1 scopes).
  if (!caller || !caller.scopes.includes('eats.deliveries')) return send(reply, uberError('unauthorized'));
  enforceRateLimit(ctx.deps, reply, caller.accountId);
  // The root or one of the account's sub-organizations; another account's id looks exactly like an unknown one.
  const acting = await actingFor(ctx.deps, caller, (req.params as { customer_id?: string }).customer_id ?? '');
  if (!acting) return send(reply, uberError('customer_not_found'));
  // A route's query keys are its querystring schema's; any other is named as a strict body's are (schemas.ts).
  const unknown = unknownQueryKeys(req);
  if (unknown.length) return send(reply, uberError('invalid_params', Object.fromEntries(unknown.map((k) => [k, 'This field is not supported.']))));
  if (req.routeOptions.schema?.body) {
    if (req.body === null || req.body === undefined) req.body = {};
    if (typeof req.body !== 'object' || Array.isArray(req.body)) throw invalidParams({ param_details: 'The body must be a JSON object.' });
    req.uberBodySent = req.body as Record<string, unknown>;
  }
  req.uberCaller = acting;
  // Whose answer this is: the server signs only this account's proof markers in it (proof-files.ts).
  req.accountId = acting.accountId;
};
