import { setWorkerDeleted } from '../../../services/workers/set-worker-deleted.ts';
import type { HtApp, HtContext } from '../context.ts';
import { renderWorker } from '../map.ts';
import { commonErrors, WorkerHandleParams, WorkerResponse } from '../schemas.ts';

export const registerUndeleteWorker = (app: HtApp, ctx: HtContext) =>
  app.post(
    '/workers/:worker_handle/undelete',
    {
      schema: {
        tags: ['Workers'],
        summary: 'Undelete a worker',
        params: WorkerHandleParams,
        response: { 200: WorkerResponse, ...commonErrors },
      },
    },
    async (req) => renderWorker(await setWorkerDeleted(ctx.deps, req.accountId, req.params.worker_handle, false)),
  );
