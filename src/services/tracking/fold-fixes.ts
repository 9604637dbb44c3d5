import { isDispatched } from '../../core/order/statuses.ts';
import { type Change, startOrder } from '../../core/order/lifecycle.ts';
import type { Order } from '../../core/order/types.ts';
import type { DeviceState } from '../../core/tracking/device-state.ts';
import type { Fix } from '../../core/tracking/fix.ts';
import type { RiskThresholds } from '../../core/tracking/risk-thresholds.ts';
import { DEFAULT_TRACKING, trackOrder } from '../../core/tracking/track-order.ts';
import type { EtaEstimator } from '../../core/tracking/eta.ts';
import type { RegionLookup } from '../../core/region.ts';
import type { TrackedOrderWrite } from '../../store/repos/ingest.repo.ts';
import { type Assessment, assessOrder } from './assess-order.ts';

export interface Folded {
  /** A dispatched order starts with the first fix its device sends after dispatch. */
  started: Change;
  tracked: Change;
  assessed: Assessment;
}

export interface FoldContext {
  now: Date;
  device: DeviceState;
  recentFixes: readonly Fix[];
  thresholds: RiskThresholds;
  /** In-process and synchronous: folding runs while rows are locked (see EtaEstimator). */
  eta: EtaEstimator;
  regions: RegionLookup;
}

/**
 * Folds fresh fixes into one order, then re-estimates its ETA and risks; null when none of the
 * fixes is the order's (all older than its dispatch). A dispatched order starts with the first
 * fix its device sends after dispatch (pre_shift: tracking begins when the driver does).
 */
export function foldFixes(order: Order, fresh: readonly Fix[], ctx: FoldContext): Folded | null {
  const since = order.startedAt ?? order.dispatchedAt ?? order.createdAt;
  const relevant = fresh.filter((f) => f.recordedAt >= since);
  if (relevant.length === 0) return null;
  const started = isDispatched(order.status) ? startOrder(order, relevant[0]!.recordedAt) : { order, events: [] };
  const tracked = trackOrder(started.order, relevant, DEFAULT_TRACKING, ctx.regions);
  const assessed = assessOrder(tracked.order, ctx);
  return { started, tracked, assessed };
}

/** Fields a fix changes on an order; any other difference goes through the generic save. */
const TRACKING_FIELDS: ReadonlySet<keyof Order> = new Set(['tracking', 'updatedAt']);

/**
 * The common outcome, when only the tracking record moved: the write the group's batched
 * statement makes. Null when the fold did more (a start, any other field) and needs the
 * generic order save.
 */
export function trackingOnlyWrite(before: Order, folded: Folded, now: Date): TrackedOrderWrite | null {
  if (folded.started.events.length > 0) return null;
  const next = { ...folded.assessed.order, updatedAt: now };
  for (const key of Object.keys(next) as (keyof Order)[]) {
    if (!TRACKING_FIELDS.has(key) && next[key] !== before[key]) return null;
  }
  return { order: next, events: folded.tracked.events, riskDueAt: folded.assessed.riskDueAt };
}
