import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../services/deps.ts';
import { geocode } from '../../services/geocoding/geocode.ts';

const Query = z.object({ q: z.string().trim().min(2).max(300) });
const Reply = z.object({
  results: z.array(z.object({ label: z.string(), lng: z.number(), lat: z.number(), kind: z.enum(['place', 'address']) })),
  geocoder_error: z.string().nullable(),
});

/** Address search for the dashboard's order form (docs/web.md "Order entry"). */
export function registerGeocodeRoute(app: FastifyInstance, deps: Deps) {
  app.get('/app/api/geocode', { schema: { hide: true, querystring: Query, response: { 200: Reply } } as object }, async (req) => {
    const { q } = req.query as z.infer<typeof Query>;
    const r = await geocode(deps, q);
    return { results: r.matches, geocoder_error: r.geocoderError };
  });
}
