import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { trackedDuration } from '../../core/order/measures.ts';
import type { Deps } from '../../services/deps.ts';
import type { Topic } from '../../services/live/live-hub.ts';
import { getOrderByShareCode } from '../../services/orders/read-orders.ts';
import type { OrderView } from '../../services/views.ts';
import { shareUrl } from '../hypertrack/map.ts';
import { openEventStream } from '../shared/sse.ts';

const PUBLIC_EVENTS = new Set(['order_created', 'order_assigned', 'order_started', 'order_geofence_entered', 'order_completed', 'order_cancelled']);

const Params = z.object({ code: z.string().min(1).max(64) });

/**
 * What the public may see of an order behind its share code: the code is the only credential,
 * so metadata, handles of other records and device ids stay out.
 */
function renderPublicOrder({ order: o, timeline }: OrderView, now: Date, publicUrl: string) {
  return {
    share_url: shareUrl(publicUrl, o.shareCode),
    status: o.status,
    type: o.type,
    destination: { geometry: o.destination.geometry, address: o.destination.address ?? null },
    scheduled_at: o.scheduledAt?.toISOString() ?? null,
    started_at: o.startedAt?.toISOString() ?? null,
    arrived_at: o.tracking.arrivedAt?.toISOString() ?? null,
    completed_at: o.completedAt?.toISOString() ?? null,
    cancelled_at: o.cancelledAt?.toISOString() ?? null,
    distance: Math.round(o.tracking.distance),
    duration: trackedDuration(o, now),
    end_location: o.tracking.endLocation,
    timeline: timeline.filter((e) => PUBLIC_EVENTS.has(e.type)).map((e) => ({ type: e.type, recorded_at: e.recordedAt.toISOString() })),
  };
}

/** GET /t/{code}: the public, read-only view behind a share URL, and its live stream. */
export function registerShareView(app: FastifyInstance, deps: Deps, publicUrl: string): void {
  app.get('/t/:code', { schema: { hide: true, params: Params } as object }, async (req, reply) => {
    const view = await getOrderByShareCode(deps, (req.params as { code: string }).code);
    if (!view) return reply.status(404).send({ message: 'This tracking link does not exist.' });
    return renderPublicOrder(view, deps.clock.now(), publicUrl);
  });

  app.get('/t/:code/stream', { schema: { hide: true, params: Params } as object }, async (req, reply) => {
    const { code } = req.params as { code: string };
    const first = await getOrderByShareCode(deps, code);
    if (!first) return reply.status(404).send({ message: 'This tracking link does not exist.' });
    const topics: Topic[] = [`order:${first.order.id}`];
    if (first.order.deviceId) topics.push(`device:${first.order.deviceId}`);
    const stream = openEventStream(req, reply);
    const unsubscribe = await deps.live.subscribe(topics, (e) => {
      if (e.type === 'location') {
        const { lng, lat, recorded_at, bearing, speed } = e.location;
        stream.send('location', { lng, lat, recorded_at, bearing, speed });
      } else {
        getOrderByShareCode(deps, code).then(
          (v) => v && stream.send('order', renderPublicOrder(v, deps.clock.now(), publicUrl)),
          () => {},
        );
      }
    });
    stream.onClose(unsubscribe);
    stream.send('order', renderPublicOrder(first, deps.clock.now(), publicUrl));
  });
}
