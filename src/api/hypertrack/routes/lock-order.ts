import { lock, unlock } from '../../../services/orders/lock-order.ts';
import type { HtApp, HtContext } from '../context.ts';
import { orderActionRoute } from './order-action-route.ts';

// Dropline extension: HyperTrack has no lock. Bringg's dashboard can lock an order (Bringg reference
// §10); while locked, update and cancel are refused in every dialect.
export const registerLockOrder = (app: HtApp, ctx: HtContext) =>
  orderActionRoute(app, ctx, {
    action: 'lock',
    summary: 'Lock an order (Dropline extension): update and cancel are refused until it is unlocked',
    run: (accountId, key) => lock(ctx.deps, accountId, key),
  });

export const registerUnlockOrder = (app: HtApp, ctx: HtContext) =>
  orderActionRoute(app, ctx, {
    action: 'unlock',
    summary: 'Unlock an order locked with /lock (Dropline extension)',
    run: (accountId, key) => unlock(ctx.deps, accountId, key),
  });
