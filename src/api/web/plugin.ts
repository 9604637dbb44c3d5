import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { WebSessions } from '../../services/accounts/web-sessions.ts';
import type { Deps } from '../../services/deps.ts';
import { registerBasemapRoute } from './basemap-route.ts';
import { registerBrandingRoutes } from './branding-routes.ts';
import { handleWebError } from './errors.ts';
import { registerDriverLinkRoutes } from './driver-link-routes.ts';
import { registerDriverPages } from './driver-pages.ts';
import { registerGeocodeRoute } from './geocode-route.ts';
import { registerFleetRoutes } from './fleet-routes.ts';
import { registerOrderActions } from './order-actions.ts';
import { registerOrderRoutes } from './order-routes.ts';
import { registerPlanningRoutes } from './planning-routes.ts';
import { registerRouteEmbed } from './route-embed.ts';
import { pageHeaders } from './page-headers.ts';
import { sessionGuard } from './session-guard.ts';
import { registerSessionRoutes } from './session-routes.ts';
import { sendHtml, type WebAssets, withConfig } from './web-assets.ts';
import { mapConfig, type WebOptions } from './web-options.ts';

const YEAR = 365 * 24 * 3600;

/**
 * The web pages: hashed assets (immutable), the dashboard at /app, and its session-authenticated
 * JSON API under /app/api that calls the same services as the vendor APIs.
 */
export async function webPlugin(app: FastifyInstance, o: { deps: Deps; assets: WebAssets; options: WebOptions; publicUrl: string }) {
  const { deps, assets, options } = o;
  await app.register(cookie);
  const assetDir = join(assets.root, 'assets');
  if (existsSync(assetDir)) {
    await app.register(fastifyStatic, {
      root: assetDir,
      prefix: '/assets/',
      preCompressed: true,
      cacheControl: false,
      index: false,
      setHeaders: (reply) => {
        // File names carry a content hash: a changed file is a new URL.
        reply.header('cache-control', `public, max-age=${YEAR}, immutable`);
        reply.header('x-content-type-options', 'nosniff');
      },
    });
  }

  if (options.basemapFile) registerBasemapRoute(app, options.basemapFile);

  // Someone opening the server's address in a browser wants the dashboard, not a JSON 404.
  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/app', 302));

  app.get('/app', { schema: { hide: true } }, async (req, reply) => {
    const html = assets.template('dashboard');
    if (!html) return reply.status(503).type('text/plain').send('The web pages are not built yet; start the server with `npm start`.');
    return sendHtml(req, reply, 200, withConfig(html, mapConfig(options)), pageHeaders({ tileOrigin: options.tileOrigin, embeddable: false }));
  });

  registerDriverPages(app, assets, options);

  const sessions = new WebSessions(deps, options.sessionHours * 3600);
  await app.register(async (scope) => {
    scope.setErrorHandler(handleWebError);
    registerRouteEmbed(scope, deps, { assets, options, sessions });
  });
  await app.register(async (scope) => {
    scope.setErrorHandler(handleWebError);
    scope.addHook('onSend', async (_req, reply, payload) => {
      reply.header('cache-control', 'no-store');
      return payload;
    });
    registerSessionRoutes(scope, deps, sessions, options);
    await scope.register(async (authed) => {
      // onRequest, not preHandler: a request without a session is 401 before its body or params are validated.
      authed.addHook('onRequest', sessionGuard(sessions, deps));
      registerOrderRoutes(authed, deps);
      registerOrderActions(authed, deps);
      registerFleetRoutes(authed, deps);
      registerDriverLinkRoutes(authed, deps, o.publicUrl);
      registerGeocodeRoute(authed, deps);
      registerBrandingRoutes(authed, deps);
      registerPlanningRoutes(authed, deps);
    });
  });
}
