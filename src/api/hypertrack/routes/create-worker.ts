import { createWorker } from '../../../services/workers/create-worker.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { createWorkerExample } from '../examples.ts';
import { renderWorker } from '../map.ts';
import { commonErrors } from '../schemas.ts';
import { WorkerResponse } from '../response-schemas.ts';
import { toWorkerInput, WorkerBody } from '../worker-schemas.ts';
import { z } from 'zod';

const Body = WorkerBody.extend({ worker_handle: z.string().min(1).max(255) });

export const registerCreateWorker = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/workers',
    schema: {
      tags: ['Workers'],
      summary: 'Create a worker (driver), optionally with the device_id of its phone',
      description: 'Device ids are unique across all accounts: the id alone identifies a phone to the ingest endpoints.',
      body: Body,
      response: { 201: WorkerResponse, ...commonErrors },
    },
    examples: { body: createWorkerExample.body, response: { 201: createWorkerExample.response } },
    handler: async (req, reply) => {
      const worker = await createWorker(ctx.deps, req.accountId, req.body.worker_handle, toWorkerInput(req.body));
      reply.status(201);
      return renderWorker(worker);
    },
  });
