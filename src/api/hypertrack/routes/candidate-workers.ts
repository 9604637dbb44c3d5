import { z } from 'zod';
import { candidateWorkers } from '../../../services/dispatch/candidate-workers.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { jsonObject } from '../json-query.ts';
import { commonErrors, OrderHandleParams, OrderKeyQuery } from '../schemas.ts';
import { queryInt4 } from '../../shared/storable.ts';
import { toKey } from '../to-draft.ts';

const bool = z.enum(['true', 'false']);

const Query = OrderKeyQuery.extend({
  profile_filter: z.string().optional(),
  limit: queryInt4().min(1).max(100).optional(),
  skip_already_assigned_worker: bool.optional(),
  allow_ongoing_order: bool.optional(),
});

const point = z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) });

/** HyperTrack's item ({worker_handle, profile, order_start_location, route{route_handle, index}}) plus the extras (ours). */
const CandidateItem = z.object({
  worker_handle: z.string(),
  profile: z.record(z.string(), z.unknown()),
  order_start_location: point.nullable(),
  route: z.object({ route_handle: z.string().nullable(), index: z.number().int() }),
  extra_duration: z.number().int(),
  extra_distance: z.number().int(),
});

const Response = z.object({
  workers: z.array(CandidateItem),
  excluded_workers: z.array(z.object({ worker_handle: z.string(), reason: z.string() })),
});

export const registerCandidateWorkers = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'GET',
    url: '/orders/:order_handle/candidate_workers',
    schema: {
      tags: ['Orders'],
      summary: 'Workers who could take the order now, cheapest first, with the driving time and distance each would add',
      description:
        '`workers` are ranked by `extra_duration` (s), then `extra_distance` (m): what inserting the order (a pick with its drop) ' +
        'at its cheapest place on the worker’s not-yet-started route adds, home to home when the worker has a home. ' +
        '`route.route_handle` is null when the worker has no such route (one would be opened), `route.index` is the ' +
        'order’s place in the route’s sequence. `excluded_workers` lists the others with the reason (the ' +
        '`planning_failure_reason` values). Nothing is written.',
      params: OrderHandleParams,
      querystring: Query,
      response: { 200: Response, ...commonErrors },
    },
    handler: async (req) => {
      const q = req.query;
      const result = await candidateWorkers(ctx.deps, req.accountId, toKey(req.params.order_handle, q), {
        limit: q.limit ?? 10,
        skipAlreadyAssignedWorker: q.skip_already_assigned_worker === 'true',
        allowOngoingOrder: q.allow_ongoing_order === 'true',
        profile: jsonObject(q.profile_filter, 'profile_filter', '{"zoneId":"4"}'),
      });
      return {
        workers: result.fits.map((f) => ({
          worker_handle: f.workerHandle,
          profile: f.candidate.worker.profile,
          order_start_location: f.startLocation ? { type: 'Point', coordinates: [f.startLocation[0], f.startLocation[1]] } : null,
          route: { route_handle: f.candidate.route?.routeHandle ?? null, index: f.index },
          extra_duration: f.addedDuration,
          extra_distance: f.addedDistance,
        })),
        excluded_workers: result.excluded.map((e) => ({ worker_handle: e.workerHandle, reason: e.reason })),
      };
    },
  });
