import { enable } from '../../../services/orders/lifecycle-actions.ts';
import type { HtApp, HtContext } from '../context.ts';
import { orderActionRoute } from './order-action-route.ts';

export const registerEnableOrder = (app: HtApp, ctx: HtContext) =>
  orderActionRoute(app, ctx, {
    action: 'enable',
    summary: 'Enable a disabled order: it returns to the status it had before',
    run: (accountId, key) => enable(ctx.deps, accountId, key),
  });
