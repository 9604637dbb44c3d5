import type { TimelineEvent } from '../../core/order/timeline.ts';
import type { Order } from '../../core/order/types.ts';

/**
 * The plan run's order news (HyperTrack order webhooks `planning_started`, `planning_completed`,
 * `planning_failed`, reference §8). Webhook-only: HyperTrack's timeline records `order_planned`,
 * not these.
 */
const news = (type: string, o: Order, at: Date, extra: Record<string, unknown>): TimelineEvent => ({
  type,
  recordedAt: at,
  data: { order_handle: o.orderHandle, fulfillment_attempt: o.fulfillmentAttempt, ...extra },
});

export const planningNews = {
  started: (o: Order, planId: string, at: Date) => news('order_planning_started', o, at, { plan_id: planId }),
  completed: (o: Order, planId: string, at: Date) => news('order_planning_completed', o, at, { plan_id: planId }),
  failed: (o: Order, planId: string, at: Date, reason: string | null) =>
    news('order_planning_failed', o, at, { plan_id: planId, planning_failure_reason: reason }),
};
