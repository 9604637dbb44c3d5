import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../services/deps.ts';
import type { DriverSessions } from '../../services/drivers/driver-sessions.ts';
import { enforceRateLimit } from '../shared/rate-limit.ts';
import { isSameOrigin } from '../shared/same-origin.ts';
import { driverError } from './errors.ts';

export const DRIVER_COOKIE = 'dl_driver';
export const DRIVER_CSRF_COOKIE = 'dl_driver_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every driver API request needs a live session: its cookie's MAC, its link neither revoked nor
 * expired, its worker not deleted. A state-changing one also needs the double-submit CSRF header
 * and, when the browser names it, this server's own Origin (as the dashboard's guard).
 */
export function driverGuard(sessions: DriverSessions, deps: Deps) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const session = await sessions.verify(req.cookies[DRIVER_COOKIE]);
    if (!session) {
      const out = driverError(401, 'unauthorized', 'Sign in again with the link from your dispatcher');
      return reply.status(out.status).send(out.body);
    }
    if (!SAFE.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (!isSameOrigin(req) || typeof sent !== 'string' || sent !== session.csrf) {
        const out = driverError(403, 'csrf', 'The request did not come from the driver app; reload the page');
        return reply.status(out.status).send(out.body);
      }
    }
    req.driver = session;
    req.accountId = session.accountId;
    enforceRateLimit(deps, reply, session.accountId);
  };
}
