import { z } from 'zod';
import { ingestLocations } from '../../../services/tracking/ingest-locations.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { postLocationsExample } from '../examples.ts';
import { commonErrors, timestamp } from '../schemas.ts';
import { int4 } from '../../shared/storable.ts';
import { DROP_REASONS } from '../../../core/tracking/validate-fixes.ts';

const Point = z.object({
  recorded_at: timestamp,
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  altitude: z.number().nullish(),
  accuracy: z.number().min(0).nullish(),
  speed: z.number().min(0).nullish().describe('metres per second'),
  bearing: z.number().min(0).max(360).nullish(),
  battery: z.number().min(0).max(100).nullish().describe('percent'),
  activity: z.string().max(32).nullish(),
});

const Body = z.union([z.object({ locations: z.array(Point).min(1).max(1000) }), z.array(Point).min(1).max(1000)]);

export const DEVICE_LOCATIONS = '/devices/:device_id/locations';

export const registerPostDeviceLocations = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'POST',
    url: DEVICE_LOCATIONS,
    schema: {
      tags: ['Tracking'],
      summary: 'Send a batch of up to 1,000 locations recorded by a device',
      description:
        'Idempotent per (device, recorded_at): resending a batch stores nothing twice. Impossible fixes ' +
        '(out of range, far in the future, faster than 70 m/s from the previous fix) are dropped and counted. ' +
        "Authenticate with the account's Basic credentials or `Authorization: Bearer <device token>`.",
      params: z.object({ device_id: z.string().min(1).max(255) }),
      body: Body,
      response: {
        200: z.object({
          accepted: int4(),
          duplicates: int4(),
          // Only the reasons that dropped a fix this time.
          dropped: z.strictObject(Object.fromEntries(DROP_REASONS.map((r) => [r, int4().optional()]))),
        }),
        ...commonErrors,
      },
    },
    examples: { body: postLocationsExample.body, response: { 200: postLocationsExample.response } },
    handler: async (req) => {
      const points = Array.isArray(req.body) ? req.body : req.body.locations;
      return ingestLocations(
        ctx.deps,
        req.accountId,
        req.params.device_id,
        points.map((p) => ({
          recordedAt: new Date(p.recorded_at),
          lng: p.lng,
          lat: p.lat,
          altitude: p.altitude ?? null,
          accuracy: p.accuracy ?? null,
          speed: p.speed ?? null,
          bearing: p.bearing ?? null,
          battery: p.battery ?? null,
          activity: p.activity ?? null,
        })),
      );
    },
  });
