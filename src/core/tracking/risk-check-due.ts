import { isTracking } from '../order/statuses.ts';
import type { Order } from '../order/types.ts';
import type { DeviceState } from './device-state.ts';
import { DEFAULT_ETA_EVENTS, type EtaEventOptions } from './eta-events.ts';
import type { RiskThresholds } from './risk-thresholds.ts';

export interface RiskCheckInput {
  /** When the order was just assessed (its risks and ETA are those of this instant). */
  now: Date;
  /** The order as assessed at `now`. */
  order: Pick<Order, 'status' | 'scheduledAt' | 'startedAt' | 'tracking'>;
  device: DeviceState | null;
  thresholds: RiskThresholds;
  /** `learnedSpeed` at `now`, when known: moving_too_slow grows as scheduled_at nears. */
  learnedSpeedMps?: number | null;
  /** Checked again after at most this long whatever the prediction (learned speeds age out). */
  maxWaitSeconds: number;
  /**
   * The ETA's slide is only predicted for a device silent this long: one that reports is
   * re-assessed by its next fix anyway, and checking it between two fixes would only race them.
   * ETA news of a device that just fell silent may so come up to this much later. Default 0.
   */
  etaSilenceSeconds?: number;
  etaEvents?: EtaEventOptions;
}

/**
 * The earliest instant at which the order's risks or ETA notifications could change while the
 * device stays silent: the clock alone turns `is_offline` yellow and red, makes a standing ETA
 * slide (one second per second: `eta_change`, `delayed`, the two delay risks) and brings
 * scheduled_at closer (moving_too_slow). A new fix re-assesses the order anyway, and a heartbeat
 * (which moves `in_outage` and `is_offline` without a fix) asks for a check at once, so neither
 * needs predicting. Never later than the true transition, possibly earlier (then the check finds
 * nothing and predicts again); null for an order that is not ongoing (nothing to watch).
 */
export function nextRiskCheckAt(input: RiskCheckInput): Date | null {
  const { order, now, thresholds: th } = input;
  if (!isTracking(order.status)) return null;
  const t = order.tracking;
  const at = now.getTime();
  let due = at + input.maxWaitSeconds * 1000;
  const consider = (ms: number) => {
    if (ms > at && ms < due) due = ms;
  };
  const bands = (band: { yellow: number; red: number }) => [band.yellow * 1000, band.red * 1000];

  const heard = Math.max(input.device?.lastSeenAt.getTime() ?? -Infinity, order.startedAt?.getTime() ?? -Infinity);
  if (Number.isFinite(heard)) for (const v of bands(th.is_offline)) consider(heard + v);

  if (!t.arrivedAt) {
    // Silent, the ETA stands still relative to now: arrival(t) = max(ETA, t) moves with t.
    const eta = t.estimate ? Date.parse(t.estimate.arriveAt) : at;
    const silent = Number.isFinite(heard) ? heard + (input.etaSilenceSeconds ?? 0) * 1000 : -Infinity;
    const slide = (target: number) => consider(Math.max(at + (target - eta), silent));
    const scheduled = order.scheduledAt?.getTime();
    if (scheduled !== undefined) {
      for (const v of bands(th.delayed_from_scheduled_at)) slide(scheduled + v);
      if (t.estimate && !t.etaNotified?.delayed) slide(scheduled + 1);
    }
    const initial = t.initialEta ? Date.parse(t.initialEta) : null;
    if (initial !== null) for (const v of bands(th.delayed_from_initial_eta)) slide(initial + v);
    const announced = t.etaNotified?.lastEta ?? t.initialEta;
    if (t.estimate && announced) slide(Date.parse(announced) + (input.etaEvents ?? DEFAULT_ETA_EVENTS).minChangeSeconds * 1000);
    const speed = input.learnedSpeedMps;
    if (scheduled !== undefined && t.estimate) {
      // ratio = distance / (scheduled − t) / speed: at or past scheduled_at it is infinite.
      consider(Math.max(scheduled, silent));
      if (speed && speed > 0) {
        for (const v of [th.moving_too_slow.yellow, th.moving_too_slow.red]) consider(Math.max(scheduled - (t.estimate.distance / (v * speed)) * 1000, silent));
      }
    }
  }
  return new Date(due);
}
