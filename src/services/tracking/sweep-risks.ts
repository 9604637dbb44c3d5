import type { Deps } from '../deps.ts';
import { saveChange } from '../orders/save-change.ts';
import { assessOrder } from './assess-order.ts';
import { RECENT_LIMIT, RECENT_MS } from './recent-fix-windows.ts';

const BATCH = 200;

/**
 * Re-evaluates every ongoing order without waiting for a fix: a phone that went silent must turn
 * `is_offline` red, and the clock alone makes an order late. Orders are taken in locked batches
 * with SKIP LOCKED, so several servers on one PostgreSQL share the sweep without evaluating an
 * order twice at once. Only orders whose risks or ETA news changed are written.
 */
export async function sweepRisks(deps: Deps): Promise<{ evaluated: number; changed: number }> {
  let after: string | null = null;
  let evaluated = 0;
  let changed = 0;
  await deps.riskThresholds.ready();
  for (;;) {
    const now = deps.clock.now();
    const batch = await deps.store.transaction(async (repos) => {
      const orders = await repos.orders.lockOngoingBatch(after, BATCH);
      for (const order of orders) {
        const device = order.deviceId ? await repos.deviceStates.find(order.deviceId) : null;
        const recentFixes = order.deviceId ? await repos.locations.recent(order.deviceId, new Date(now.getTime() - RECENT_MS), RECENT_LIMIT) : [];
        const thresholds = await deps.riskThresholds.get(order.accountId, repos);
        const assessed = await assessOrder(order, { now, device, recentFixes, routing: deps.routing, thresholds });
        const risksMoved = JSON.stringify(assessed.order.tracking.risks) !== JSON.stringify(order.tracking.risks);
        if (!risksMoved && assessed.notifications.length === 0) continue;
        changed++;
        await saveChange(repos, { order: { ...assessed.order, updatedAt: now }, events: [] }, { notifications: assessed.notifications });
      }
      return orders;
    });
    evaluated += batch.length;
    if (batch.length < BATCH) return { evaluated, changed };
    after = batch.at(-1)!.id;
  }
}
