import cookie from '@fastify/cookie';
import type { Deps } from '../../services/deps.ts';
import { DriverSessions } from '../../services/drivers/driver-sessions.ts';
import type { DriverApp } from './context.ts';
import { handleDriverError } from './errors.ts';
import { registerMeRoutes } from './routes/me.ts';
import { registerPutProof } from './routes/put-proof.ts';
import { registerStopActionRoutes } from './routes/stop-actions.ts';
import { registerStopRoutes } from './routes/stops.ts';
import { driverGuard } from './session-guard.ts';
import { registerDriverSessionRoutes } from './session-routes.ts';

/** The driver app's API under /driver/api (docs/driver-app.md): its own session, its own error bodies. */
export async function driverPlugin(app: DriverApp, o: { deps: Deps; secureCookies: boolean }) {
  const { deps } = o;
  await app.register(cookie);
  app.setErrorHandler(handleDriverError);
  // The app's own API, documented in docs/driver-app.md rather than the public OpenAPI (as the dashboard's).
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
  app.decorateRequest('accountId', '');
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('cache-control', 'no-store');
    return payload;
  });
  const sessions = new DriverSessions(deps);
  registerDriverSessionRoutes(app, deps, sessions, o);
  await app.register(async (authed: DriverApp) => {
    // onRequest, not preHandler: a request without a session is 401 before its body or params are validated.
    authed.addHook('onRequest', driverGuard(sessions, deps));
    registerMeRoutes(authed, deps);
    registerStopRoutes(authed, deps);
    registerStopActionRoutes(authed, deps);
    registerPutProof(authed, deps);
  });
}
