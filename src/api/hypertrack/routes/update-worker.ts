import { updateWorker } from '../../../services/workers/update-worker.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { renderWorker } from '../map.ts';
import { commonErrors, WorkerHandleParams } from '../schemas.ts';
import { WorkerResponse } from '../response-schemas.ts';
import { toWorkerInput, WorkerBody } from '../worker-schemas.ts';

export const registerUpdateWorker = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'PATCH',
    url: '/workers/:worker_handle',
    schema: {
      tags: ['Workers'],
      summary: 'Update a worker; a new device_id is linked and becomes its current device',
      params: WorkerHandleParams,
      body: WorkerBody,
      response: { 200: WorkerResponse, ...commonErrors },
    },
    handler: async (req) => renderWorker(await updateWorker(ctx.deps, req.accountId, req.params.worker_handle, toWorkerInput(req.body))),
  });
