import { complete } from '../../../services/orders/lifecycle-actions.ts';
import type { HtApp, HtContext } from '../context.ts';
import { orderActionRoute } from './order-action-route.ts';

export const registerCompleteOrder = (app: HtApp, ctx: HtContext) =>
  orderActionRoute(app, ctx, {
    action: 'complete',
    summary: 'Complete an order identified by the given order_handle',
    run: (accountId, key, metadata) => complete(ctx.deps, accountId, key, metadata),
  });
