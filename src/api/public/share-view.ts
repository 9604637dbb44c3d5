import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { getOrderByShareCode } from '../../services/orders/read-orders.ts';
import type { Deps } from '../../services/deps.ts';
import { renderEvent, shareUrl } from '../hypertrack/map.ts';
import { trackedDuration } from '../../core/order/measures.ts';

const PUBLIC_EVENTS = new Set(['order_created', 'order_assigned', 'order_started', 'order_completed', 'order_cancelled']);

/**
 * GET /t/{code}: the public, read-only view behind a share URL. The code is the only credential,
 * so the view leaves out everything an end customer must not see (metadata, handles of other
 * records, device ids).
 */
export function registerShareView(app: FastifyInstance, deps: Deps, publicUrl: string): void {
  app.get(
    '/t/:code',
    { schema: { hide: true, params: z.object({ code: z.string().min(1).max(64) }) } as object },
    async (req, reply) => {
      const { code } = req.params as { code: string };
      const view = await getOrderByShareCode(deps, code);
      if (!view) return reply.status(404).send({ message: 'This tracking link does not exist.' });
      const o = view.order;
      const now = deps.clock.now();
      return {
        share_url: shareUrl(publicUrl, o.shareCode),
        status: o.status,
        type: o.type,
        destination: { geometry: o.destination.geometry, address: o.destination.address ?? null },
        scheduled_at: o.scheduledAt?.toISOString() ?? null,
        started_at: o.startedAt?.toISOString() ?? null,
        completed_at: o.completedAt?.toISOString() ?? null,
        cancelled_at: o.cancelledAt?.toISOString() ?? null,
        distance: Math.round(o.tracking.distance),
        duration: trackedDuration(o, now),
        end_location: o.tracking.endLocation,
        timeline: view.timeline
          .filter((e) => PUBLIC_EVENTS.has(e.type))
          .map((e) => ({ type: renderEvent(e).type, recorded_at: e.recordedAt.toISOString() })),
      };
    },
  );
}
