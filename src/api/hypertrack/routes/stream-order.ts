import { getOrder } from '../../../services/orders/read-orders.ts';
import type { Topic } from '../../../services/live/live-hub.ts';
import { openEventStream, resender } from '../../shared/sse.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { renderOrderView } from '../map.ts';
import { commonErrors, eventStreamResponse, OrderHandleParams, OrderKeyQuery } from '../schemas.ts';
import { toKey } from '../to-draft.ts';

export const registerStreamOrder = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'GET',
    url: '/orders/:order_handle/stream',
    schema: {
      tags: ['Tracking'],
      summary: 'Live updates of one order (Server-Sent Events)',
      description:
        'Events: `order` (the full order object, first on connect and after every change) and `location` ' +
        "(the tracking device's newest fix). Reconnect with EventSource semantics; each connect starts with a snapshot.",
      params: OrderHandleParams,
      querystring: OrderKeyQuery,
      response: { 200: eventStreamResponse, ...commonErrors },
    },
    handler: async (req, reply) => {
      const key = toKey(req.params.order_handle, req.query);
      const first = await getOrder(ctx.deps, req.accountId, key);
      const topics: Topic[] = [`order:${first.order.id}`];
      if (first.order.deviceId) topics.push(`device:${first.order.deviceId}`);
      const stream = openEventStream(req, reply);
      const changed = resender({
        read: () => getOrder(ctx.deps, req.accountId, key),
        versionOf: (view) => view.version,
        send: (view) => stream.send('order', renderOrderView(view, { publicUrl: ctx.publicUrl, now: ctx.deps.clock.now() })),
        sent: first.version,
      });
      const unsubscribe = await ctx.deps.live.subscribe(topics, (e) => {
        if (e.type === 'location') stream.send('location', { device_id: e.device_id, ...e.location });
        else changed();
      });
      stream.onClose(unsubscribe);
      stream.send('order', renderOrderView(first, { publicUrl: ctx.publicUrl, now: ctx.deps.clock.now() }));
    },
  });
