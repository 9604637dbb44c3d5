import type { OrderKey } from '../../../core/order/types.ts';
import type { OrderView } from '../../../services/views.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { orderNotFoundExample } from '../examples.ts';
import { renderOrderView } from '../map.ts';
import { commonErrors, MetadataBody, OrderHandleParams, OrderKeyQuery } from '../schemas.ts';
import { OrderResponse } from '../response-schemas.ts';
import { toKey } from '../to-draft.ts';

/**
 * POST /orders/{order_handle}/<action>: the four lifecycle actions share their request shape
 * (seeds 000/002: path handle, `type`/`type_index`/`fulfillment_attempt` query, optional JSON
 * body) and answer 200 with the full order.
 */
export function orderActionRoute(
  app: HtApp,
  ctx: HtContext,
  spec: {
    action: string;
    summary: string;
    run: (accountId: string, key: OrderKey, metadata: Record<string, unknown> | undefined) => Promise<OrderView>;
  },
): void {
  defineRoute(app, {
    method: 'POST',
    url: `/orders/:order_handle/${spec.action}`,
    schema: {
      tags: ['Orders'],
      summary: spec.summary,
      params: OrderHandleParams,
      querystring: OrderKeyQuery,
      body: MetadataBody,
      response: { 200: OrderResponse, ...commonErrors },
    },
    examples: { body: { metadata: { reason: `${spec.action} requested by dispatch` } }, response: { 404: orderNotFoundExample } },
    handler: async (req) => {
      const view = await spec.run(req.accountId, toKey(req.params.order_handle, req.query), req.body?.metadata ?? undefined);
      return renderOrderView(view, { publicUrl: ctx.publicUrl, now: ctx.deps.clock.now() });
    },
  });
}
