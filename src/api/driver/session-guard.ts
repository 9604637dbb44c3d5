import type { Deps } from '../../services/deps.ts';
import type { DriverSessions } from '../../services/drivers/driver-sessions.ts';
import { cookieSessionGuard } from '../shared/cookie-session-guard.ts';
import { driverError } from './errors.ts';

export const DRIVER_COOKIE = 'dl_driver';
export const DRIVER_CSRF_COOKIE = 'dl_driver_csrf';

/**
 * Every driver API request needs a live session: its cookie's MAC, its link neither revoked nor
 * expired, its worker not deleted. A state-changing one also needs the CSRF header and this
 * server's Origin, as the dashboard's guard.
 */
export function driverGuard(sessions: DriverSessions, deps: Deps) {
  return cookieSessionGuard(deps, {
    cookie: DRIVER_COOKIE,
    verify: (value) => sessions.verify(value),
    refuse: (status) =>
      status === 401
        ? driverError(401, 'unauthorized', 'Sign in again with the link from your dispatcher')
        : driverError(403, 'csrf', 'The request did not come from the driver app; reload the page'),
    admit: (req, session) => {
      req.driver = session;
    },
  });
}
