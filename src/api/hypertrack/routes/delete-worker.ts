import { setWorkerDeleted } from '../../../services/workers/set-worker-deleted.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { commonErrors, WorkerHandleParams } from '../schemas.ts';
import { z } from 'zod';

export const registerDeleteWorker = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'DELETE',
    url: '/workers/:worker_handle',
    schema: {
      tags: ['Workers'],
      summary: 'Delete a worker (it can be undeleted; its orders and history stay)',
      params: WorkerHandleParams,
      response: { 204: z.null().describe('Worker deleted successfully'), ...commonErrors },
    },
    handler: async (req, reply) => {
      await setWorkerDeleted(ctx.deps, req.accountId, req.params.worker_handle, true);
      return reply.status(204).send();
    },
  });
