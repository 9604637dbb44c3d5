import { z } from 'zod';
import { issueDeviceToken } from '../../../services/tracking/device-access.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { commonErrors } from '../schemas.ts';

export const registerIssueDeviceToken = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/devices/:device_id/token',
    schema: {
      tags: ['Tracking'],
      summary: "Issue a device's own ingest token (replaces any earlier one; shown once)",
      description: 'The phone then sends `Authorization: Bearer <token>` to POST /devices/{device_id}/locations.',
      params: z.object({ device_id: z.string().min(1).max(255) }),
      response: { 201: z.object({ device_id: z.string(), token: z.string() }), ...commonErrors },
    },
    handler: async (req, reply) => {
      const token = await issueDeviceToken(ctx.deps, req.accountId, req.params.device_id);
      reply.status(201);
      return { device_id: req.params.device_id, token };
    },
  });
