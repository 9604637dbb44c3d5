import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { WebSessions } from '../../services/accounts/web-sessions.ts';
import type { Deps } from '../../services/deps.ts';
import { webError } from './errors.ts';
import { isSameOrigin } from '../shared/same-origin.ts';
import { CSRF_COOKIE, SESSION_COOKIE, sessionGuard } from './session-guard.ts';

const SignIn = z.object({ account_id: z.string().min(1).max(200), secret_key: z.string().min(1).max(500) });

/** Sign-in, the current session, and sign-out for the dashboard. */
export function registerSessionRoutes(app: FastifyInstance, deps: Deps, sessions: WebSessions, opts: { sessionHours: number; secureCookies: boolean }) {
  const cookie = (httpOnly: boolean) => ({
    path: '/app',
    httpOnly,
    sameSite: 'strict' as const,
    secure: opts.secureCookies,
    maxAge: opts.sessionHours * 3600,
  });

  app.post('/app/api/session', { schema: { hide: true, body: SignIn } as object }, async (req, reply) => {
    // Login CSRF: another site must not sign a browser into an account of its choosing.
    if (!isSameOrigin(req)) {
      const out = webError(403, 'csrf', 'Sign in from the dashboard itself');
      return reply.status(out.status).send(out.body);
    }
    const { account_id, secret_key } = req.body as z.infer<typeof SignIn>;
    const signed = await sessions.signIn(account_id, secret_key);
    if (!signed) {
      const out = webError(401, 'invalid_credentials', 'The account id or secret key is wrong');
      return reply.status(out.status).send(out.body);
    }
    reply.setCookie(SESSION_COOKIE, signed.token, cookie(true));
    reply.setCookie(CSRF_COOKIE, signed.session.csrf, cookie(false));
    return { account_id: signed.session.accountId, csrf_token: signed.session.csrf, expires_at: signed.session.expiresAt.toISOString() };
  });

  const guard = sessionGuard(sessions, deps);
  // Signed out is an answer here, not an error: the page asks this first on every load.
  app.get('/app/api/session', { schema: { hide: true } }, async (req) => {
    const session = await sessions.verify(req.cookies[SESSION_COOKIE]);
    return session
      ? { signed_in: true, account_id: session.accountId, csrf_token: session.csrf, expires_at: session.expiresAt.toISOString() }
      : { signed_in: false };
  });

  app.delete('/app/api/session', { schema: { hide: true }, onRequest: guard }, async (_req, reply) => {
    reply.clearCookie(SESSION_COOKIE, { path: '/app' });
    reply.clearCookie(CSRF_COOKIE, { path: '/app' });
    return reply.status(204).send();
  });
}
