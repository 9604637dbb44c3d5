import { z } from 'zod';
import { getWorker } from '../../../services/workers/read-workers.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { renderWorker } from '../map.ts';
import { commonErrors, WorkerHandleParams } from '../schemas.ts';
import { WorkerResponse } from '../response-schemas.ts';

export const registerGetWorker = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'GET',
    url: '/workers/:worker_handle',
    schema: {
      tags: ['Workers'],
      summary: 'Get a worker',
      params: WorkerHandleParams,
      querystring: z.object({ include_deleted: z.enum(['true', 'false']).optional() }),
      response: { 200: WorkerResponse, ...commonErrors },
    },
    handler: async (req) => renderWorker(await getWorker(ctx.deps, req.accountId, req.params.worker_handle, req.query.include_deleted === 'true')),
  });
