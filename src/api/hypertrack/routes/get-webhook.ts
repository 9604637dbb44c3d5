import { getEndpoint } from '../../../services/webhooks/endpoints.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { commonErrors } from '../schemas.ts';
import { renderWebhook } from '../webhook-map.ts';
import { WebhookParams, WebhookResponse } from '../webhook-schemas.ts';

export const registerGetWebhook = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'GET',
    url: '/webhooks/:webhook_id',
    schema: {
      tags: ['Webhooks'],
      summary: 'Get a webhook endpoint',
      params: WebhookParams,
      response: { 200: WebhookResponse, ...commonErrors },
    },
    handler: async (req) => renderWebhook(await getEndpoint(ctx.deps, req.accountId, req.params.webhook_id)),
  });
