import type { WebSessions } from '../../services/accounts/web-sessions.ts';
import type { Deps } from '../../services/deps.ts';
import { cookieSessionGuard } from '../shared/cookie-session-guard.ts';
import { webError } from './errors.ts';

export const SESSION_COOKIE = 'dl_session';
export const CSRF_COOKIE = 'dl_csrf';

/** Every /app/api request needs a valid session cookie; a state-changing one also the CSRF header and this server's Origin. */
export function sessionGuard(sessions: WebSessions, deps: Deps) {
  return cookieSessionGuard(deps, {
    cookie: SESSION_COOKIE,
    verify: (value) => sessions.verify(value),
    refuse: (status) =>
      status === 401
        ? webError(401, 'unauthorized', 'Sign in to continue')
        : webError(403, 'csrf', 'The request did not come from the dashboard; reload the page'),
  });
}
