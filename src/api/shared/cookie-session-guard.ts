import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../services/deps.ts';
import { enforceRateLimit } from './rate-limit.ts';
import { isSameOrigin } from './same-origin.ts';

export const CSRF_HEADER = 'x-csrf-token';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CookieSessionGuard<S> {
  /** The session cookie's name. */
  cookie: string;
  /** The live session a cookie value stands for, or null. */
  verify(value: string | undefined): Promise<S | null>;
  /** The caller's refusal body for a missing session (401) or a request from elsewhere (403). */
  refuse(status: 401 | 403): { status: number; body: unknown };
  /** What the request learns of a session that passed, past its account. */
  admit?(req: FastifyRequest, session: S): void;
}

/**
 * A guard for the API of a page the server serves itself: a request needs a live session cookie; a
 * state-changing one also needs the double-submit CSRF token in a header (a cross-site form cannot
 * set headers or read our cookies) and, when the browser names it, this server's own Origin.
 */
export function cookieSessionGuard<S extends { accountId: string; csrf: string }>(deps: Deps, g: CookieSessionGuard<S>) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const session = await g.verify(req.cookies[g.cookie]);
    if (!session) {
      const out = g.refuse(401);
      return reply.status(out.status).send(out.body);
    }
    if (!SAFE.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (!isSameOrigin(req) || typeof sent !== 'string' || sent !== session.csrf) {
        const out = g.refuse(403);
        return reply.status(out.status).send(out.body);
      }
    }
    g.admit?.(req, session);
    req.accountId = session.accountId;
    enforceRateLimit(deps, reply, session.accountId);
  };
}
