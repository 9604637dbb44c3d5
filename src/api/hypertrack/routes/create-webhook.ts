import { createEndpoint } from '../../../services/webhooks/endpoints.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { commonErrors } from '../schemas.ts';
import { renderWebhook } from '../webhook-map.ts';
import { CreateWebhookBody, WebhookResponse } from '../webhook-schemas.ts';

export const registerCreateWebhook = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/webhooks',
    schema: {
      tags: ['Webhooks'],
      summary: 'Register a webhook endpoint; the answer carries its signing secret (shown only here and on rotation)',
      body: CreateWebhookBody,
      response: { 201: WebhookResponse, ...commonErrors },
    },
    handler: async (req, reply) => {
      const b = req.body;
      const endpoint = await createEndpoint(
        ctx.deps,
        req.accountId,
        {
          url: b.url,
          format: b.format,
          events: b.events,
          secret: b.secret,
          authHeaderName: b.auth_header_name,
          description: b.description,
          enabled: b.enabled,
        },
        ctx.webhooks,
      );
      return reply.status(201).send(renderWebhook(endpoint, { withSecret: true }));
    },
  });
