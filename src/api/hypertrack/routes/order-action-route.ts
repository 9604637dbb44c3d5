import type { z } from 'zod';
import type { OrderKey } from '../../../core/order/types.ts';
import type { OrderView } from '../../../services/views.ts';
import type { HtApp, HtContext } from '../context.ts';
import { renderOrderView } from '../map.ts';
import { commonErrors, MetadataBody, OrderHandleParams, OrderKeyQuery, OrderResponse } from '../schemas.ts';
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
  app.post(
    `/orders/:order_handle/${spec.action}`,
    {
      schema: {
        tags: ['Orders'],
        summary: spec.summary,
        params: OrderHandleParams,
        querystring: OrderKeyQuery,
        body: MetadataBody,
        response: { 200: OrderResponse, ...commonErrors },
      },
    },
    async (req) => {
      const view = await spec.run(req.accountId, toKey(req.params.order_handle, req.query), (req.body as z.infer<typeof MetadataBody>)?.metadata ?? undefined);
      return renderOrderView(view, { publicUrl: ctx.publicUrl, now: ctx.deps.clock.now() });
    },
  );
}
