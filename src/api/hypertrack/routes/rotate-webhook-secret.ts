import { rotateSecret } from '../../../services/webhooks/endpoints.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { commonErrors } from '../schemas.ts';
import { renderWebhook } from '../webhook-map.ts';
import { RotateSecretBody, WebhookParams, WebhookResponse } from '../webhook-schemas.ts';

export const registerRotateWebhookSecret = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/webhooks/:webhook_id/rotate_secret',
    schema: {
      tags: ['Webhooks'],
      summary: 'Replace the signing secret; the previous one keeps signing x-dropline-previous-signature for grace_period_seconds (default 86400)',
      params: WebhookParams,
      body: RotateSecretBody,
      response: { 200: WebhookResponse, ...commonErrors },
    },
    handler: async (req) => {
      const endpoint = await rotateSecret(ctx.deps, req.accountId, req.params.webhook_id, {
        secret: req.body?.secret,
        gracePeriodSeconds: req.body?.grace_period_seconds,
      });
      return renderWebhook(endpoint, { withSecret: true });
    },
  });
