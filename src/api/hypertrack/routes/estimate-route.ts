import { z } from 'zod';
import type { Destination } from '../../../core/order/types.ts';
import { estimateStops } from '../../../services/routes/estimate-stops.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { refuse } from '../json-query.ts';
import { renderEstimate } from '../map.ts';
import { RouteEstimateResponse } from '../response-schemas.ts';
import { placeDestination } from '../place-destinations.ts';
import { commonErrors, DestinationSchema, timestamp } from '../schemas.ts';
import { int4 } from '../../shared/storable.ts';

const Stop = z.strictObject({
  destination: DestinationSchema,
  scheduled_at: timestamp.nullish(),
  scheduled_after: timestamp.nullish(),
  expected_service_time: int4().min(0).nullish(),
});
const Stops = z.array(Stop).min(1).max(100);

const Query = z.object({
  orders: z.string(),
  worker_handle: z.string().min(1).max(255).optional(),
});

/** The `orders` parameter: a URL-encoded JSON array of stops, like HyperTrack's JSON filters. */
function parseStops(raw: string): z.infer<typeof Stops> {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw refuse('orders', 'Expected a JSON array of stops, e.g. [{"destination":{"geometry":{"type":"Point","coordinates":[-122.4,37.8]}}}]');
  }
  const r = Stops.safeParse(v);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw refuse('orders', `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
  }
  return r.data;
}

export const registerEstimateRoute = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'GET',
    url: '/orders/estimate',
    schema: {
      tags: ['Routes'],
      summary: 'Estimate a route through proposed stops, in the given order; nothing is stored',
      description:
        '`orders` is a URL-encoded JSON array (1–100) of `{destination, scheduled_at?, scheduled_after?, expected_service_time?}`, ' +
        'served in that order from now. With `worker_handle` the route starts at that worker’s home (when it has one), ' +
        'else at the first stop. `duration` includes waiting for `scheduled_after` and the service times; `start_by` is ' +
        'the latest departure that still meets every `scheduled_at`.',
      querystring: Query,
      response: { 200: RouteEstimateResponse, ...commonErrors },
    },
    handler: async (req) => {
      const parsed = parseStops(req.query.orders);
      const geometries = await Promise.all(
        parsed.map(async (s) => (await placeDestination(ctx.deps, s.destination, { location: 'query', field: 'orders' })).geometry),
      );
      const stops = parsed.map((s, i) => ({
        destination: { geometry: geometries[i] as Destination['geometry'] },
        scheduledAt: s.scheduled_at ? new Date(s.scheduled_at) : null,
        scheduledAfter: s.scheduled_after ? new Date(s.scheduled_after) : null,
        expectedServiceTime: s.expected_service_time ?? 0,
      }));
      return renderEstimate(await estimateStops(ctx.deps, req.accountId, { stops, workerHandle: req.query.worker_handle }));
    },
  });
