import { disable } from '../../../services/orders/lifecycle-actions.ts';
import type { HtApp, HtContext } from '../context.ts';
import { orderActionRoute } from './order-action-route.ts';

export const registerDisableOrder = (app: HtApp, ctx: HtContext) =>
  orderActionRoute(app, ctx, {
    action: 'disable',
    summary: 'Disable an order: keep it, but stop working it until it is enabled',
    run: (accountId, key) => disable(ctx.deps, accountId, key),
  });
