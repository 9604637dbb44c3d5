import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { WebSessions } from '../../services/accounts/web-sessions.ts';
import type { Deps } from '../../services/deps.ts';
import { verifyRouteEmbedToken } from '../../services/orders/embed-tokens.ts';
import { readRouteForEmbed } from '../../services/routes/read-route-for-embed.ts';
import { webError } from './errors.ts';
import { pageHeaders } from './page-headers.ts';
import { SESSION_COOKIE } from './session-guard.ts';
import { sendHtml, type WebAssets, withConfig } from './web-assets.ts';
import { mapConfig, type WebOptions } from './web-options.ts';

const Params = z.object({ route_handle: z.string().min(1).max(512) });
const Query = z.object({ token: z.string().min(1).max(2048).optional() });
const Stop = z.object({
  order_number: z.string(),
  status: z.string(),
  destination: z.tuple([z.number(), z.number()]).nullable(),
  address: z.string().nullable(),
  arrived_at: z.string().nullable(),
  eta: z.string().nullable(),
});
const Reply = z.object({
  route_handle: z.string(),
  status: z.string(),
  driver: z.object({ first_name: z.string() }).nullable(),
  position: z.object({ lng: z.number(), lat: z.number(), bearing: z.number().nullable(), recorded_at: z.string() }).nullable(),
  stops: z.array(Stop),
});

/**
 * A route's `embed_url` (/app/routes/<handle>): its stops in order and the driver, for a signed-in
 * dispatcher (session cookie) or, framed in another site, a secure embed link's `token`
 * (POST /oauth/embed-token). The page is a shell; its data comes from `/view` under the same rules.
 */
export function registerRouteEmbed(app: FastifyInstance, deps: Deps, o: { assets: WebAssets; options: WebOptions; sessions: WebSessions }) {
  const accountOf = async (req: FastifyRequest): Promise<string | null> => {
    const { route_handle } = req.params as z.infer<typeof Params>;
    const { token } = req.query as z.infer<typeof Query>;
    if (token !== undefined) return verifyRouteEmbedToken(deps, token, route_handle);
    return (await o.sessions.verify(req.cookies[SESSION_COOKIE]))?.accountId ?? null;
  };

  app.get('/app/routes/:route_handle', { schema: { hide: true, params: Params, querystring: Query } as object }, async (req, reply: FastifyReply) => {
    const html = o.assets.template('route');
    if (!html) return reply.status(503).type('text/plain').send('The web pages are not built yet; start the server with `npm start`.');
    const { route_handle } = req.params as z.infer<typeof Params>;
    const { token } = req.query as z.infer<typeof Query>;
    const config = { routeHandle: route_handle, embed: Boolean(token), ...(token ? { embedToken: token } : {}), ...mapConfig(o.options) };
    return sendHtml(req, reply, 200, withConfig(html, config), pageHeaders({ tileOrigin: o.options.tileOrigin, embeddable: Boolean(token) }));
  });

  app.get(
    '/app/routes/:route_handle/view',
    { schema: { hide: true, params: Params, querystring: Query, response: { 200: Reply } } as object },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const accountId = await accountOf(req);
      if (!accountId) {
        // The dashboard's own 401: the page says what to do (sign in, or ask for a new link).
        const out = webError(401, 'unauthorized', 'Sign in to continue');
        return reply.status(out.status).send(out.body);
      }
      const { route_handle } = req.params as z.infer<typeof Params>;
      const { view, driverFirstName, lastFix } = await readRouteForEmbed(deps, accountId, route_handle);
      return {
        route_handle: view.route.routeHandle,
        status: view.route.status,
        driver: driverFirstName ? { first_name: driverFirstName } : null,
        position: lastFix ? { lng: lastFix.lng, lat: lastFix.lat, bearing: lastFix.bearing, recorded_at: lastFix.recordedAt.toISOString() } : null,
        stops: view.orders.map((order) => ({
          order_number: order.orderHandle,
          status: order.status,
          destination: order.destination.geometry.type === 'Point' ? (order.destination.geometry.coordinates as [number, number]) : null,
          address: order.destination.address ?? null,
          arrived_at: order.tracking.arrivedAt?.toISOString() ?? null,
          eta: order.tracking.estimate?.arriveAt ?? null,
        })),
      };
    },
  );
}
