import { startOrder } from '../../core/order/lifecycle.ts';
import type { TimelineEvent } from '../../core/order/timeline.ts';
import type { Order } from '../../core/order/types.ts';
import { advanceDeviceState, type DeviceState } from '../../core/tracking/device-state.ts';
import type { Fix } from '../../core/tracking/fix.ts';
import type { RiskThresholds } from '../../core/tracking/risk-thresholds.ts';
import { trackOrder } from '../../core/tracking/track-order.ts';
import { type DropReason, validateFixes } from '../../core/tracking/validate-fixes.ts';
import type { NewOutboxEvent } from '../../store/repos/webhook-outbox.repo.ts';
import { fixKey, type TrackedOrderWrite } from '../../store/repos/ingest.repo.ts';
import type { Repos } from '../../store/store.ts';
import { applyBringgGeofence } from '../bringg/geofence-visits.ts';
import type { Deps } from '../deps.ts';
import { locationEvent, orderEvent } from '../live/live-events.ts';
import { saveChange } from '../orders/save-change.ts';
import { outboxEventsOf } from '../webhooks/outbox.ts';
import { assessOrder } from './assess-order.ts';
import { extendWindow, RECENT_LIMIT, RECENT_MS, type RecentFixWindows } from './recent-fix-windows.ts';

/** One request's fixes for one device, already authenticated. No fixes = a heartbeat. */
export interface IngestUnit {
  accountId: string;
  deviceId: string;
  fixes: readonly Fix[];
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  dropped: Partial<Record<DropReason, number>>;
}

interface Prepared {
  unit: IngestUnit;
  version: number;
  previous: DeviceState | null;
  /** Valid fixes, one per fix time (a second fix with the same time is a duplicate). */
  accepted: Fix[];
  duplicatesInRequest: number;
  dropped: IngestResult['dropped'];
  next: DeviceState;
  fresh: Fix[];
}

/**
 * Stores the fixes of several devices (one unit per device) and folds the new ones into every
 * order those devices are tracking, in ONE transaction: the group commits or rolls back as a
 * whole, and each step is one statement for the whole group (see IngestRepo). Per device the
 * semantics are those of a lone request: impossible fixes dropped with a counted reason, fixes
 * already stored for that device and time skipped, out-of-order fixes kept as history.
 */
export async function ingestBatch(deps: Deps, windows: RecentFixWindows, units: readonly IngestUnit[]): Promise<IngestResult[]> {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - RECENT_MS);
  const thresholds = new Map<string, RiskThresholds>();
  for (const accountId of new Set(units.map((u) => u.accountId))) thresholds.set(accountId, await deps.riskThresholds.get(accountId));

  const { prepared, windowsAfter } = await deps.store.transaction(async (repos) => {
    const locked = await repos.ingest.lockStates(units.map((u) => u.deviceId));
    const prepared = units.map((unit) => prepare(unit, locked.get(unit.deviceId) ?? null, now));
    const stored = await repos.ingest.storeFixes(
      prepared.flatMap((p) => p.accepted.map((fix) => ({ deviceId: p.unit.deviceId, fix }))),
      prepared.map((p) => p.next),
      now,
    );
    const live: object[] = [];
    for (const p of prepared) {
      p.fresh = p.accepted.filter((f) => stored.has(fixKey(p.unit.deviceId, f.recordedAt)));
      const last = p.next.lastFix;
      if (last && last !== p.previous?.lastFix && p.fresh.includes(last)) live.push(locationEvent(p.unit.accountId, p.unit.deviceId, last));
    }
    const moving = prepared.filter((p) => p.fresh.length > 0);
    const orders = await repos.ingest.lockTrackedOrders(moving.map((p) => p.unit.deviceId));
    const windowsAfter = new Map<string, Fix[]>();
    const writes: TrackedOrderWrite[] = [];
    const outbox: NewOutboxEvent[] = [];
    if (orders.length > 0) {
      const byDevice = groupByDevice(orders);
      const tracking = moving.filter((p) => byDevice.has(p.unit.deviceId));
      const misses: string[] = [];
      for (const p of tracking) {
        const cached = windows.get(p.unit.deviceId, p.version, since);
        if (cached) windowsAfter.set(p.unit.deviceId, extendWindow(cached, p.fresh, since));
        else misses.push(p.unit.deviceId);
      }
      // Read after the insert, so these windows already hold this batch's fixes.
      for (const [id, fixes] of await repos.ingest.recentFixes(misses, since, RECENT_LIMIT)) windowsAfter.set(id, fixes);

      for (const p of tracking) {
        const ctx = { now, device: p.next, recentFixes: windowsAfter.get(p.unit.deviceId)!, thresholds: thresholds.get(p.unit.accountId)! };
        for (const order of byDevice.get(p.unit.deviceId)!) {
          const done = await applyToOrder(deps, repos, order, p.fresh, ctx);
          if (!done || done.saved) continue;
          writes.push(done.write);
          outbox.push(...outboxEventsOf({ order: done.write.order, events: [...done.write.events, ...done.notifications] }));
          live.push(orderEvent(done.write.order));
        }
      }
    }
    await repos.ingest.finish({ orders: writes, outbox, live });
    return { prepared, windowsAfter };
  });

  // Only now that the group is committed may memory reflect it.
  for (const p of prepared) {
    const window = windowsAfter.get(p.unit.deviceId);
    if (window) windows.put(p.unit.deviceId, p.version + 1, since, window);
    else if (p.fresh.length === 0) windows.advance(p.unit.deviceId, p.version, p.version + 1);
    else windows.drop(p.unit.deviceId);
  }
  return prepared.map((p) => ({
    accepted: p.fresh.length,
    duplicates: p.accepted.length - p.fresh.length + p.duplicatesInRequest,
    dropped: p.dropped,
  }));
}

function prepare(unit: IngestUnit, locked: { state: DeviceState | null; historyVersion: number } | null, now: Date): Prepared {
  const previous = locked?.state ?? null;
  const { accepted: valid, dropped } = validateFixes(unit.fixes, previous?.lastFix ?? null, now);
  const accepted: Fix[] = [];
  const times = new Set<number>();
  for (const f of valid) {
    const t = f.recordedAt.getTime();
    if (times.has(t)) continue;
    times.add(t);
    accepted.push(f);
  }
  // A fix already stored is never newer than the state's last fix (both are written together),
  // so advancing over every accepted fix equals advancing over the fresh ones.
  const next = advanceDeviceState(previous, { deviceId: unit.deviceId, accountId: unit.accountId }, accepted, now);
  return {
    unit,
    version: locked?.historyVersion ?? 0,
    previous,
    accepted,
    duplicatesInRequest: valid.length - accepted.length,
    dropped,
    next,
    fresh: [],
  };
}

function groupByDevice(orders: readonly Order[]): Map<string, Order[]> {
  const out = new Map<string, Order[]>();
  for (const o of orders) {
    const list = out.get(o.deviceId!);
    if (list) list.push(o);
    else out.set(o.deviceId!, [o]);
  }
  return out;
}

type Applied =
  | { saved: true }
  | { saved: false; write: TrackedOrderWrite; notifications: TimelineEvent[] };

/** Fields a fix changes on an order; any other difference goes through the generic save. */
const TRACKING_FIELDS: ReadonlySet<keyof Order> = new Set(['tracking', 'updatedAt']);

/**
 * Folds fresh fixes into one order, then re-estimates its ETA and risks. A dispatched order
 * starts with the first fix its device sends after dispatch (pre_shift: tracking begins when the
 * driver does). The common outcome — only the tracking record moved — is returned for the
 * group's single batched write; a start or a geofence completion is saved here like any other
 * order change (those happen once per order).
 */
async function applyToOrder(
  deps: Deps,
  repos: Repos,
  order: Order,
  fresh: readonly Fix[],
  ctx: { now: Date; device: DeviceState; recentFixes: Fix[]; thresholds: RiskThresholds },
): Promise<Applied | null> {
  const since = order.startedAt ?? order.dispatchedAt ?? order.createdAt;
  const relevant = fresh.filter((f) => f.recordedAt >= since);
  if (relevant.length === 0) return null;
  const started = order.status === 'dispatched' ? startOrder(order, relevant[0]!.recordedAt) : { order, events: [] };
  const tracked = trackOrder(started.order, relevant);
  const assessed = await assessOrder(tracked.order, { ...ctx, routing: deps.routing });
  // A Bringg task checks its way points in and out by geofence; leaving one completes that stop.
  const checkout = await applyBringgGeofence(repos, assessed.order, tracked.events);
  const next = { ...(checkout?.order ?? assessed.order), updatedAt: ctx.now };
  const events = [...started.events, ...tracked.events, ...(checkout?.events ?? [])];
  if (started.events.length === 0 && !checkout && onlyTrackingChanged(order, next)) {
    return { saved: false, write: { order: next, events }, notifications: assessed.notifications };
  }
  await saveChange(repos, { order: next, events }, { notifications: assessed.notifications });
  return { saved: true };
}

function onlyTrackingChanged(before: Order, after: Order): boolean {
  for (const key of Object.keys(after) as (keyof Order)[]) {
    if (!TRACKING_FIELDS.has(key) && after[key] !== before[key]) return false;
  }
  return true;
}
