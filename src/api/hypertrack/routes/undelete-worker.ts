import { setWorkerDeleted } from '../../../services/workers/set-worker-deleted.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { renderWorker } from '../map.ts';
import { commonErrors, WorkerHandleParams } from '../schemas.ts';
import { WorkerResponse } from '../response-schemas.ts';

export const registerUndeleteWorker = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/workers/:worker_handle/undelete',
    schema: {
      tags: ['Workers'],
      summary: 'Undelete a worker',
      params: WorkerHandleParams,
      response: { 200: WorkerResponse, ...commonErrors },
    },
    handler: async (req) => renderWorker(await setWorkerDeleted(ctx.deps, req.accountId, req.params.worker_handle, false)),
  });
