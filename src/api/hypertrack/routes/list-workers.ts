import { z } from 'zod';
import { listWorkers } from '../../../services/workers/read-workers.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { renderWorker } from '../map.ts';
import { decodeToken, encodeToken } from '../pagination-token.ts';
import { commonErrors } from '../schemas.ts';
import { WorkerResponse } from '../response-schemas.ts';
import { queryInt4 } from '../../shared/storable.ts';
import { jsonObject, refuse } from '../json-query.ts';

/** A listed HyperTrack parameter Dropline cannot honour: refused by name, never stripped unseen. */
const refused = (why: string) =>
  z
    .string()
    .refine(() => false, why)
    .optional();
const noSummaries = 'Dropline computes no worker summaries or aggregates over a period';

/** The GET /workers parameters of the HyperTrack Workers OpenAPI that Dropline does not serve. */
const UNSUPPORTED = {
  from_date: refused(noSummaries),
  to_date: refused(noSummaries),
  from_time: refused(noSummaries),
  to_time: refused(noSummaries),
  tracked: refused(noSummaries),
  worked: refused(noSummaries),
  intended_to_track: refused(noSummaries),
  aggregate: z.enum(['false']).optional(),
  include_lp: z.enum(['false']).optional(),
  include_summary: z.enum(['false']).optional(),
  filter_status: refused('Dropline keeps no device status (active/inactive/disconnected) per worker'),
  filter_outage: refused('Dropline records no outage codes'),
  filter_outage_category: refused('Dropline records no outage categories'),
  filter_geofence_metadata: refused('Dropline has no geofences with metadata'),
  region_filter: refused('Dropline keeps no region per worker'),
};

/** `work_status={"available":true,"tracking":false}`: either key, booleans. */
function workStatus(raw: string | undefined): { available?: boolean; tracking?: boolean } {
  const v = jsonObject(raw, 'work_status', '{"available":true}');
  if (v === undefined) return {};
  const keys = Object.keys(v);
  if (keys.length === 0 || !keys.every((k) => (k === 'available' || k === 'tracking') && typeof v[k] === 'boolean')) {
    throw refuse('work_status', 'Expected boolean available and/or tracking, e.g. {"available":true}');
  }
  return v as { available?: boolean; tracking?: boolean };
}

const list = (s: string | undefined) =>
  s
    ?.split(',')
    .map((v) => v.trim())
    .filter(Boolean);

export const registerListWorkers = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'GET',
    url: '/workers',
    schema: {
      tags: ['Workers'],
      summary: 'List workers, by handle, in pages',
      description: '`work_status` (JSON: `available`, `tracking`) and `profile` (JSON contained in the profile) filter in the query.',
      querystring: z.object({
        limit: queryInt4().min(1).max(1000).optional(),
        pagination_token: z.string().optional(),
        ops_group_handle: z.string().optional(),
        worker_handle: z.string().optional(),
        search_term: z.string().optional(),
        device_id: z.string().optional(),
        include_deleted: z.enum(['true', 'false']).optional(),
        work_status: z.string().optional(),
        profile: z.string().optional(),
        include_schedule: z.enum(['true', 'false']).optional(),
        ...UNSUPPORTED,
      }),
      response: { 200: z.object({ workers: z.array(WorkerResponse), pagination_token: z.string().nullable() }), ...commonErrors },
    },
    handler: async (req) => {
      const q = req.query;
      const after = q.pagination_token ? decodeToken(q.pagination_token, (v): v is string => typeof v === 'string') : undefined;
      const page = await listWorkers(
        ctx.deps,
        req.accountId,
        {
          opsGroupHandles: list(q.ops_group_handle),
          workerHandles: list(q.worker_handle),
          searchTerm: q.search_term,
          deviceId: q.device_id,
          includeDeleted: q.include_deleted === 'true',
          ...workStatus(q.work_status),
          profile: jsonObject(q.profile, 'profile', '{"zoneId":"4"}'),
        },
        // HyperTrack's default page size for workers is 25.
        { limit: q.limit ?? 25, after },
      );
      return {
        workers: page.workers.map((w) => renderWorker(w, { schedule: q.include_schedule !== 'false' })),
        pagination_token: page.next ? encodeToken(page.next) : null,
      };
    },
  });
