import { z } from 'zod';
import { listEndpoints } from '../../../services/webhooks/endpoints.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { commonErrors } from '../schemas.ts';
import { renderWebhook } from '../webhook-map.ts';
import { WebhookResponse } from '../webhook-schemas.ts';

export const registerListWebhooks = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'GET',
    url: '/webhooks',
    schema: {
      tags: ['Webhooks'],
      summary: "List the account's webhook endpoints",
      response: { 200: z.object({ webhooks: z.array(WebhookResponse) }), ...commonErrors },
    },
    handler: async (req) => ({ webhooks: (await listEndpoints(ctx.deps, req.accountId)).map((e) => renderWebhook(e)) }),
  });
