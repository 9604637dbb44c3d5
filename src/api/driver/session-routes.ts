import { z } from 'zod';
import type { Deps } from '../../services/deps.ts';
import type { DriverSession, DriverSessions } from '../../services/drivers/driver-sessions.ts';
import { isSameOrigin } from '../shared/same-origin.ts';
import type { DriverApp } from './context.ts';
import { driverError } from './errors.ts';
import { errors, SessionOut } from './schemas.ts';
import { DRIVER_COOKIE, DRIVER_CSRF_COOKIE, driverGuard } from './session-guard.ts';

const REFUSALS = {
  link_invalid: 'This sign-in link is not valid',
  link_expired: 'This sign-in link has expired; ask your dispatcher for a new one',
  link_revoked: 'This sign-in link was revoked; ask your dispatcher for a new one',
} as const;

const sessionJson = (s: DriverSession) => ({
  worker_handle: s.worker.workerHandle,
  name: s.worker.name,
  device_id: s.worker.deviceIds.at(-1) ?? null,
  link_id: s.link.linkId,
  csrf_token: s.csrf,
  expires_at: s.expiresAt.toISOString(),
});

/** Sign-in with a link token, the current session, sign-out (docs/driver-app.md §2). */
export function registerDriverSessionRoutes(app: DriverApp, deps: Deps, sessions: DriverSessions, opts: { secureCookies: boolean }) {
  const cookie = (httpOnly: boolean, expiresAt: Date) => ({
    path: '/driver',
    httpOnly,
    sameSite: 'strict' as const,
    secure: opts.secureCookies,
    maxAge: Math.max(0, Math.floor((expiresAt.getTime() - deps.clock.now().getTime()) / 1000)),
  });

  app.post(
    '/driver/api/session',
    {
      schema: {
        tags: ['Driver app'],
        summary: "Sign a driver in with the token of the worker's sign-in link",
        body: z.strictObject({ token: z.string().min(1).max(300) }),
        response: { 200: SessionOut, ...errors },
      },
    },
    async (req, reply) => {
      // Login CSRF: another site must not sign a phone in as a driver of its choosing.
      if (!isSameOrigin(req)) {
        const out = driverError(403, 'csrf', 'Open the sign-in link in the driver app itself');
        return reply.status(out.status).send(out.body);
      }
      const signed = await sessions.signIn(req.body.token);
      if (typeof signed === 'string') {
        const out = driverError(401, signed, REFUSALS[signed]);
        return reply.status(out.status).send(out.body);
      }
      reply.setCookie(DRIVER_COOKIE, signed.token, cookie(true, signed.session.expiresAt));
      reply.setCookie(DRIVER_CSRF_COOKIE, signed.session.csrf, cookie(false, signed.session.expiresAt));
      return sessionJson(signed.session);
    },
  );

  // Signed out is an answer here, not an error: the app asks this first on every load.
  app.get(
    '/driver/api/session',
    {
      schema: {
        tags: ['Driver app'],
        summary: 'Whether this phone is signed in as a driver',
        response: { 200: z.union([z.object({ signed_in: z.literal(false) }), SessionOut.extend({ signed_in: z.literal(true) })]), ...errors },
      },
    },
    async (req) => {
      const session = await sessions.verify(req.cookies[DRIVER_COOKIE]);
      return session ? { signed_in: true, ...sessionJson(session) } : { signed_in: false };
    },
  );

  app.delete(
    '/driver/api/session',
    {
      schema: { tags: ['Driver app'], summary: 'Sign the driver out on this phone', response: { 204: z.null(), ...errors } },
      onRequest: driverGuard(sessions, deps),
    },
    async (_req, reply) => {
      reply.clearCookie(DRIVER_COOKIE, { path: '/driver' });
      reply.clearCookie(DRIVER_CSRF_COOKIE, { path: '/driver' });
      return reply.status(204).send();
    },
  );
}
