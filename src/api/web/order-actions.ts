import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DomainError } from '../../core/errors.ts';
import type { OrderKey } from '../../core/order/types.ts';
import type { Deps } from '../../services/deps.ts';
import { cancel, complete, disable, enable } from '../../services/orders/lifecycle-actions.ts';
import { lock, unlock } from '../../services/orders/lock-order.ts';
import { getOrder } from '../../services/orders/read-orders.ts';
import { reassignOrder } from '../../services/orders/reassign-order.ts';
import { trackOrders } from '../../services/orders/track-orders.ts';
import { renderOrderDetail } from './render.ts';

const Params = z.object({
  order_handle: z.string().min(1).max(512),
  action: z.enum(['assign', 'start', 'complete', 'cancel', 'disable', 'enable', 'lock', 'unlock']),
});
const Body = z.object({ worker_handle: z.string().min(1).max(512).optional() }).nullish();

type Action = z.infer<typeof Params>['action'];

/** Starting an order starts tracking the route it was assigned on, as POST /orders/track does. */
async function start(deps: Deps, accountId: string, key: OrderKey) {
  const { order } = await getOrder(deps, accountId, key);
  if (!order.routeHandle) throw new DomainError('invalid_request', 'Assign the order to a worker before starting it', { field: 'worker_handle' });
  await trackOrders(deps, accountId, { trackMode: 'on_time', routeHandle: order.routeHandle });
}

async function act(deps: Deps, accountId: string, key: OrderKey, action: Action, workerHandle: string | undefined): Promise<void> {
  switch (action) {
    case 'assign':
      if (!workerHandle) throw new DomainError('invalid_request', 'Choose a worker', { field: 'worker_handle' });
      await reassignOrder(deps, accountId, key, workerHandle);
      return;
    case 'start':
      return start(deps, accountId, key);
    case 'complete':
      await complete(deps, accountId, key);
      return;
    case 'cancel':
      await cancel(deps, accountId, key, undefined, 'dashboard');
      return;
    case 'disable':
      await disable(deps, accountId, key);
      return;
    case 'enable':
      await enable(deps, accountId, key);
      return;
    case 'lock':
      await lock(deps, accountId, key);
      return;
    case 'unlock':
      await unlock(deps, accountId, key);
      return;
  }
}

/** POST /app/api/orders/{handle}/{action}: the dashboard's buttons, through the same services as the APIs. */
export function registerOrderActions(app: FastifyInstance, deps: Deps) {
  app.post('/app/api/orders/:order_handle/:action', { schema: { hide: true, params: Params, body: Body } as object }, async (req) => {
    const { order_handle, action } = req.params as z.infer<typeof Params>;
    const key = { orderHandle: order_handle };
    await act(deps, req.accountId, key, action, (req.body as z.infer<typeof Body>)?.worker_handle);
    return renderOrderDetail(await getOrder(deps, req.accountId, key));
  });
}
