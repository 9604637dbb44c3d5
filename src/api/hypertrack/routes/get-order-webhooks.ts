import { z } from 'zod';
import { replayOrderWebhooks } from '../../../services/webhooks/replay.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { commonErrors, OrderHandleParams, OrderKeyQuery } from '../schemas.ts';
import { toKey } from '../to-draft.ts';

export const registerGetOrderWebhooks = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'GET',
    url: '/orders/:order_handle/webhooks',
    schema: {
      tags: ['Orders'],
      summary: "Replay the order's webhook events as HyperTrack event documents, oldest first",
      params: OrderHandleParams,
      querystring: OrderKeyQuery,
      response: { 200: z.array(z.looseObject({ type: z.string(), data: z.looseObject({}) })), ...commonErrors },
    },
    handler: async (req) => replayOrderWebhooks(ctx.deps, req.accountId, toKey(req.params.order_handle, req.query), ctx.publicUrl),
  });
