import { fileURLToPath } from 'node:url';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { Authenticator } from '../services/accounts/authenticate.ts';
import type { Deps } from '../services/deps.ts';
import { registerAdminRoutes } from './admin/admin-routes.ts';
import type { RoboCouriers } from '../services/uber/robo-courier.ts';
import { handleHtError } from './hypertrack/errors.ts';
import { osmandRoutes } from './ingest/osmand-routes.ts';
import { owntracksRoutes } from './ingest/owntracks-routes.ts';
import { registerProofFiles, signProofUrlsOnSend } from './public/proof-files.ts';
import { registerShareView } from './public/share-view.ts';
import { handleDriverError } from './driver/errors.ts';
import { driverPlugin } from './driver/plugin.ts';
import { acceptJsonBodies } from './shared/json-body.ts';
import { routedDialects } from './shared/dialect.ts';
import { registerOperationsRoutes } from './shared/operations-routes.ts';
import { endStreamsOnClose } from './shared/sse.ts';
import { inRealm, type RouteTable } from './shared/route-table.ts';
import { refuseUnstorableInput } from './shared/storable.ts';
import { requestValidator, responseSerializer } from './shared/route-schemas.ts';
import { frameworkErrors, replyUnrouted } from './unrouted.ts';
import { webPlugin } from './web/plugin.ts';
import { SharePages } from './web/share-pages.ts';
import { WebAssets } from './web/web-assets.ts';
import { tileOriginOf, type WebOptions } from './web/web-options.ts';

export interface ServerOptions {
  publicUrl: string;
  logLevel?: string;
  /** Enables /_admin for the CLI (embedded store only). */
  adminToken?: string;
  /** DROPLINE_WEBHOOKS_ALLOW_PRIVATE: webhook URLs may point at loopback/private addresses. */
  allowPrivateWebhookUrls?: boolean;
  /** DROPLINE_UBER_ROBO_TIME_FACTOR: real seconds per second of Uber's robo courier schedule (default 1). */
  uberRoboTimeFactor?: number;
  /** The robo couriers to drive Uber test deliveries with (a test keeps them to wait until they are idle); else made here. */
  robo?: RoboCouriers;
  /** The web pages (docs/web.md); defaults: dist/web, no tile server, 24 h share expiry, 12 h sessions. */
  web?: Partial<Omit<WebOptions, 'tileOrigin'>>;
  /** DROPLINE_METRICS_TOKEN: when set, /metrics wants `Authorization: Bearer <token>`. */
  metricsToken?: string | null;
  /** Filled with every route as it is registered (the per-route security test reads it). */
  routeTable?: RouteTable;
}

const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web', import.meta.url));

export async function buildServer(deps: Deps, opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: opts.logLevel ?? 'info', redact: ['req.headers.authorization', 'req.headers["x-dropline-admin-token"]'] },
    // Per-request lines would dominate the log at ingest rates; debug turns them on.
    logController: new LogController({ disableRequestLogging: opts.logLevel !== 'debug' }),
    // Handles and ids are caller-chosen and may be long; keep routing permissive.
    routerOptions: { maxParamLength: 512, ignoreTrailingSlash: true },
    // The router's own refusals (an over-long or undecodable path) in the dialect of the path.
    frameworkErrors,
  });
  opts.routeTable?.attach(app);
  // One route style for every dialect (docs/architecture.md "How a route is defined"): requests
  // parsed and responses checked by the route's zod schemas, so /openapi.json is the truth.
  app.setValidatorCompiler(requestValidator);
  app.setSerializerCompiler(responseSerializer);
  acceptJsonBodies(app);
  endStreamsOnClose(app);
  // Before any plugin, so every dialect's routes inherit it. The route template, never the raw
  // URL: ids in paths would make one series per order.
  app.addHook('onResponse', async (req, reply) => {
    deps.metrics.observeRequest(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
  refuseUnstorableInput(app);
  signProofUrlsOnSend(app, deps, opts.publicUrl);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Dropline',
        version: '0.1.0',
        description:
          'Native Orders API (HyperTrack-compatible), authenticated with HTTP Basic `account_id:secret_key`; Bringg Services under /services (see docs/bringg.md); Uber Direct under /v1/customers/{customer_id} with a bearer token from /oauth/v2/token (see docs/uber-direct.md).',
      },
      components: {
        securitySchemes: { basicAuth: { type: 'http', scheme: 'basic' }, bearerAuth: { type: 'http', scheme: 'bearer' } },
      },
      security: [{ basicAuth: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  registerOperationsRoutes(app, deps, { metricsToken: opts.metricsToken ?? null });

  const auth = new Authenticator(deps);
  const webhooks = { allowPrivateUrls: opts.allowPrivateWebhookUrls ?? false };
  await app.register(async (scope) => {
    inRealm(scope, 'ingest');
    return osmandRoutes(scope, { deps, path: '/osmand' });
  });
  await app.register(async (scope) => {
    inRealm(scope, 'ingest');
    return owntracksRoutes(scope, { deps, auth });
  });
  // Every registered dialect (src/dialects.ts, read through deps), each in its own scope.
  for (const dialect of routedDialects(deps.dialects)) {
    await app.register(async (scope) => {
      if (dialect.realm) inRealm(scope, dialect.realm);
      return dialect.registerRoutes(scope, { deps, auth, publicUrl: opts.publicUrl, webhooks, options: opts, log: app.log });
    });
  }
  const web: WebOptions = {
    root: opts.web?.root ?? DEFAULT_WEB_ROOT,
    tileUrl: opts.web?.tileUrl ?? null,
    tileOrigin: tileOriginOf(opts.web?.tileUrl ?? null),
    basemapFile: opts.web?.basemapFile ?? null,
    shareExpiryHours: opts.web?.shareExpiryHours ?? 24,
    sessionHours: opts.web?.sessionHours ?? 12,
    secureCookies: opts.web?.secureCookies ?? opts.publicUrl.startsWith('https:'),
  };
  const assets = new WebAssets(web.root);
  await app.register(async (scope) => {
    inRealm(scope, 'web');
    return webPlugin(scope, { deps, assets, options: web, publicUrl: opts.publicUrl });
  });
  await app.register(async (scope) => {
    inRealm(scope, 'driver');
    return driverPlugin(scope, { deps, secureCookies: web.secureCookies });
  });
  await app.register(async (scope) => {
    // The proof URLs answer in the driver app's envelope, whatever refuses them.
    scope.setErrorHandler(handleDriverError);
    registerProofFiles(scope, deps);
  });
  registerShareView(app, deps, { publicUrl: opts.publicUrl, expiryHours: web.shareExpiryHours, pages: new SharePages(assets, web) });
  if (opts.adminToken) registerAdminRoutes(app, deps, opts.adminToken);

  app.setNotFoundHandler((req, reply) => replyUnrouted(req, reply, 404, `No route ${req.method} ${req.url.split('?')[0]}`));
  // Outside the dialects (/t/, /healthz, /openapi.json): the native API's bodies.
  app.setErrorHandler(handleHtError);
  return app;
}
