import { isTracking } from '../../core/order/statuses.ts';
import { centroidOf } from '../../core/geo.ts';
import type { TimelineEvent } from '../../core/order/timeline.ts';
import type { Order } from '../../core/order/types.ts';
import type { DeviceState } from '../../core/tracking/device-state.ts';
import { decideEtaEvents } from '../../core/tracking/eta-events.ts';
import { plannedPathOf } from '../../core/tracking/expected-path.ts';
import { type Estimate, type EtaEstimator, estimateArrival, learnedSpeed } from '../../core/tracking/eta.ts';
import type { Fix } from '../../core/tracking/fix.ts';
import { DEFAULT_RISK_THRESHOLDS, type RiskThresholds } from '../../core/tracking/risk-thresholds.ts';
import { nextRiskCheckAt } from '../../core/tracking/risk-check-due.ts';
import { evaluateRisks, riskChanges, riskUpdatedData } from '../../core/tracking/risks.ts';

/**
 * The longest an ongoing order goes without a risk check while its device is silent: learned
 * speeds age out of the 10-minute window, which moves the ETA in ways not worth predicting.
 */
const RISK_CHECK_MAX_WAIT_SECONDS = 300;
/** A reporting device's ETA news come with its fixes; the sweep takes over after this much silence. */
const ETA_SILENCE_SECONDS = 30;

export interface Assessment {
  order: Order;
  /**
   * Webhook-only events (ETA news, risk changes): HyperTrack sends them as order webhooks but
   * does not list them in the order's timeline.
   */
  notifications: TimelineEvent[];
  /** When the risk sweep should look at the order next if nothing else happens (null: not ongoing). */
  riskDueAt: Date | null;
}

const date = (s: string | null | undefined) => (s ? new Date(s) : null);

/**
 * Re-estimates the ETA of an unfinished order from its last position and re-evaluates its risks,
 * returning the updated order and the notifications the change causes. Runs on every batch of
 * fixes and from the periodic sweep (no new fix: offline, outage and delays still move).
 */
export function assessOrder(
  order: Order,
  ctx: {
    now: Date;
    device: DeviceState | null;
    recentFixes: readonly Fix[];
    eta: EtaEstimator;
    thresholds?: RiskThresholds;
  },
): Assessment {
  const t = order.tracking;
  const at = (type: string, data: Record<string, unknown>): TimelineEvent => ({
    type,
    recordedAt: ctx.now,
    data: { order_handle: order.orderHandle, fulfillment_attempt: order.fulfillmentAttempt, ...data },
  });
  const notifications: TimelineEvent[] = [];
  let estimate: Estimate | null = null;
  let tracking = { ...t };
  let speedMps: number | null | undefined;
  if (isTracking(order.status) && t.endLocation && !t.arrivedAt) {
    speedMps = learnedSpeed(ctx.recentFixes, ctx.now);
    const route = ctx.eta.estimate(t.endLocation.coordinates, centroidOf(order.destination.geometry).coordinates, { speedMps });
    estimate = estimateArrival(route, ctx.now);
    const notified = t.etaNotified ?? { lastEta: null, delayed: false, minutesAway: false };
    const decided = decideEtaEvents(
      {
        initialEta: date(t.initialEta),
        lastEta: date(notified.lastEta),
        delayedNotified: notified.delayed,
        minutesAwayNotified: notified.minutesAway,
      },
      estimate,
      order.scheduledAt,
    );
    for (const { value, ...fields } of decided.events) notifications.push(at(`order_${value}`, fields));
    tracking = {
      ...tracking,
      estimate: { arriveAt: estimate.arriveAt.toISOString(), distance: estimate.distance, duration: estimate.duration },
      initialEta: decided.state.initialEta?.toISOString() ?? null,
      etaNotified: {
        lastEta: decided.state.lastEta?.toISOString() ?? null,
        delayed: decided.state.delayedNotified,
        minutesAway: decided.state.minutesAwayNotified,
      },
    };
  } else if (t.arrivedAt || !isTracking(order.status)) {
    tracking = { ...tracking, estimate: null };
  }
  const risks = evaluateRisks(
    {
      now: ctx.now,
      status: order.status,
      previous: t.risks,
      scheduledAt: order.scheduledAt,
      destination: order.destination,
      device: ctx.device,
      recentFixes: ctx.recentFixes,
      estimate: estimate ?? (t.estimate ? { ...t.estimate, arriveAt: new Date(t.estimate.arriveAt) } : null),
      initialEta: date(tracking.initialEta),
      expectedPath: plannedPathOf(order),
      startedAt: order.startedAt,
      arrivedAt: t.arrivedAt,
      learnedSpeedMps: speedMps,
    },
    ctx.thresholds ?? DEFAULT_RISK_THRESHOLDS,
  );
  const changes = riskChanges(t.risks, risks);
  if (changes.length > 0) notifications.push(at('order_risk_updated', { risks: riskUpdatedData(changes).risks }));
  const assessed = { ...order, tracking: { ...tracking, risks } };
  const riskDueAt = nextRiskCheckAt({
    now: ctx.now,
    order: assessed,
    device: ctx.device,
    thresholds: ctx.thresholds ?? DEFAULT_RISK_THRESHOLDS,
    learnedSpeedMps: speedMps ?? null,
    maxWaitSeconds: RISK_CHECK_MAX_WAIT_SECONDS,
    etaSilenceSeconds: ETA_SILENCE_SECONDS,
  });
  return { order: assessed, notifications, riskDueAt };
}
