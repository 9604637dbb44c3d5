import { cancel } from '../../../services/orders/lifecycle-actions.ts';
import type { HtApp, HtContext } from '../context.ts';
import { orderActionRoute } from './order-action-route.ts';

export const registerCancelOrder = (app: HtApp, ctx: HtContext) =>
  orderActionRoute(app, ctx, {
    action: 'cancel',
    summary: 'Cancel an order identified by the given order_handle',
    run: (accountId, key, metadata) => cancel(ctx.deps, accountId, key, metadata),
  });
