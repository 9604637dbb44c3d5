import type { Order } from '../../core/order/types.ts';
import { deviceStatusFromRisks } from '../../core/tracking/device-news.ts';
import type { Fix } from '../../core/tracking/fix.ts';
import type { RiskThresholds } from '../../core/tracking/risk-thresholds.ts';
import type { SweepOutcome, SweptOrder } from '../../store/repos/risk-sweep.repo.ts';
import type { Deps } from '../deps.ts';
import { orderEvent } from '../live/live-events.ts';
import type { NewOutboxEvent } from '../../store/repos/webhook-outbox.repo.ts';
import { outboxEventsOf } from '../webhooks/outbox.ts';
import { streamEvent } from '../webhooks/streams.ts';
import { assessOrder } from './assess-order.ts';
import { RECENT_LIMIT, RECENT_MS } from './recent-fix-windows.ts';

/** Orders claimed, read and written per round (three statements). */
const BATCH = 500;
/** Orders assessed between two turns of the event loop: a round must not hold up requests. */
const YIELD_EVERY = 25;
/** A claim not finished by then (its process died) is taken again by any sweep. */
const LEASE_MS = 120_000;

export interface SweepResult {
  /** Orders whose check was due and that were assessed. */
  evaluated: number;
  /** Of those, orders whose risks or ETA news moved and were written. */
  changed: number;
  /** Orders that changed meanwhile (a fix, an order change): checked again at the next sweep. */
  stale: number;
}

/**
 * Re-evaluates the ongoing orders whose risks or ETA news may have moved without a fix: a phone
 * that went silent must turn `is_offline` red, and the clock alone makes an order late. Only
 * orders whose check is due are touched (`risk_checks.due_at`, written with every assessment:
 * see `nextRiskCheckAt`), so an order whose device reports normally costs nothing here. Each
 * round claims a batch in a statement of its own (SKIP LOCKED, due time moved to a lease), so
 * several servers share the work without doing it twice; reads take no locks; and the write is
 * ONE statement that applies each change only if its order is still at the version read, the way
 * ingest's single statement does, skipping rows a writer holds. The sweep therefore never holds
 * an order lock across a round trip, and ingest never waits for it beyond one statement.
 */
export async function sweepRisks(deps: Deps): Promise<SweepResult> {
  const started = performance.now();
  const result: SweepResult = { evaluated: 0, changed: 0, stale: 0 };
  await deps.riskThresholds.ready();
  const tickNow = deps.clock.now();
  // The next round is claimed and read while this one is assessed: the store's round trips
  // overlap with the CPU work.
  let next: Promise<Claimed> | null = claimRound(deps, tickNow);
  while (next) {
    const round: Claimed = await next;
    if (round.claimed.length === 0) break;
    next = round.claimed.length === BATCH ? claimRound(deps, tickNow) : null;
    // Awaited in the next turn; until then a failure must not count as unhandled.
    next?.catch(() => {});
    const done = await assessRound(deps, round);
    result.evaluated += done.evaluated;
    result.changed += done.changed;
    result.stale += done.stale;
  }
  deps.metrics.observeSweep((performance.now() - started) / 1000, {
    unchanged: result.evaluated - result.changed - result.stale,
    written: result.changed,
    stale: result.stale,
  });
  return result;
}

interface Claimed {
  claimed: string[];
  lease: string;
  loaded: SweptOrder[];
  windows: Map<string, readonly Fix[]>;
}

/** Claims a batch of due orders and reads them, with their devices' recent fixes. */
async function claimRound(deps: Deps, tickNow: Date): Promise<Claimed> {
  const lease = leaseToken(tickNow.getTime() + LEASE_MS);
  const claimed = await deps.store.repos.riskSweep.claimDue(tickNow, lease, BATCH);
  if (claimed.length === 0) return { claimed, lease, loaded: [], windows: new Map() };
  const since = new Date(deps.clock.now().getTime() - RECENT_MS);
  const loaded = await deps.store.repos.riskSweep.load(claimed);
  const windows = new Map<string, readonly Fix[]>();
  const misses: string[] = [];
  for (const { order, historyVersion } of loaded) {
    const id = order.deviceId;
    if (!id || windows.has(id)) continue;
    const cached = deps.ingest.caches.windows.get(id, historyVersion, since);
    if (cached) windows.set(id, cached);
    else misses.push(id);
  }
  if (misses.length > 0) for (const [id, fixes] of await deps.store.repos.ingest.recentFixes(misses, since, RECENT_LIMIT)) windows.set(id, fixes);
  return { claimed, lease, loaded, windows };
}

/** Assesses a claimed batch and writes what moved, and every claim's next due time, in one statement. */
async function assessRound(deps: Deps, { claimed, lease, loaded, windows }: Claimed): Promise<SweepResult> {
  const now = deps.clock.now();
  const outcomes: SweepOutcome[] = [];
  const seen = new Set<string>();
  const thresholdsOf = new Map<string, RiskThresholds>();
  /** Devices whose status this round already announces (a device tracking several orders). */
  const announced = new Set<string>();
  for (const [n, { order, version, device }] of loaded.entries()) {
    if (n > 0 && n % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    seen.add(order.id);
    let thresholds = thresholdsOf.get(order.accountId);
    if (!thresholds) thresholdsOf.set(order.accountId, (thresholds = await deps.riskThresholds.get(order.accountId)));
    const recentFixes = (order.deviceId && windows.get(order.deviceId)) || [];
    const assessed = assessOrder(order, { now, device, recentFixes, eta: deps.eta, thresholds });
    const risksMoved = JSON.stringify(assessed.order.tracking.risks) !== JSON.stringify(order.tracking.risks);
    if (!risksMoved && assessed.notifications.length === 0) {
      outcomes.push({ orderId: order.id, write: null, dueAt: assessed.riskDueAt });
      continue;
    }
    const next = { ...assessed.order, updatedAt: now };
    const status = deviceStatusEvent(order, next, now, announced);
    outcomes.push({
      orderId: order.id,
      dueAt: assessed.riskDueAt,
      write: {
        order: next,
        events: [],
        riskDueAt: assessed.riskDueAt,
        version,
        outbox: [...outboxEventsOf({ order: next, events: assessed.notifications }), ...status],
        live: orderEvent(next),
      },
    });
  }
  // Claimed but no longer ongoing: nothing to watch (its trigger normally removed the claim already).
  for (const id of claimed) if (!seen.has(id)) outcomes.push({ orderId: id, write: null, dueAt: null });

  const saved = await deps.store.repos.riskSweep.finish(outcomes, lease, new Date(now.getTime() + 1));
  const wanted = outcomes.filter((o) => o.write).length;
  return { evaluated: loaded.length, changed: saved.size, stale: wanted - saved.size };
}

/**
 * The device's `device_status` webhook (reference §8) when its order's re-assessment shows it
 * went silent (`disconnected`) or talks without locations (`inactive`): the sweep is where
 * silence is noticed, since no fix arrives. Written with the order's change, so a stale write
 * sends nothing; once per device and round.
 */
function deviceStatusEvent(before: Order, after: Order, now: Date, announced: Set<string>): NewOutboxEvent[] {
  const status = deviceStatusFromRisks(before.tracking.risks, after.tracking.risks);
  const deviceId = after.deviceId;
  if (!status || !deviceId || announced.has(deviceId)) return [];
  announced.add(deviceId);
  return [
    streamEvent({
      accountId: after.accountId,
      stream: 'device_status',
      owner: 'device',
      key: deviceId,
      deviceId,
      workerHandle: after.workerHandle,
      items: [{ recorded_at: now.toISOString(), data: { ...status } }],
      createdAt: now,
    }),
  ];
}

/**
 * The lease instant with random microseconds: a claim is finished only where the due time is
 * still this exact value, which no ingest write (milliseconds) or other claim produces.
 */
function leaseToken(ms: number): string {
  const micros = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  return new Date(ms).toISOString().replace('Z', `${micros}Z`);
}
