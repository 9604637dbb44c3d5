import { retryDelivery } from '../../../services/webhooks/deliveries.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { commonErrors, EmptyBody } from '../schemas.ts';
import { renderDelivery } from '../webhook-map.ts';
import { DeliveryParams, DeliveryResponse } from '../webhook-schemas.ts';

export const registerRetryWebhookDelivery = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'POST',
    url: '/webhooks/:webhook_id/deliveries/:delivery_id/retry',
    schema: {
      tags: ['Webhooks'],
      summary: 'Send a dead-lettered or rejected delivery again (due now, with a fresh retry horizon)',
      params: DeliveryParams,
      body: EmptyBody,
      response: { 200: DeliveryResponse, ...commonErrors },
    },
    handler: async (req) => renderDelivery(await retryDelivery(ctx.deps, req.accountId, req.params.webhook_id, req.params.delivery_id)),
  });
