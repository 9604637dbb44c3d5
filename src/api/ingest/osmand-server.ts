import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Deps } from '../../services/deps.ts';
import { osmandRoutes } from './osmand-routes.ts';
import { sendText } from './text-replies.ts';

/**
 * The dedicated OsmAnd port (Traccar's 5055), so a stock Traccar Client pointed at
 * `http://host:5055` works: every path and method is the OsmAnd endpoint, nothing else is served.
 */
export async function buildOsmandServer(deps: Deps, opts: { logLevel?: string } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: opts.logLevel ?? 'info' },
    logController: new LogController({ disableRequestLogging: opts.logLevel !== 'debug' }),
    // The router's own refusals (an undecodable or over-long path) as the short texts the apps get.
    frameworkErrors: (err, _req, reply) => sendText(reply, err.statusCode && err.statusCode < 500 ? err.statusCode : 400, 'The URL is not valid'),
  });
  await app.register(osmandRoutes, { deps, path: '*' });
  return app;
}
