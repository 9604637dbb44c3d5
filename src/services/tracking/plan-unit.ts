import type { Change } from '../../core/order/lifecycle.ts';
import type { Fix } from '../../core/tracking/fix.ts';
import type { TrackedOrder, TrackedOrderWrite } from '../../store/repos/ingest.repo.ts';
import type { NewOutboxEvent } from '../../store/repos/webhook-outbox.repo.ts';
import { orderEvent } from '../live/live-events.ts';
import { deviceOutbox } from '../webhooks/device-streams.ts';
import { outboxEventsOf } from '../webhooks/outbox.ts';
import { type Folded, foldFixes, trackingOnlyWrite } from './fold-fixes.ts';
import { type GroupContext, heardDevice, movedEvent, type Prepared } from './prepare-unit.ts';

/** What one tracked order gets from a unit's fresh fixes. */
export type OrderPlan =
  /** None of the fixes is the order's (all older than its dispatch): it stays as read. */
  | { kind: 'untouched'; tracked: TrackedOrder }
  /**
   * Only the tracking record moved: the group's batched write, with its webhooks and live event.
   * `crossed`: a registered dialect reacts to the fold's geofence crossings (under locks).
   */
  | { kind: 'tracking'; tracked: TrackedOrder; folded: Folded; crossed: boolean; write: TrackedOrderWrite; outbox: NewOutboxEvent[]; live: object }
  /** The fold did more (a start, another field): the generic order save of `change`. */
  | { kind: 'save'; tracked: TrackedOrder; folded: Folded; crossed: boolean; change: Change };

/** A moving device's unit planned: its own live event and webhooks, and each tracked order's outcome. */
export interface UnitPlan {
  /** The device's new position, when the unit moved it. */
  moved: object | null;
  deviceOutbox: NewOutboxEvent[];
  orders: OrderPlan[];
}

/**
 * The one decision both write paths share (ingest-fresh.ts writes it in one statement, ingest-locked.ts
 * under row locks): given a unit whose fresh fixes are known, the device's tracked orders as read
 * and its recent-fix window after the fixes, what every order becomes and what is sent. Pure: no
 * store, no clock, nothing awaited; the paths differ only in how they write the result.
 */
export function planUnit(p: Prepared, orders: readonly TrackedOrder[], window: readonly Fix[], ctx: GroupContext): UnitPlan {
  const thresholds = ctx.thresholdsOf(p.unit.accountId);
  const fold = { now: ctx.now, device: p.next, recentFixes: window, thresholds, eta: ctx.eta, regions: ctx.regions };
  return {
    moved: movedEvent(p),
    deviceOutbox: deviceOutbox(heardDevice(p), thresholds, ctx.now, ctx.locationsWanted(p.unit.accountId)),
    orders: orders.map((tracked) => planOrder(tracked, p.fresh, fold, ctx)),
  };
}

function planOrder(tracked: TrackedOrder, fresh: readonly Fix[], fold: Parameters<typeof foldFixes>[2], ctx: GroupContext): OrderPlan {
  const folded = foldFixes(tracked.order, fresh, fold);
  if (!folded) return { kind: 'untouched', tracked };
  const crossed = ctx.crossesGeofence(folded.tracked.events);
  const write = trackingOnlyWrite(tracked.order, folded, ctx.now);
  if (!write) {
    const change = { order: { ...folded.assessed.order, updatedAt: ctx.now }, events: [...folded.started.events, ...folded.tracked.events] };
    return { kind: 'save', tracked, folded, crossed, change };
  }
  const outbox = outboxEventsOf({ order: write.order, events: [...write.events, ...folded.assessed.notifications] });
  return { kind: 'tracking', tracked, folded, crossed, write, outbox, live: orderEvent(write.order) };
}
