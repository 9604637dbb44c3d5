import { updateEndpoint } from '../../../services/webhooks/endpoints.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { commonErrors } from '../schemas.ts';
import { renderWebhook } from '../webhook-map.ts';
import { UpdateWebhookBody, WebhookParams, WebhookResponse } from '../webhook-schemas.ts';

export const registerUpdateWebhook = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'PATCH',
    url: '/webhooks/:webhook_id',
    schema: {
      tags: ['Webhooks'],
      summary: 'Change the URL, event filter, auth header or description; `enabled: false` pauses deliveries (they queue)',
      params: WebhookParams,
      body: UpdateWebhookBody,
      response: { 200: WebhookResponse, ...commonErrors },
    },
    handler: async (req) => {
      const b = req.body;
      const endpoint = await updateEndpoint(
        ctx.deps,
        req.accountId,
        req.params.webhook_id,
        { url: b.url, events: b.events, authHeaderName: b.auth_header_name, description: b.description, enabled: b.enabled },
        ctx.webhooks,
      );
      return renderWebhook(endpoint);
    },
  });
