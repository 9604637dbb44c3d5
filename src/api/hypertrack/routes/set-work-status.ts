import { z } from 'zod';
import { setWorkStatus } from '../../../services/workers/set-work-status.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { renderWorker } from '../map.ts';
import { commonErrors, WorkerHandleParams } from '../schemas.ts';
import { WorkerResponse } from '../response-schemas.ts';

// HyperTrack reference §11 names the operation; its body is our reading: the `available` half of
// the worker's `work_status` (the `tracking` half is computed from its orders).
const Body = z.object({ available: z.boolean() });

export const registerSetWorkStatus = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/workers/:worker_handle/work_status',
    schema: {
      tags: ['Workers'],
      summary: 'Set whether a worker is available for work (its work_status.available)',
      params: WorkerHandleParams,
      body: Body,
      response: { 200: WorkerResponse, ...commonErrors },
    },
    handler: async (req) => renderWorker(await setWorkStatus(ctx.deps, req.accountId, req.params.worker_handle, req.body.available)),
  });
