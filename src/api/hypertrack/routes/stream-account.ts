import { openEventStream } from '../../shared/sse.ts';
import { defineRoute } from '../../shared/define-route.ts';
import type { HtApp, HtContext } from '../context.ts';
import { commonErrors, eventStreamResponse } from '../schemas.ts';

export const registerStreamAccount = (app: HtApp, ctx: HtContext) =>
  defineRoute(app, {
    method: 'GET',
    url: '/stream',
    schema: {
      tags: ['Tracking'],
      summary: "Live updates of the whole account: every device's position and every order change (SSE)",
      description:
        'Events: `location` {device_id, lng, lat, recorded_at, accuracy, speed, bearing, battery} and `order` ' +
        '(a compact snapshot: order_handle, order_type, fulfillment_attempt, status, worker_handle, device_id, ' +
        'distance, end_location, visited_destination, arrived_at, risks, updated_at).',
      response: { 200: eventStreamResponse, ...commonErrors },
    },
    handler: async (req, reply) => {
      const stream = openEventStream(req, reply);
      const unsubscribe = await ctx.deps.live.subscribe([`account:${req.accountId}`], (e) => {
        if (e.type === 'location') stream.send('location', { device_id: e.device_id, ...e.location });
        else {
          const { type: _t, account_id: _a, order_id: _i, share_code: _s, ...snapshot } = e;
          stream.send('order', snapshot);
        }
      });
      stream.onClose(unsubscribe);
      stream.send('ready', { account_id: req.accountId });
    },
  });
