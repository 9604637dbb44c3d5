import { z } from 'zod';
import { deleteEndpoint } from '../../../services/webhooks/endpoints.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { commonErrors } from '../schemas.ts';
import { WebhookParams } from '../webhook-schemas.ts';

export const registerDeleteWebhook = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'DELETE',
    url: '/webhooks/:webhook_id',
    schema: {
      tags: ['Webhooks'],
      summary: 'Delete a webhook endpoint and its queued deliveries',
      params: WebhookParams,
      response: { 204: z.null().describe('Webhook deleted'), ...commonErrors },
    },
    handler: async (req, reply) => {
      await deleteEndpoint(ctx.deps, req.accountId, req.params.webhook_id);
      return reply.status(204).send();
    },
  });
