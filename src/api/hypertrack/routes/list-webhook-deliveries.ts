import { z } from 'zod';
import { listDeliveries } from '../../../services/webhooks/deliveries.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { commonErrors } from '../schemas.ts';
import { renderDelivery } from '../webhook-map.ts';
import { DeliveriesQuery, DeliveryResponse, WebhookParams } from '../webhook-schemas.ts';

export const registerListWebhookDeliveries = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'GET',
    url: '/webhooks/:webhook_id/deliveries',
    schema: {
      tags: ['Webhooks'],
      summary: 'The delivery log, newest first: attempts, state, last response code, next retry',
      params: WebhookParams,
      querystring: DeliveriesQuery,
      response: {
        200: z.object({ deliveries: z.array(DeliveryResponse), pagination_token: z.string().nullable() }),
        ...commonErrors,
      },
    },
    handler: async (req) => {
      const { state, limit, pagination_token } = req.query;
      const rows = await listDeliveries(ctx.deps, req.accountId, req.params.webhook_id, { state, limit, beforeId: pagination_token });
      return { deliveries: rows.map(renderDelivery), pagination_token: rows.length === limit ? rows.at(-1)!.id : null };
    },
  });
