import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebSessions } from '../../services/accounts/web-sessions.ts';
import type { Deps } from '../../services/deps.ts';
import { enforceRateLimit } from '../shared/rate-limit.ts';
import { isSameOrigin } from '../shared/same-origin.ts';
import { webError } from './errors.ts';

export const SESSION_COOKIE = 'dl_session';
export const CSRF_COOKIE = 'dl_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every /app/api request needs a valid session cookie; a state-changing one also needs the
 * double-submit CSRF token in a header (a cross-site form cannot set headers or read our
 * cookies) and, when the browser names it, this server's own Origin.
 */
export function sessionGuard(sessions: WebSessions, deps: Deps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const session = await sessions.verify(req.cookies[SESSION_COOKIE]);
    if (!session) {
      const out = webError(401, 'unauthorized', 'Sign in to continue');
      return reply.status(out.status).send(out.body);
    }
    if (!SAFE.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (!isSameOrigin(req) || typeof sent !== 'string' || sent !== session.csrf) {
        const out = webError(403, 'csrf', 'The request did not come from the dashboard; reload the page');
        return reply.status(out.status).send(out.body);
      }
    }
    req.accountId = session.accountId;
    enforceRateLimit(deps, reply, session.accountId);
  };
}
